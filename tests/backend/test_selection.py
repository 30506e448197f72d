"""Backend selection: env var, then lamina.json, then the first installed engine."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import lamina

PYTHON = sys.executable
# These tests start their own interpreters, each with the backend it names, so what they check
# does not depend on the backend of this run: one run (numpy's, the shortest) covers them all.
in_one_run = pytest.mark.skipif(
    os.environ.get("LAMINA_BACKEND", "numpy") != "numpy",
    reason="starts its own interpreters per backend; the numpy run covers it for all backends",
)


def _run(code: str, env_update: dict[str, str | None], tmp_path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["LAMINA_HOME"] = str(tmp_path)
    for key, value in env_update.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [PYTHON, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_active_backend_is_the_requested_one():
    requested = os.environ.get("LAMINA_BACKEND")
    if requested:
        assert lamina.backend.backend() == requested
    assert lamina.config.backend() == lamina.backend.backend()


@in_one_run
def test_unknown_backend_is_a_clear_error(tmp_path):
    result = _run("import lamina", {"LAMINA_BACKEND": "theano"}, tmp_path)
    assert result.returncode != 0
    assert "Unknown lamina backend 'theano'" in result.stderr
    assert "torch, jax, numpy" in result.stderr


@in_one_run
def test_config_file_chooses_backend_when_env_is_unset(tmp_path):
    (tmp_path / "lamina.json").write_text(json.dumps({"backend": "numpy", "floatx": "float64"}))
    code = "import lamina; print(lamina.backend.backend(), lamina.config.floatx())"
    result = _run(code, {"LAMINA_BACKEND": None}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["numpy", "float64"]


@in_one_run
def test_env_var_wins_over_config_file(tmp_path):
    (tmp_path / "lamina.json").write_text(json.dumps({"backend": "jax"}))
    result = _run(
        "import lamina; print(lamina.backend.backend())", {"LAMINA_BACKEND": "numpy"}, tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "numpy"


@in_one_run
def test_first_installed_engine_is_the_default(tmp_path):
    result = _run(
        "import lamina; print(lamina.backend.backend())", {"LAMINA_BACKEND": None}, tmp_path
    )
    assert result.returncode == 0, result.stderr
    import importlib.util

    expected = next(
        (name for name in ("torch", "jax") if importlib.util.find_spec(name) is not None), "numpy"
    )
    assert result.stdout.strip() == expected


@in_one_run
@pytest.mark.parametrize("name", ["numpy", "torch", "jax"])
def test_importing_lamina_imports_only_the_chosen_engine(name, tmp_path):
    code = (
        "import sys, lamina\n"
        "print(sorted(m for m in ('torch', 'jax', 'tensorflow') if m in sys.modules))"
    )
    result = _run(code, {"LAMINA_BACKEND": name}, tmp_path)
    assert result.returncode == 0, result.stderr
    expected = [] if name == "numpy" else [name]
    assert result.stdout.strip() == str(expected)
