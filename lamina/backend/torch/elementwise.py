"""Torch backend: element-wise arithmetic, comparison, logical, rounding and trigonometric ops."""

from __future__ import annotations

from typing import Any

import torch

from lamina.backend.common.config import floatx
from lamina.backend.torch.core import convert_to_tensor, promote, to_engine_dtype


def _float(x: Any) -> torch.Tensor:
    x = convert_to_tensor(x)
    return x if x.is_floating_point() else x.to(to_engine_dtype(floatx()))


def add(x1: Any, x2: Any) -> torch.Tensor:
    x1, x2 = promote(x1, x2)
    return torch.add(x1, x2)


def exp(x: Any) -> torch.Tensor:
    return torch.exp(_float(x))


def multiply(x1: Any, x2: Any) -> torch.Tensor:
    x1, x2 = promote(x1, x2)
    return torch.multiply(x1, x2)
