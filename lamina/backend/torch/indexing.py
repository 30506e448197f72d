"""Torch backend: gathers, selection, sorting and `x[key]`."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from lamina.backend.common.variables import Variable
from lamina.backend.torch.core import convert_to_tensor, promote

# torch lacks CPU sort kernels for these, and reads uint8 index tensors as masks.
_WIDE_UNSIGNED = (torch.uint16, torch.uint32, torch.uint64)
_UNSIGNED = (torch.uint8, *_WIDE_UNSIGNED)


def _bool(x: Any) -> torch.Tensor:
    x = convert_to_tensor(x)
    if x.dtype is torch.bool:
        return x
    return (x.to(torch.int64) if x.dtype in _WIDE_UNSIGNED else x) != 0


def _indices(indices: Any, size: int) -> torch.Tensor:
    # torch's gathers reject negative indices; NumPy's count them from the end.
    indices = convert_to_tensor(indices).to(torch.int64)
    return torch.where(indices < 0, indices + size, indices)


def take(x: Any, indices: Any, axis: Any = None) -> torch.Tensor:
    x = convert_to_tensor(x)
    if axis is None:
        x = x.reshape(-1)
        axis = 0
    axis = axis % x.ndim
    indices = _indices(indices, x.shape[axis])
    gathered = torch.index_select(x, axis, indices.reshape(-1))
    return gathered.reshape((*x.shape[:axis], *indices.shape, *x.shape[axis + 1 :]))


def take_along_axis(x: Any, indices: Any, axis: Any = None) -> torch.Tensor:
    x = convert_to_tensor(x)
    if axis is None:
        x = x.reshape(-1)
        axis = 0
    return torch.take_along_dim(x, _indices(indices, x.shape[axis]), dim=axis)


def where(condition: Any, x1: Any = None, x2: Any = None) -> torch.Tensor:
    x1, x2 = promote(x1, x2)
    return torch.where(_bool(condition), x1, x2)


def select(condlist: Any, choicelist: Any, default: Any = 0) -> torch.Tensor:
    *choices, result = promote(*choicelist, default)
    for condition, choice in zip(reversed(condlist), reversed(choices)):
        result = torch.where(_bool(condition), choice, result)
    shape = torch.broadcast_shapes(*(convert_to_tensor(c).shape for c in condlist), result.shape)
    return torch.broadcast_to(result, shape)


def _sortable(x: Any) -> tuple[torch.Tensor, torch.dtype]:
    x = convert_to_tensor(x)
    dtype = x.dtype
    if dtype in _WIDE_UNSIGNED or dtype is torch.bool:
        x = x.to(torch.int64)
    return x, dtype


def sort(x: Any, axis: Any = -1) -> torch.Tensor:
    x, dtype = _sortable(x)
    if axis is None:
        x = x.reshape(-1)
        axis = 0
    return torch.sort(x, dim=axis, stable=True).values.to(dtype)


def argsort(x: Any, axis: Any = -1) -> torch.Tensor:
    x, _ = _sortable(x)
    if axis is None:
        x = x.reshape(-1)
        axis = 0
    return torch.argsort(x, dim=axis, stable=True).to(torch.int32)


def searchsorted(sorted_sequence: Any, values: Any, side: str = "left") -> torch.Tensor:
    sorted_sequence, values = promote(sorted_sequence, values)
    if sorted_sequence.dtype in _WIDE_UNSIGNED or sorted_sequence.dtype is torch.bool:
        sorted_sequence, values = sorted_sequence.to(torch.int64), values.to(torch.int64)
    return torch.searchsorted(sorted_sequence, values, right=side == "right", out_int32=True)


def _key_entry(entry: Any, device: torch.device) -> Any:
    if isinstance(entry, Variable):
        entry = entry.value
    if isinstance(entry, (list, np.ndarray)):
        array = np.asarray(entry)
        if array.dtype != np.bool_:
            array = array.astype(np.int64)
        return torch.as_tensor(array, device=device)
    if isinstance(entry, torch.Tensor) and entry.dtype in _UNSIGNED:
        return entry.to(torch.int64)
    if isinstance(entry, np.integer):
        return int(entry)
    return entry


def get_item(x: Any, key: Any) -> torch.Tensor:
    x = convert_to_tensor(x)
    entries = key if isinstance(key, tuple) else (key,)
    entries = tuple(_key_entry(entry, x.device) for entry in entries)
    if any(isinstance(e, torch.Tensor) and e.ndim for e in entries):
        # torch reads ints as basic indices, NumPy as advanced ones that broadcast with the
        # arrays (which moves the gathered axes to the front when they are not adjacent).
        entries = tuple(_int_as_array(e, x.device) for e in entries)
    if any(isinstance(e, slice) and e.step is not None and e.step < 0 for e in entries):
        x, entries = _flip_negative_steps(x, entries)
    return x[entries if isinstance(key, tuple) or len(entries) != 1 else entries[0]]


def _int_as_array(entry: Any, device: torch.device) -> Any:
    if isinstance(entry, int) and not isinstance(entry, bool):
        return torch.tensor([entry], device=device)
    if isinstance(entry, torch.Tensor) and entry.ndim == 0 and entry.dtype is not torch.bool:
        return entry.reshape(1)
    return entry


def _flip_negative_steps(x: torch.Tensor, entries: tuple) -> tuple[torch.Tensor, tuple]:
    # torch slices only step forwards: flip the axis, then walk it forwards.
    used = sum(_axes_used(e) for e in entries)
    axis = 0
    result = []
    for entry in entries:
        if entry is Ellipsis:
            axis += x.ndim - used
        elif isinstance(entry, slice) and entry.step is not None and entry.step < 0:
            size = x.shape[axis]
            start, _, step = entry.indices(size)
            length = len(range(*entry.indices(size)))
            x = torch.flip(x, (axis,))
            first = size - 1 - start
            entry = slice(first, first + (length - 1) * -step + 1, -step) if length else slice(0, 0)
        axis += _axes_used(entry) if entry is not Ellipsis else 0
        result.append(entry)
    return x, tuple(result)


def _axes_used(entry: Any) -> int:
    if entry is None or entry is Ellipsis:
        return 0
    if isinstance(entry, torch.Tensor) and entry.dtype is torch.bool:
        return entry.ndim
    return 1
