"""Torch backend: reductions."""

from __future__ import annotations

from typing import Any

import torch

from lamina.backend.torch.core import convert_to_tensor

_SUM_UPCAST = {
    torch.bool: torch.int32,
    torch.int8: torch.int32,
    torch.int16: torch.int32,
    torch.uint8: torch.uint32,
    torch.uint16: torch.uint32,
}


def _dims(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, (list, tuple)) else axis


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> torch.Tensor:  # noqa: A001
    x = convert_to_tensor(x)
    dtype = _SUM_UPCAST.get(x.dtype)
    if dtype is torch.uint32:
        # torch has no uint32 sum kernel on CPU: sum in int64, then narrow.
        return torch.sum(x.to(torch.int64), dim=_dims(axis), keepdim=keepdims).to(dtype)
    if axis is None:
        result = torch.sum(x, dtype=dtype)
        return result.reshape((1,) * x.ndim) if keepdims else result
    if isinstance(axis, (list, tuple)) and len(axis) == 0:
        return x if dtype is None else x.to(dtype)
    return torch.sum(x, dim=_dims(axis), keepdim=keepdims, dtype=dtype)
