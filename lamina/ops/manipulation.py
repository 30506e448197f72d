"""Shape manipulation: reshape, transpose and axis moves, squeezing, broadcasting, flips, rolls.

Joining, splitting, tiling and padding live in `lamina.ops.manipulation_join`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import backend
from lamina.backend.common import dtypes
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.ops.operation import lamina_op
from lamina.ops.shape_inference import (
    broadcast_shapes,
    dtype_of,
    normalize_axes,
    normalize_axis,
    shape_of,
    spec,
)
from lamina.typing import Tensor

_b = backend.manipulation

Axis = int | Sequence[int] | None


def _same_dtype(x: Any) -> str:
    return dtypes.result_type(dtype_of(x))


def _product(dims: Sequence[int]) -> int:
    result = 1
    for d in dims:
        result *= d
    return result


def size_of_shape(shape: Sequence[int | None]) -> int | None:
    """Returns the number of elements of `shape`: 0 if a dim is 0, None if any dim is unknown."""
    if 0 in shape:
        return 0
    if None in shape:
        return None
    return _product(shape)  # type: ignore[arg-type]


def _reshape_spec(x: Any, newshape: Any) -> SymbolicTensor:
    shape = shape_of(x)
    target = [int(d) for d in ((newshape,) if isinstance(newshape, int) else newshape)]

    def mismatch() -> ValueError:
        return ValueError(
            f"reshape: cannot reshape an input of shape {tuple(shape)} into shape "
            f"{tuple(target)}: the sizes differ."
        )

    if target.count(-1) > 1 or any(d < -1 for d in target):
        raise ValueError(
            f"reshape: the new shape {tuple(target)} may hold at most one -1 and no other "
            "negative dims."
        )
    known = [d for d in target if d != -1]
    size = size_of_shape(shape)
    known_in = _product([d for d in shape if d is not None])
    if size is None:
        # Unknown input size: it is a multiple of the product of the known input dims.
        if -1 not in target and known_in and _product(known) % known_in:
            raise mismatch()
        return spec([None if d == -1 else d for d in target], _same_dtype(x))
    if -1 in target:
        if _product(known) == 0 or size % _product(known):
            raise mismatch()
        target = [size // _product(known) if d == -1 else d for d in target]
    elif _product(target) != size:
        raise mismatch()
    return spec(target, _same_dtype(x))


@lamina_op(_reshape_spec)
def reshape(x: Any, newshape: int | Sequence[int]) -> Tensor:
    """Returns `x` with the same elements in a new shape; one dim may be -1 (inferred).

    Args:
        x: A tensor.
        newshape: An int or a tuple of ints whose product is the size of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.reshape([1, 2, 3, 4], (2, -1))).tolist()
        [[1, 2], [3, 4]]
    """
    return _b.reshape(x, newshape)


def _transpose_spec(x: Any, axes: Sequence[int] | None = None) -> SymbolicTensor:
    shape = shape_of(x)
    if axes is None:
        return spec(shape[::-1], _same_dtype(x))
    ndim = len(shape)
    if len(axes) != ndim or sorted(a % ndim if -ndim <= a < ndim else a for a in axes) != list(
        range(ndim)
    ):
        raise ValueError(
            f"transpose: axes {tuple(axes)} is not a permutation of the {ndim} axes of an "
            f"input of shape {tuple(shape)}."
        )
    return spec([shape[a] for a in axes], _same_dtype(x))


@lamina_op(_transpose_spec)
def transpose(x: Any, axes: Sequence[int] | None = None) -> Tensor:
    """Permutes the axes of `x`: axis `i` of the result is axis `axes[i]` of `x`.

    Args:
        x: A tensor.
        axes: A permutation of `range(ndim)`; None reverses the axes.

    Example:
        >>> import lamina
        >>> lamina.ops.shape(lamina.ops.transpose(lamina.ops.convert_to_tensor([[[1, 2, 3]]])))
        (3, 1, 1)
    """
    return _b.transpose(x, axes)


def _as_tuple(value: int | Sequence[int]) -> tuple[int, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return (value,)  # type: ignore[return-value]


def _moveaxis_spec(
    x: Any, source: int | Sequence[int], destination: int | Sequence[int]
) -> SymbolicTensor:
    shape = shape_of(x)
    ndim = len(shape)
    sources, destinations = _as_tuple(source), _as_tuple(destination)
    if len(sources) != len(destinations):
        raise ValueError(
            f"moveaxis: source {sources} and destination {destinations} must name as many axes."
        )
    sources = tuple(normalize_axis("moveaxis", a, ndim) for a in sources)
    destinations = tuple(normalize_axis("moveaxis", a, ndim) for a in destinations)
    order = [a for a in range(ndim) if a not in sources]
    for dest, src in sorted(zip(destinations, sources)):
        order.insert(dest, src)
    return spec([shape[a] for a in order], _same_dtype(x))


@lamina_op(_moveaxis_spec)
def moveaxis(x: Any, source: int | Sequence[int], destination: int | Sequence[int]) -> Tensor:
    """Moves axes `source` of `x` to positions `destination`; the other axes keep their order.

    Example:
        >>> import lamina
        >>> lamina.ops.shape(lamina.ops.moveaxis(lamina.ops.convert_to_tensor([[[1, 2, 3]]]), 2, 0))
        (3, 1, 1)
    """
    return _b.moveaxis(x, source, destination)


def _swapaxes_spec(x: Any, axis1: int, axis2: int) -> SymbolicTensor:
    shape = list(shape_of(x))
    first = normalize_axis("swapaxes", axis1, len(shape))
    second = normalize_axis("swapaxes", axis2, len(shape))
    shape[first], shape[second] = shape[second], shape[first]
    return spec(shape, _same_dtype(x))


@lamina_op(_swapaxes_spec)
def swapaxes(x: Any, axis1: int, axis2: int) -> Tensor:
    """Swaps two axes of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.swapaxes([[1, 2, 3]], 0, 1)).tolist()
        [[1], [2], [3]]
    """
    return _b.swapaxes(x, axis1, axis2)


def _expand_dims_spec(x: Any, axis: int | Sequence[int]) -> SymbolicTensor:
    shape = shape_of(x)
    axes = normalize_axes("expand_dims", _as_tuple(axis), len(shape) + len(_as_tuple(axis)))
    dims = iter(shape)
    return spec(
        [1 if i in axes else next(dims) for i in range(len(shape) + len(axes))], _same_dtype(x)
    )


@lamina_op(_expand_dims_spec)
def expand_dims(x: Any, axis: int | Sequence[int]) -> Tensor:
    """Inserts size-1 axes into `x` at positions `axis` (of the result).

    Example:
        >>> import lamina
        >>> lamina.ops.shape(lamina.ops.expand_dims(lamina.ops.convert_to_tensor([1, 2]), (0, -1)))
        (1, 2, 1)
    """
    return _b.expand_dims(x, axis)


def _squeeze_spec(x: Any, axis: Axis = None) -> SymbolicTensor:
    shape = shape_of(x)
    if axis is None:
        return spec([d for d in shape if d != 1], _same_dtype(x))
    axes = normalize_axes("squeeze", axis, len(shape))
    for a in axes:
        if shape[a] not in (1, None):
            raise ValueError(
                f"squeeze: cannot squeeze axis {a} of an input of shape {tuple(shape)}: its "
                f"size is {shape[a]}, not 1."
            )
    return spec([d for i, d in enumerate(shape) if i not in axes], _same_dtype(x))


@lamina_op(_squeeze_spec)
def squeeze(x: Any, axis: Axis = None) -> Tensor:
    """Removes size-1 axes of `x`: those in `axis`, or every one when None.

    Example:
        >>> import lamina
        >>> lamina.ops.shape(lamina.ops.squeeze(lamina.ops.convert_to_tensor([[[1], [2]]])))
        (2,)
    """
    return _b.squeeze(x, axis)


def _broadcast_to_spec(x: Any, shape: Sequence[int]) -> SymbolicTensor:
    source = shape_of(x)
    target = tuple(shape)
    fits = len(source) <= len(target) and all(
        s in (1, None) or t is None or s == t for s, t in zip(source[::-1], target[::-1])
    )
    if not fits:
        raise ValueError(f"broadcast_to: cannot broadcast shape {tuple(source)} to {target}.")
    broadcast_shapes("broadcast_to", source, target)
    return spec(target, _same_dtype(x))


@lamina_op(_broadcast_to_spec)
def broadcast_to(x: Any, shape: Sequence[int]) -> Tensor:
    """Returns `x` broadcast to `shape` (NumPy broadcasting rules).

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.broadcast_to([1, 2], (2, 2))).tolist()
        [[1, 2], [1, 2]]
    """
    return _b.broadcast_to(x, tuple(shape))


def _ravel_spec(x: Any) -> SymbolicTensor:
    return spec((size_of_shape(shape_of(x)),), _same_dtype(x))


@lamina_op(_ravel_spec)
def ravel(x: Any) -> Tensor:
    """Returns the elements of `x` as a 1-D tensor, in row-major order.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.ravel([[1, 2], [3, 4]])).tolist()
        [1, 2, 3, 4]
    """
    return _b.ravel(x)


def _flip_spec(x: Any, axis: Axis = None) -> SymbolicTensor:
    shape = shape_of(x)
    normalize_axes("flip", axis, len(shape))
    return spec(shape, _same_dtype(x))


@lamina_op(_flip_spec)
def flip(x: Any, axis: Axis = None) -> Tensor:
    """Reverses the order of the elements of `x` along `axis` (every axis when None).

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.flip([[1, 2], [3, 4]], axis=1)).tolist()
        [[2, 1], [4, 3]]
    """
    return _b.flip(x, axis)


def _roll_spec(x: Any, shift: int | Sequence[int], axis: Axis = None) -> SymbolicTensor:
    shape = shape_of(x)
    if axis is not None:
        axes = _as_tuple(axis)
        shifts = _as_tuple(shift)
        for a in axes:
            normalize_axis("roll", a, len(shape))
        if len(shifts) != len(axes) and len(shifts) != 1:
            raise ValueError(f"roll: shift {shifts} and axis {axes} must have the same length.")
    return spec(shape, _same_dtype(x))


@lamina_op(_roll_spec)
def roll(x: Any, shift: int | Sequence[int], axis: Axis = None) -> Tensor:
    """Shifts the elements of `x` by `shift` along `axis`, wrapping around.

    With `axis=None` the flattened `x` is rolled, then the shape restored.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.roll([1, 2, 3, 4], 1)).tolist()
        [4, 1, 2, 3]
    """
    return _b.roll(x, shift, axis)


@lamina_op(lambda x: spec(shape_of(x), _same_dtype(x)))
def copy(x: Any) -> Tensor:
    """Returns a copy of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.copy([1, 2])).tolist()
        [1, 2]
    """
    return _b.copy(x)


def _int_scalar_spec(x: Any) -> SymbolicTensor:
    return spec((), "int32")


@lamina_op(_int_scalar_spec)
def size(x: Any) -> Any:
    """Returns the number of elements of `x` as a Python int (an int32 spec when symbolic).

    Example:
        >>> import lamina
        >>> lamina.ops.size([[1, 2, 3], [4, 5, 6]])
        6
    """
    return size_of_shape(shape_of(x))


@lamina_op(_int_scalar_spec)
def ndim(x: Any) -> Any:
    """Returns the number of axes of `x` as a Python int (an int32 spec when symbolic).

    Example:
        >>> import lamina
        >>> lamina.ops.ndim([[1, 2, 3], [4, 5, 6]])
        2
    """
    return len(shape_of(x))
