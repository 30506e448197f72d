"""Indexing: take, take_along_axis, where, select, sort, argsort, searchsorted, get_item."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from lamina import backend
from lamina.backend.common import dtypes
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.ops.indexing_shapes import indexed_shape
from lamina.ops.operation import lamina_op
from lamina.ops.shape_inference import (
    broadcast_shapes,
    dtype_of,
    normalize_axis,
    shape_of,
    spec,
)
from lamina.typing import Tensor

_b = backend.indexing


def _check_int_indices(op_name: str, indices: Any) -> None:
    dtype = dtypes.standardize_dtype(dtype_of(indices, weak=False))
    if dtype not in dtypes.INT_TYPES:
        raise TypeError(f"{op_name}: indices must be integers, received dtype {dtype}.")


def _flat_size(shape: Sequence[int | None]) -> int | None:
    if 0 in shape:
        return 0
    if None in shape:
        return None
    return int(np.prod(shape, dtype=np.int64))  # type: ignore[arg-type]


def _take_spec(x: Any, indices: Any, axis: int | None = None) -> SymbolicTensor:
    shape = shape_of(x)
    _check_int_indices("take", indices)
    index_shape = shape_of(indices)
    dtype = dtypes.result_type(dtype_of(x))
    if axis is None:
        return spec(index_shape, dtype)
    axis = normalize_axis("take", axis, len(shape))
    return spec((*shape[:axis], *index_shape, *shape[axis + 1 :]), dtype)


@lamina_op(_take_spec)
def take(x: Any, indices: Any, axis: int | None = None) -> Tensor:
    """Gathers entries of `x` at integer `indices` along `axis` (of the flattened `x` if None).

    The result's shape is `x.shape[:axis] + indices.shape + x.shape[axis + 1:]`. Negative
    indices count from the end.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.take([[1, 2], [3, 4]], [1, 0], axis=1)).tolist()
        [[2, 1], [4, 3]]
    """
    return _b.take(x, indices, axis)


def _take_along_axis_spec(x: Any, indices: Any, axis: int | None = None) -> SymbolicTensor:
    shape = shape_of(x)
    _check_int_indices("take_along_axis", indices)
    index_shape = shape_of(indices)
    dtype = dtypes.result_type(dtype_of(x))
    if axis is None:
        if len(index_shape) != 1:
            raise ValueError(
                "take_along_axis: with axis=None, indices must be 1-D, received shape "
                f"{tuple(index_shape)}."
            )
        return spec(index_shape, dtype)
    if len(index_shape) != len(shape):
        raise ValueError(
            f"take_along_axis: x and indices must have the same rank, received shapes "
            f"{tuple(shape)} and {tuple(index_shape)}."
        )
    axis = normalize_axis("take_along_axis", axis, len(shape))
    others = broadcast_shapes(
        "take_along_axis",
        shape[:axis] + (1,) + shape[axis + 1 :],
        index_shape[:axis] + (1,) + index_shape[axis + 1 :],
    )
    return spec((*others[:axis], index_shape[axis], *others[axis + 1 :]), dtype)


@lamina_op(_take_along_axis_spec)
def take_along_axis(x: Any, indices: Any, axis: int | None = None) -> Tensor:
    """Gathers `x[..., indices[..., i, ...], ...]` along `axis`, pairing the other axes.

    `x` and `indices` have the same rank; their other axes broadcast.

    Example:
        >>> import lamina
        >>> y = lamina.ops.take_along_axis([[1, 2], [3, 4]], [[1], [0]], axis=1)
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [[2], [3]]
    """
    return _b.take_along_axis(x, indices, axis)


def _where_spec(condition: Any, x1: Any = None, x2: Any = None) -> Any:
    if x1 is None and x2 is None:
        raise NotImplementedError(
            "where: the one-argument form (the indices of the non-zero entries) has a "
            "data-dependent shape, which lamina does not support; pass x1 and x2."
        )
    if x1 is None or x2 is None:
        raise ValueError("where: pass both x1 and x2, or neither.")
    shape = broadcast_shapes("where", shape_of(condition), shape_of(x1), shape_of(x2))
    return spec(shape, dtypes.result_type(dtype_of(x1), dtype_of(x2)))


@lamina_op(_where_spec)
def where(condition: Any, x1: Any = None, x2: Any = None) -> Tensor:
    """Picks `x1` where `condition` is true and `x2` elsewhere (all three broadcast).

    Dtypes of `x1` and `x2` promote (Python scalars are weak). The one-argument form is not
    supported: its output shape depends on the data.

    Example:
        >>> import lamina
        >>> y = lamina.ops.where([True, False, True], [1, 2, 3], 0)
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [1, 0, 3]
    """
    if x1 is None or x2 is None:
        _where_spec(condition, x1, x2)  # Raises lamina's message for the unsupported forms.
    return _b.where(condition, x1, x2)


def _select_spec(condlist: Sequence[Any], choicelist: Sequence[Any], default: Any = 0) -> Any:
    if len(condlist) != len(choicelist) or not condlist:
        raise ValueError(
            "select: condlist and choicelist must be non-empty and of the same length, "
            f"received {len(condlist)} conditions and {len(choicelist)} choices."
        )
    shapes = [shape_of(c) for c in (*condlist, *choicelist, default)]
    shape = broadcast_shapes("select", *shapes)
    dtype = dtypes.result_type(*(dtype_of(c) for c in (*choicelist, default)))
    return spec(shape, dtype)


@lamina_op(_select_spec)
def select(condlist: Sequence[Any], choicelist: Sequence[Any], default: Any = 0) -> Tensor:
    """Picks, element-wise, the choice of the first true condition (`default` if none is true).

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_tensor([1, 5, 9])
        >>> y = lamina.ops.select([x < 3, x < 6], [x, x * 10], default=-1)
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [1, 50, -1]
    """
    if len(condlist) != len(choicelist) or not condlist:
        _select_spec(condlist, choicelist, default)  # Raises: some engines would truncate.
    return _b.select(condlist, choicelist, default)


def _sort_spec_for(op_name: str, index: bool):  # noqa: ANN202 - returns a spec function
    def sort_spec(x: Any, axis: int | None = -1) -> SymbolicTensor:
        shape = shape_of(x)
        dtype = "int32" if index else dtypes.result_type(dtype_of(x))
        if axis is None:
            return spec((_flat_size(shape),), dtype)
        normalize_axis(op_name, axis, len(shape))
        return spec(shape, dtype)

    return sort_spec


@lamina_op(_sort_spec_for("sort", index=False))
def sort(x: Any, axis: int | None = -1) -> Tensor:
    """Returns `x` sorted in ascending order along `axis` (of the flattened `x` when None).

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.sort([[3, 1, 2], [0, 9, 5]])).tolist()
        [[1, 2, 3], [0, 5, 9]]
    """
    return _b.sort(x, axis)


@lamina_op(_sort_spec_for("argsort", index=True))
def argsort(x: Any, axis: int | None = -1) -> Tensor:
    """Returns the int32 indices that sort `x` along `axis` (stable: ties keep their order).

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.argsort([3, 1, 2])).tolist()
        [1, 2, 0]
    """
    return _b.argsort(x, axis)


def _searchsorted_spec(sorted_sequence: Any, values: Any, side: str = "left") -> SymbolicTensor:
    sequence_shape = shape_of(sorted_sequence)
    if len(sequence_shape) != 1:
        raise ValueError(
            f"searchsorted: sorted_sequence must be 1-D, received shape {tuple(sequence_shape)}."
        )
    if side not in ("left", "right"):
        raise ValueError(f"searchsorted: side must be 'left' or 'right', received {side!r}.")
    return spec(shape_of(values), "int32")


@lamina_op(_searchsorted_spec)
def searchsorted(sorted_sequence: Any, values: Any, side: str = "left") -> Tensor:
    """Returns the int32 positions where `values` would be inserted to keep the sequence sorted.

    Args:
        sorted_sequence: A 1-D tensor sorted in ascending order.
        values: A tensor of values to place.
        side: "left" gives the first suitable position, "right" the last.

    Example:
        >>> import lamina
        >>> y = lamina.ops.searchsorted([1, 3, 5], [0, 3, 6], side="right")
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [0, 2, 3]
    """
    return _b.searchsorted(sorted_sequence, values, side)


def _get_item_spec(x: Any, key: Any) -> SymbolicTensor:
    return spec(indexed_shape(shape_of(x), key), dtypes.result_type(dtype_of(x)))


@lamina_op(_get_item_spec)
def get_item(x: Any, key: Any) -> Tensor:
    """Returns `x[key]`, with NumPy's indexing rules.

    `key` may hold ints, slices (any step), None (a new axis), Ellipsis, integer arrays or
    tensors (gathers that broadcast together), and boolean masks (eager only: their result
    size depends on the data).

    Example:
        >>> import lamina
        >>> x = lamina.ops.reshape(lamina.ops.convert_to_tensor(list(range(6))), (2, 3))
        >>> reversed_columns = lamina.ops.get_item(x, (slice(None), slice(None, None, -1)))
        >>> lamina.ops.convert_to_numpy(reversed_columns).tolist()
        [[2, 1, 0], [5, 4, 3]]
        >>> lamina.ops.shape(lamina.ops.get_item(x, (None, 1, [0, 2, 2])))
        (1, 3)
    """
    return _b.get_item(x, key)
