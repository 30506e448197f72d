"""The shape `x[key]` has under NumPy's indexing rules, for `get_item`'s spec.

Handles ints, slices, None, Ellipsis, integer arrays/tensors (advanced indices, which broadcast
together and land where the first one stands when they are adjacent, else in front) and boolean
masks (their result length is known only for concrete masks).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lamina import backend
from lamina.backend.common import dtypes
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.backend.common.variables import Variable
from lamina.ops.shape_inference import Shape, broadcast_shapes

_INT = "int"
_SLICE = "slice"
_NEW_AXIS = "newaxis"
_ELLIPSIS = "ellipsis"
_ARRAY = "array"
_MASK = "mask"


def indexed_shape(shape: Shape, key: Any) -> Shape:
    """Returns the shape of `x[key]` for an `x` of `shape` (None for unknown dims)."""
    entries = [_classify(entry) for entry in (key if isinstance(key, tuple) else (key,))]
    used = sum(_axes_used(kind, data) for kind, data in entries)
    if sum(kind == _ELLIPSIS for kind, _ in entries) > 1:
        raise ValueError("get_item: an index can hold at most one Ellipsis (...).")
    if used > len(shape):
        raise ValueError(
            f"get_item: too many indices for an input of shape {tuple(shape)}: the key "
            f"{key!r} indexes {used} axes."
        )
    if not any(kind == _ELLIPSIS for kind, _ in entries):
        entries.append((_ELLIPSIS, None))
    has_arrays = any(kind in (_ARRAY, _MASK) for kind, _ in entries)
    result: list[int | None] = []
    advanced: list[Shape] = []
    advanced_positions: list[int] = []
    insert_at = 0
    axis = 0
    for position, (kind, data) in enumerate(entries):
        if kind == _NEW_AXIS:
            result.append(1)
            continue
        if kind == _ELLIPSIS:
            skipped = len(shape) - used
            result.extend(shape[axis : axis + skipped])
            axis += skipped
            continue
        if kind == _SLICE:
            result.append(_slice_length(data, shape[axis]))
            axis += 1
            continue
        if not advanced:
            insert_at = len(result)
        if kind == _INT:
            _check_bounds(data, axis, shape[axis])
            if has_arrays:  # NumPy counts ints among the advanced indices then.
                advanced.append(())
                advanced_positions.append(position)
            axis += 1
        elif kind == _ARRAY:
            advanced.append(data)
            advanced_positions.append(position)
            axis += 1
        else:
            mask_shape, count = data
            _check_mask(mask_shape, shape[axis : axis + len(mask_shape)], shape)
            advanced.append((count,))
            advanced_positions.append(position)
            axis += len(mask_shape)
    if not advanced:
        return tuple(result)
    gathered = broadcast_shapes("get_item", *advanced)
    adjacent = advanced_positions[-1] - advanced_positions[0] == len(advanced_positions) - 1
    if adjacent:
        return (*result[:insert_at], *gathered, *result[insert_at:])
    return (*gathered, *result)


def _classify(entry: Any) -> tuple[str, Any]:
    if entry is None:
        return _NEW_AXIS, None
    if entry is Ellipsis:
        return _ELLIPSIS, None
    if isinstance(entry, slice):
        return _SLICE, entry
    if isinstance(entry, bool):
        raise TypeError(f"get_item: a bare bool key ({entry}) is not supported; use a mask.")
    if isinstance(entry, (int, np.integer)):
        return _INT, int(entry)
    if isinstance(entry, Variable):
        entry = entry.value
    if isinstance(entry, SymbolicTensor):
        if entry.dtype == "bool":
            return _MASK, (entry.shape, None)
        _check_int_key(entry.dtype)
        return _ARRAY, entry.shape
    if isinstance(entry, (list, np.ndarray)) or backend.core.is_tensor(entry):
        array = np.asarray(backend.core.convert_to_numpy(entry))
        if array.dtype == np.bool_:
            return _MASK, (array.shape, int(np.count_nonzero(array)))
        _check_int_key(dtypes.standardize_dtype(array.dtype) if array.size else "int32")
        return _ARRAY, array.shape
    raise TypeError(
        f"get_item: unsupported key entry {entry!r} of type {type(entry).__name__}; expected "
        "an int, slice, None, Ellipsis, an integer array or tensor, or a boolean mask."
    )


def _check_int_key(dtype: str) -> None:
    if dtype not in dtypes.INT_TYPES:
        raise TypeError(f"get_item: array indices must be integers or bools, received {dtype}.")


def _axes_used(kind: str, data: Any) -> int:
    if kind in (_INT, _SLICE, _ARRAY):
        return 1
    if kind == _MASK:
        return len(data[0])
    return 0


def _slice_length(key: slice, dim: int | None) -> int | None:
    if key.step == 0:
        raise ValueError("get_item: a slice step cannot be zero.")
    if dim is None:
        return None
    return len(range(*key.indices(dim)))


def _check_bounds(index: int, axis: int, dim: int | None) -> None:
    if dim is not None and not -dim <= index < dim:
        raise ValueError(f"get_item: index {index} is out of bounds for axis {axis} of size {dim}.")


def _check_mask(mask_shape: Shape, dims: Shape, shape: Shape) -> None:
    for m, d in zip(mask_shape, dims):
        if m is not None and d is not None and m != d:
            raise ValueError(
                f"get_item: a boolean mask of shape {tuple(mask_shape)} does not match the "
                f"input of shape {tuple(shape)} where it is applied."
            )
