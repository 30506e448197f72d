"""Torch backend: shape manipulation, joining, splitting, tiling and padding."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from lamina.backend.torch.core import convert_to_tensor, promote

# Kinds torch's pad and repeat kernels lack on CPU: computed in int64, then narrowed.
_WIDE_UNSIGNED = (torch.uint16, torch.uint32, torch.uint64)
# NumPy's pad mode names, as index maps (np.pad of an arange) for torch.index_select.
_INDEX_MODES = ("edge", "reflect", "symmetric", "wrap")


def _dims(x: torch.Tensor, axis: Any) -> tuple[int, ...]:
    if axis is None:
        return tuple(range(x.ndim))
    axes = axis if isinstance(axis, (list, tuple)) else (axis,)
    ndim = max(x.ndim, 1)
    if not all(-ndim <= a < ndim for a in axes):
        raise IndexError(f"axis {axis} is out of range for rank {x.ndim}")
    return tuple(a % ndim for a in axes)


def reshape(x: Any, newshape: Any) -> torch.Tensor:
    shape = (newshape,) if isinstance(newshape, int) else tuple(newshape)
    return torch.reshape(convert_to_tensor(x), shape)


def transpose(x: Any, axes: Any = None) -> torch.Tensor:
    x = convert_to_tensor(x)
    if axes is None:
        axes = range(x.ndim - 1, -1, -1)
    return x.permute(*axes)


def moveaxis(x: Any, source: Any, destination: Any) -> torch.Tensor:
    return torch.movedim(convert_to_tensor(x), source, destination)


def swapaxes(x: Any, axis1: int, axis2: int) -> torch.Tensor:
    return torch.swapaxes(convert_to_tensor(x), axis1, axis2)


def expand_dims(x: Any, axis: Any) -> torch.Tensor:
    x = convert_to_tensor(x)
    axes = tuple(axis) if isinstance(axis, (list, tuple)) else (axis,)
    ndim = x.ndim + len(axes)
    for a in sorted(a % ndim for a in axes):
        x = torch.unsqueeze(x, a)
    return x


def squeeze(x: Any, axis: Any = None) -> torch.Tensor:
    x = convert_to_tensor(x)
    if axis is None:
        return torch.squeeze(x)
    dims = _dims(x, axis)
    if any(x.shape[d] != 1 for d in dims):
        raise ValueError("cannot squeeze an axis whose size is not 1")
    return torch.squeeze(x, dims)


def broadcast_to(x: Any, shape: tuple[int, ...]) -> torch.Tensor:
    return torch.broadcast_to(convert_to_tensor(x), shape)


def ravel(x: Any) -> torch.Tensor:
    return torch.reshape(convert_to_tensor(x), (-1,))


def flip(x: Any, axis: Any = None) -> torch.Tensor:
    x = convert_to_tensor(x)
    return torch.flip(x, _dims(x, axis))


def roll(x: Any, shift: Any, axis: Any = None) -> torch.Tensor:
    x = convert_to_tensor(x)
    if axis is None:
        return torch.roll(x, shift)
    shifts = tuple(shift) if isinstance(shift, (list, tuple)) else (shift,)
    dims = tuple(axis) if isinstance(axis, (list, tuple)) else (axis,)
    if len(shifts) == 1 and len(dims) > 1:
        shifts = shifts * len(dims)
    return torch.roll(x, shifts, dims)


def copy(x: Any) -> torch.Tensor:
    return torch.clone(convert_to_tensor(x))


def concatenate(xs: Any, axis: int = 0) -> torch.Tensor:
    return torch.cat(promote(*xs), dim=axis)


def stack(x: Any, axis: int = 0) -> torch.Tensor:
    return torch.stack(promote(*x), dim=axis)


def hstack(xs: Any) -> torch.Tensor:
    return torch.hstack(promote(*xs))


def vstack(xs: Any) -> torch.Tensor:
    return torch.vstack(promote(*xs))


def split(x: Any, indices_or_sections: Any, axis: int = 0) -> list[torch.Tensor]:
    x = convert_to_tensor(x)
    if isinstance(indices_or_sections, int) and x.shape[axis] % indices_or_sections:
        raise ValueError("the axis size is not a multiple of the number of sections")
    return array_split(x, indices_or_sections, axis)


def array_split(x: Any, indices_or_sections: Any, axis: int = 0) -> list[torch.Tensor]:
    x = convert_to_tensor(x)
    if not isinstance(indices_or_sections, int):
        indices_or_sections = [int(i) for i in indices_or_sections]
    return list(torch.tensor_split(x, indices_or_sections, dim=axis))


def tile(x: Any, repeats: Any) -> torch.Tensor:
    reps = (repeats,) if isinstance(repeats, int) else tuple(repeats)
    return torch.tile(convert_to_tensor(x), reps)


def repeat(x: Any, repeats: Any, axis: Any = None) -> torch.Tensor:
    x = convert_to_tensor(x)
    dtype = x.dtype
    if dtype in _WIDE_UNSIGNED:
        x = x.to(torch.int64)
    if not isinstance(repeats, int):
        repeats = convert_to_tensor(repeats, "int64").reshape(-1)
        if repeats.numel() == 1:
            repeats = int(repeats[0])
    return torch.repeat_interleave(x, repeats, dim=axis).to(dtype)


def pad(
    x: Any, pad_width: Any, mode: str = "constant", constant_values: Any = None
) -> torch.Tensor:
    x = convert_to_tensor(x)
    widths = np.broadcast_to(np.asarray(pad_width, dtype=np.int64), (x.ndim, 2)).tolist()
    if any(w < 0 for pair in widths for w in pair):
        raise ValueError("pad widths must be >= 0")  # torch would crop instead.
    if mode in _INDEX_MODES:
        for axis, (before, after) in enumerate(widths):
            if before or after:
                index = np.pad(np.arange(x.shape[axis]), (before, after), mode=mode)  # type: ignore[call-overload]
                x = torch.index_select(x, axis, torch.as_tensor(index, device=x.device))
        return x
    dtype = x.dtype
    if dtype in _WIDE_UNSIGNED or dtype is torch.bool:
        x = x.to(torch.int64)
    flat = [w for pair in reversed(widths) for w in pair]
    value = 0 if constant_values is None else constant_values
    return torch.nn.functional.pad(x, flat, mode="constant", value=value).to(dtype)
