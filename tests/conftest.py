"""Shared fixtures: the active backend's name, fixed seeds, a private LAMINA_HOME."""

from __future__ import annotations

import os
import random
import tempfile
import zlib

import numpy as np
import pytest

# The user's own ~/.lamina/lamina.json must not change what the tests see.
os.environ["LAMINA_HOME"] = tempfile.mkdtemp(prefix="lamina-home-")
os.environ.setdefault(
    "TORCHINDUCTOR_CACHE_DIR",
    os.path.join(os.path.dirname(__file__), "..", ".cache", "torchinductor"),
)

import lamina  # noqa: E402

BACKEND = lamina.backend.backend()


@pytest.fixture(autouse=True)
def _fixed_seeds(request: pytest.FixtureRequest) -> None:
    """Seeds every test by its own id, so its data never depends on which tests ran before it
    (pytest-xdist spreads tests over workers differently from run to run)."""
    seed = zlib.crc32(request.node.nodeid.encode())
    random.seed(seed)
    np.random.seed(seed)
    module = getattr(request, "module", None)
    if isinstance(getattr(module, "RNG", None), np.random.Generator):
        module.RNG = np.random.default_rng(seed)  # type: ignore[union-attr]


@pytest.fixture
def backend_name() -> str:
    return BACKEND


def pytest_report_header(config: pytest.Config) -> str:
    return f"lamina backend: {BACKEND}"
