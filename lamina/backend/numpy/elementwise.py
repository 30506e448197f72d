"""NumPy backend: element-wise arithmetic, comparison, logical, rounding and trigonometric ops."""

from __future__ import annotations

from typing import Any

import numpy as np

from lamina.backend.common.config import floatx
from lamina.backend.numpy.core import convert_to_tensor, promote


def _float(x: Any) -> np.ndarray:
    x = convert_to_tensor(x)
    return x if x.dtype.kind == "f" or x.dtype.name == "bfloat16" else x.astype(floatx())


def add(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = promote(x1, x2)
    return np.add(x1, x2)


def exp(x: Any) -> np.ndarray:
    return np.exp(_float(x))


def multiply(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = promote(x1, x2)
    return np.multiply(x1, x2)
