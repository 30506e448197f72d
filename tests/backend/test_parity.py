"""Every backend folder provides the same modules, and each module the same public names."""

from __future__ import annotations

import pathlib

import pytest

import lamina

ROOT = pathlib.Path(lamina.__file__).parent / "backend"
BACKENDS = lamina.backend.AVAILABLE_BACKENDS


def _names(backend: str, module: str) -> set[str]:
    source = (ROOT / backend / f"{module}.py").read_text()
    import ast

    tree = ast.parse(source)
    return {
        node.name
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_")
    }


def test_backend_folders_hold_the_same_modules():
    for backend in BACKENDS:
        files = {p.stem for p in (ROOT / backend).glob("*.py")} - {"__init__"}
        assert files == set(lamina.backend.BACKEND_MODULES), backend


@pytest.mark.parametrize("module", [m for m in lamina.backend.BACKEND_MODULES if m != "numpy"])
def test_backend_modules_define_the_same_functions(module):
    reference = _names("numpy", module)
    for backend in BACKENDS:
        names = _names(backend, module)
        assert names == reference, (
            f"{backend}/{module}.py differs from numpy/{module}.py: "
            f"missing {sorted(reference - names)}, extra {sorted(names - reference)}"
        )
