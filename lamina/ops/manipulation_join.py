"""Joining, splitting, tiling and padding: concatenate, stack, split, tile, repeat, pad.

Reshaping and axis moves live in `lamina.ops.manipulation`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from lamina import backend
from lamina.backend.common import dtypes
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.ops.manipulation import size_of_shape
from lamina.ops.operation import lamina_op
from lamina.ops.shape_inference import dtype_of, normalize_axis, shape_of, spec
from lamina.typing import Tensor

_b = backend.manipulation

PAD_MODES = ("constant", "edge", "reflect", "symmetric", "wrap")


def _joined_shape(op_name: str, shapes: list[tuple], axis: int, new_axis: bool) -> list:
    if not shapes:
        raise ValueError(f"{op_name}: expected a non-empty list of tensors, received [].")
    first = shapes[0]
    rank = len(first)
    described = ", ".join(str(tuple(s)) for s in shapes)
    if any(len(s) != rank for s in shapes):
        raise ValueError(f"{op_name}: inputs must have the same rank, received shapes {described}.")
    axis = normalize_axis(op_name, axis, rank + 1 if new_axis else rank)
    result: list[int | None] = []
    for i in range(rank):
        dims = {s[i] for s in shapes} - {None}
        if i == axis and not new_axis:
            sizes = [s[i] for s in shapes]
            result.append(None if None in sizes else sum(sizes))
            continue
        if len(dims) > 1:
            expected = "every axis but axis " + str(axis) if not new_axis else "every axis"
            raise ValueError(
                f"{op_name}: inputs must agree on {expected}, received shapes {described}."
            )
        result.append(dims.pop() if dims else None)
    if new_axis:
        result.insert(axis, len(shapes))
    return result


def _joined_dtype(xs: Sequence[Any]) -> str:
    return dtypes.result_type(*(dtype_of(x) for x in xs))


def _concatenate_spec(xs: Sequence[Any], axis: int = 0) -> SymbolicTensor:
    shapes = [shape_of(x) for x in xs]
    return spec(_joined_shape("concatenate", shapes, axis, False), _joined_dtype(xs))


@lamina_op(_concatenate_spec)
def concatenate(xs: Sequence[Any], axis: int = 0) -> Tensor:
    """Joins tensors along an existing axis; the others must agree. Dtypes promote.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.concatenate([[1, 2], [3]])).tolist()
        [1, 2, 3]
    """
    return _b.concatenate(xs, axis)


def _stack_spec(x: Sequence[Any], axis: int = 0) -> SymbolicTensor:
    shapes = [shape_of(t) for t in x]
    return spec(_joined_shape("stack", shapes, axis, True), _joined_dtype(x))


@lamina_op(_stack_spec)
def stack(x: Sequence[Any], axis: int = 0) -> Tensor:
    """Joins tensors of one shape along a new axis `axis`. Dtypes promote.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.stack([[1, 2], [3, 4]], axis=1)).tolist()
        [[1, 3], [2, 4]]
    """
    return _b.stack(x, axis)


def _hstack_spec(xs: Sequence[Any]) -> SymbolicTensor:
    shapes = [shape_of(x) for x in xs]
    axis = 0 if shapes and len(shapes[0]) == 1 else 1
    return spec(_joined_shape("hstack", shapes, axis, False), _joined_dtype(xs))


@lamina_op(_hstack_spec)
def hstack(xs: Sequence[Any]) -> Tensor:
    """Joins tensors along axis 1 (along axis 0 for 1-D tensors).

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.hstack([[[1], [2]], [[3], [4]]])).tolist()
        [[1, 3], [2, 4]]
    """
    return _b.hstack(xs)


def _vstack_spec(xs: Sequence[Any]) -> SymbolicTensor:
    shapes = [shape_of(x) for x in xs]
    shapes = [(1, *s) if len(s) == 1 else (1, 1) if not s else s for s in shapes]
    return spec(_joined_shape("vstack", shapes, 0, False), _joined_dtype(xs))


@lamina_op(_vstack_spec)
def vstack(xs: Sequence[Any]) -> Tensor:
    """Joins tensors along axis 0, 1-D tensors becoming rows.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.vstack([[1, 2], [3, 4]])).tolist()
        [[1, 2], [3, 4]]
    """
    return _b.vstack(xs)


def _split_sizes(
    op_name: str, shape: tuple, indices_or_sections: Any, axis: int, equal: bool
) -> list[int | None]:
    axis = normalize_axis(op_name, axis, len(shape))
    length = shape[axis]
    if isinstance(indices_or_sections, (int, np.integer)):
        sections = int(indices_or_sections)
        if sections <= 0:
            raise ValueError(f"{op_name}: the number of sections must be > 0, received {sections}.")
        if length is None:
            return [None] * sections
        if equal and length % sections:
            raise ValueError(
                f"{op_name}: axis {axis} of size {length} (input shape {tuple(shape)}) cannot "
                f"be split into {sections} equal sections; use array_split for unequal ones."
            )
        base, extra = divmod(length, sections)
        return [base + 1 if i < extra else base for i in range(sections)]
    bounds = [int(i) for i in indices_or_sections]
    if length is None:
        sizes: list[int | None] = [None] * (len(bounds) + 1)
        return sizes
    bounds = [min(max(b + length if b < 0 else b, 0), length) for b in bounds]
    edges = [0, *bounds, length]
    return [max(end - start, 0) for start, end in zip(edges[:-1], edges[1:])]


def _split_spec_for(op_name: str, equal: bool):  # noqa: ANN202 - returns a spec function
    def split_spec(x: Any, indices_or_sections: Any, axis: int = 0) -> list[SymbolicTensor]:
        shape = shape_of(x)
        sizes = _split_sizes(op_name, shape, indices_or_sections, axis, equal)
        position = normalize_axis(op_name, axis, len(shape))
        dtype = dtypes.result_type(dtype_of(x))
        return [spec((*shape[:position], n, *shape[position + 1 :]), dtype) for n in sizes]

    return split_spec


@lamina_op(_split_spec_for("split", equal=True))
def split(x: Any, indices_or_sections: int | Sequence[int], axis: int = 0) -> list[Tensor]:
    """Splits `x` along `axis` into a list of tensors.

    Args:
        x: A tensor.
        indices_or_sections: An int N (N equal sections; the axis size must divide), or a
            sorted list of indices where the axis is cut.
        axis: The axis to split.

    Example:
        >>> import lamina
        >>> parts = lamina.ops.split([1, 2, 3, 4, 5], [2, 3])
        >>> [lamina.ops.convert_to_numpy(p).tolist() for p in parts]
        [[1, 2], [3], [4, 5]]
    """
    return _b.split(x, indices_or_sections, axis)


@lamina_op(_split_spec_for("array_split", equal=False))
def array_split(x: Any, indices_or_sections: int | Sequence[int], axis: int = 0) -> list[Tensor]:
    """Splits `x` like `split`, but N sections need not be equal (the first ones are longer).

    Example:
        >>> import lamina
        >>> parts = lamina.ops.array_split([1, 2, 3, 4, 5], 2)
        >>> [lamina.ops.convert_to_numpy(p).tolist() for p in parts]
        [[1, 2, 3], [4, 5]]
    """
    return _b.array_split(x, indices_or_sections, axis)


def _tile_spec(x: Any, repeats: int | Sequence[int]) -> SymbolicTensor:
    shape = shape_of(x)
    reps = [int(r) for r in ((repeats,) if isinstance(repeats, (int, np.integer)) else repeats)]
    if any(r < 0 for r in reps):
        raise ValueError(f"tile: repeats must be >= 0, received {tuple(reps)}.")
    rank = max(len(shape), len(reps))
    padded_shape = (1,) * (rank - len(shape)) + tuple(shape)
    padded_reps = (1,) * (rank - len(reps)) + tuple(reps)
    dims = [None if d is None else d * r for d, r in zip(padded_shape, padded_reps)]
    return spec(dims, dtypes.result_type(dtype_of(x)))


@lamina_op(_tile_spec)
def tile(x: Any, repeats: int | Sequence[int]) -> Tensor:
    """Repeats the whole of `x` `repeats[i]` times along each axis `i`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.tile([1, 2], 2)).tolist()
        [1, 2, 1, 2]
    """
    return _b.tile(x, repeats)


def _repeat_spec(x: Any, repeats: Any, axis: int | None = None) -> SymbolicTensor:
    shape = list(shape_of(x))
    if axis is None:
        shape = [size_of_shape(shape)]
        axis = 0
    else:
        axis = normalize_axis("repeat", axis, len(shape))
    shape[axis] = _repeated_length(shape[axis], repeats, axis)
    return spec(shape, dtypes.result_type(dtype_of(x)))


def _repeated_length(length: int | None, repeats: Any, axis: int) -> int | None:
    if isinstance(repeats, (int, np.integer)):
        return None if length is None else length * int(repeats)
    if not isinstance(repeats, (list, tuple, np.ndarray)):
        return None  # A tensor: the result length is data-dependent.
    counts = np.asarray(repeats).reshape(-1)
    if counts.size == 1:
        return None if length is None else length * int(counts[0])
    if length is not None and counts.size != length:
        raise ValueError(
            f"repeat: repeats must be an int or hold one count per entry of axis {axis} "
            f"(size {length}), received {counts.size} counts."
        )
    return int(counts.sum())


@lamina_op(_repeat_spec)
def repeat(x: Any, repeats: Any, axis: int | None = None) -> Tensor:
    """Repeats each element of `x` `repeats` times along `axis` (of the flattened `x` if None).

    Args:
        x: A tensor.
        repeats: An int, or one count per entry of the axis.
        axis: The axis to repeat along.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.repeat([1, 2], [1, 3])).tolist()
        [1, 2, 2, 2]
    """
    return _b.repeat(x, repeats, axis)


def pad_widths(op_name: str, pad_width: Any, ndim: int) -> list[tuple[int, int]]:
    """Returns `pad_width` as one `(before, after)` pair of ints per axis."""
    try:
        widths = np.broadcast_to(np.asarray(pad_width, dtype=np.int64), (ndim, 2))
    except ValueError:
        raise ValueError(
            f"{op_name}: pad_width {pad_width!r} does not fit an input of rank {ndim}: expected "
            "an int, a (before, after) pair, or one pair per axis."
        ) from None
    if (widths < 0).any():
        raise ValueError(f"{op_name}: pad_width must be >= 0, received {pad_width!r}.")
    return [(int(a), int(b)) for a, b in widths]


def _pad_spec(
    x: Any, pad_width: Any, mode: str = "constant", constant_values: Any = None
) -> SymbolicTensor:
    shape = shape_of(x)
    if mode not in PAD_MODES:
        raise ValueError(f"pad: mode must be one of {PAD_MODES}, received {mode!r}.")
    if constant_values is not None and mode != "constant":
        raise ValueError(
            f"pad: constant_values applies only to mode='constant', received mode={mode!r}."
        )
    widths = pad_widths("pad", pad_width, len(shape))
    for d, (before, after) in zip(shape, widths):
        if mode in ("reflect", "symmetric", "wrap", "edge") and d == 0 and before + after:
            raise ValueError(f"pad: mode={mode!r} cannot pad an empty axis of shape {shape}.")
    dims = [None if d is None else d + a + b for d, (a, b) in zip(shape, widths)]
    return spec(dims, dtypes.result_type(dtype_of(x)))


@lamina_op(_pad_spec)
def pad(x: Any, pad_width: Any, mode: str = "constant", constant_values: Any = None) -> Tensor:
    """Pads `x` with `pad_width[i] = (before, after)` entries on each axis `i`.

    Args:
        x: A tensor.
        pad_width: An int, a `(before, after)` pair for every axis, or one pair per axis.
        mode: "constant" (fill with `constant_values`, default 0), "edge", "reflect",
            "symmetric" or "wrap", as NumPy defines them.
        constant_values: The fill value for mode "constant".

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.pad([1, 2], (1, 2))).tolist()
        [0, 1, 2, 0, 0]
    """
    if mode not in PAD_MODES or (constant_values is not None and mode != "constant"):
        _pad_spec(x, pad_width, mode, constant_values)  # Raises: engines would not all object.
    return _b.pad(x, pad_width, mode, constant_values)
