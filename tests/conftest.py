"""Shared fixtures: the active backend's name, fixed seeds, a private LAMINA_HOME."""

from __future__ import annotations

import os
import random

import numpy as np
import pytest

os.environ.setdefault(
    "TORCHINDUCTOR_CACHE_DIR",
    os.path.join(os.path.dirname(__file__), "..", ".cache", "torchinductor"),
)

import lamina  # noqa: E402

BACKEND = lamina.backend.backend()


@pytest.fixture(autouse=True)
def _fixed_seeds() -> None:
    random.seed(0)
    np.random.seed(0)


@pytest.fixture
def backend_name() -> str:
    return BACKEND


def pytest_report_header(config: pytest.Config) -> str:
    return f"lamina backend: {BACKEND}"
