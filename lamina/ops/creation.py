"""Creation ops: constant, identity-like, triangular and evenly spaced tensors.

New tensors go on the backend's current device (see `lamina.backend.device`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from lamina import backend
from lamina.backend.common import dtypes
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.ops.operation import lamina_op
from lamina.ops.shape_inference import Shape, broadcast_shapes, dtype_of, shape_of, spec
from lamina.typing import DTypeLike, Tensor

_b = backend.creation


def _shape_arg(op_name: str, shape: Any) -> Shape:
    dims = (shape,) if isinstance(shape, int) else tuple(shape)
    for dim in dims:
        if dim is not None and (not isinstance(dim, int) or dim < 0):
            raise ValueError(
                f"{op_name}: shape must hold non-negative ints, received {tuple(dims)}."
            )
    return dims


def _shape_spec_for(op_name: str):  # noqa: ANN202 - returns a spec function
    def shape_spec(shape: Any, dtype: DTypeLike = None) -> SymbolicTensor:
        return spec(_shape_arg(op_name, shape), dtypes.standardize_dtype(dtype))

    return shape_spec


def _full_spec(shape: Any, fill_value: Any, dtype: DTypeLike = None) -> SymbolicTensor:
    return spec(_shape_arg("full", shape), dtypes.standardize_dtype(dtype))


def _like_spec(x: Any, dtype: DTypeLike = None) -> SymbolicTensor:
    if dtype is None:
        return spec(shape_of(x), dtypes.result_type(dtype_of(x)))
    return spec(shape_of(x), dtypes.standardize_dtype(dtype))


def _full_like_spec(x: Any, fill_value: Any, dtype: DTypeLike = None) -> SymbolicTensor:
    return _like_spec(x, dtype)


def _identity_spec(n: int, dtype: DTypeLike = None) -> SymbolicTensor:
    return spec((n, n), dtypes.standardize_dtype(dtype))


def _matrix_spec_for(op_name: str):  # noqa: ANN202 - returns a spec function
    def matrix_spec(
        N: int, M: int | None = None, k: int = 0, dtype: DTypeLike = None
    ) -> SymbolicTensor:
        return spec(
            _shape_arg(op_name, (N, N if M is None else M)), dtypes.standardize_dtype(dtype)
        )

    return matrix_spec


def _triangle_spec_for(op_name: str):  # noqa: ANN202 - returns a spec function
    def triangle_spec(x: Any, k: int = 0) -> SymbolicTensor:
        shape = shape_of(x)
        if len(shape) < 2:
            raise ValueError(f"{op_name}: expected an input of rank >= 2, received shape {shape}.")
        return spec(shape, dtypes.result_type(dtype_of(x)))

    return triangle_spec


def _arange_dtype(start: Any, stop: Any, step: Any, dtype: DTypeLike) -> str:
    if dtype is not None:
        return dtypes.standardize_dtype(dtype)
    return dtypes.result_type(*(dtype_of(v) for v in (start, stop, step) if v is not None))


def _arange_spec(
    start: Any, stop: Any = None, step: Any = 1, dtype: DTypeLike = None
) -> SymbolicTensor:
    result_dtype = _arange_dtype(start, stop, step, dtype)
    low, high = (0, start) if stop is None else (start, stop)
    if step == 0:
        raise ValueError("arange: step must not be zero, received 0.")
    if all(isinstance(v, (int, float)) for v in (low, high, step)):
        length: int | None = max(0, math.ceil((high - low) / step))
    else:
        length = None
    return spec((length,), result_dtype)


def _linspace_spec(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    retstep: bool = False,
    dtype: DTypeLike = None,
    axis: int = 0,
) -> Any:
    if not isinstance(num, int) or num < 0:
        raise ValueError(f"linspace: num must be a non-negative int, received {num!r}.")
    if dtype is None:
        dtype = dtypes.result_type(dtype_of(start), dtype_of(stop), float)
    dtype = dtypes.standardize_dtype(dtype)
    base = broadcast_shapes("linspace", shape_of(start), shape_of(stop))
    position = axis if axis >= 0 else len(base) + 1 + axis
    if not 0 <= position <= len(base):
        raise ValueError(
            f"linspace: axis {axis} is out of range for samples of rank {len(base) + 1}."
        )
    samples = spec((*base[:position], num, *base[position:]), dtype)
    return (samples, spec(base, dtype)) if retstep else samples


@lamina_op(_shape_spec_for("zeros"))
def zeros(shape: int | Sequence[int], dtype: DTypeLike = None) -> Tensor:
    """Returns a tensor of zeros.

    Args:
        shape: The shape, an int or a sequence of ints.
        dtype: The dtype; `None` means `floatx()`.

    Returns:
        A tensor of `shape` filled with 0.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.zeros((2,))).tolist()
        [0.0, 0.0]
    """
    # Checked up front: torch's own message also starts with "zeros:" and would hide lamina's.
    _shape_arg("zeros", shape)
    return _b.zeros(shape, dtype=dtype)


@lamina_op(_shape_spec_for("ones"))
def ones(shape: int | Sequence[int], dtype: DTypeLike = None) -> Tensor:
    """Returns a tensor of ones.

    Args:
        shape: The shape, an int or a sequence of ints.
        dtype: The dtype; `None` means `floatx()`.

    Returns:
        A tensor of `shape` filled with 1.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.ones((2,), dtype="int32")).tolist()
        [1, 1]
    """
    _shape_arg("ones", shape)
    return _b.ones(shape, dtype=dtype)


@lamina_op(_full_spec)
def full(shape: int | Sequence[int], fill_value: Any, dtype: DTypeLike = None) -> Tensor:
    """Returns a tensor filled with `fill_value`.

    Args:
        shape: The shape, an int or a sequence of ints.
        fill_value: A scalar, or a tensor broadcastable to `shape`.
        dtype: The dtype; `None` means `floatx()`.

    Returns:
        A tensor of `shape` filled with `fill_value`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.full((2,), 7, dtype="int32")).tolist()
        [7, 7]
    """
    _shape_arg("full", shape)
    return _b.full(shape, fill_value, dtype=dtype)


@lamina_op(_like_spec)
def zeros_like(x: Any, dtype: DTypeLike = None) -> Tensor:
    """Returns zeros with the shape (and, by default, the dtype) of `x`.

    Args:
        x: A tensor or array-like.
        dtype: The dtype; `None` keeps the dtype of `x`.

    Returns:
        A tensor of zeros.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.zeros_like([1, 2])).tolist()
        [0, 0]
    """
    return _b.zeros_like(x, dtype=dtype)


@lamina_op(_like_spec)
def ones_like(x: Any, dtype: DTypeLike = None) -> Tensor:
    """Returns ones with the shape (and, by default, the dtype) of `x`.

    Args:
        x: A tensor or array-like.
        dtype: The dtype; `None` keeps the dtype of `x`.

    Returns:
        A tensor of ones.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.ones_like([1.5, 2.5])).tolist()
        [1.0, 1.0]
    """
    return _b.ones_like(x, dtype=dtype)


@lamina_op(_full_like_spec)
def full_like(x: Any, fill_value: Any, dtype: DTypeLike = None) -> Tensor:
    """Returns a tensor filled with `fill_value`, with the shape (and by default dtype) of `x`.

    Args:
        x: A tensor or array-like.
        fill_value: A scalar, or a tensor broadcastable to the shape of `x`.
        dtype: The dtype; `None` keeps the dtype of `x`.

    Returns:
        A tensor filled with `fill_value`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.full_like([1, 2], 5)).tolist()
        [5, 5]
    """
    return _b.full_like(x, fill_value, dtype=dtype)


@lamina_op(_shape_spec_for("empty"))
def empty(shape: int | Sequence[int], dtype: DTypeLike = None) -> Tensor:
    """Returns a tensor whose values are not initialised (they may be anything).

    Args:
        shape: The shape, an int or a sequence of ints.
        dtype: The dtype; `None` means `floatx()`.

    Returns:
        A tensor of `shape`.

    Example:
        >>> import lamina
        >>> lamina.ops.shape(lamina.ops.empty((2, 3)))
        (2, 3)
    """
    _shape_arg("empty", shape)
    return _b.empty(shape, dtype=dtype)


@lamina_op(_identity_spec)
def identity(n: int, dtype: DTypeLike = None) -> Tensor:
    """Returns the `n` x `n` identity matrix.

    Args:
        n: The number of rows and columns.
        dtype: The dtype; `None` means `floatx()`.

    Returns:
        A tensor of shape `(n, n)` with ones on the diagonal.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.identity(2)).tolist()
        [[1.0, 0.0], [0.0, 1.0]]
    """
    return _b.identity(n, dtype=dtype)


@lamina_op(_matrix_spec_for("eye"))
def eye(N: int, M: int | None = None, k: int = 0, dtype: DTypeLike = None) -> Tensor:  # noqa: N803
    """Returns a matrix with ones on the `k`-th diagonal and zeros elsewhere.

    Args:
        N: The number of rows.
        M: The number of columns; `None` means `N`.
        k: The diagonal: 0 is the main one, positive above it, negative below.
        dtype: The dtype; `None` means `floatx()`.

    Returns:
        A tensor of shape `(N, M)`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.eye(2, 3, k=1, dtype="int32")).tolist()
        [[0, 1, 0], [0, 0, 1]]
    """
    return _b.eye(N, M=M, k=k, dtype=dtype)


@lamina_op(_matrix_spec_for("tri"))
def tri(N: int, M: int | None = None, k: int = 0, dtype: DTypeLike = None) -> Tensor:  # noqa: N803
    """Returns a matrix with ones at and below the `k`-th diagonal and zeros above.

    Args:
        N: The number of rows.
        M: The number of columns; `None` means `N`.
        k: The diagonal: 0 is the main one, positive above it, negative below.
        dtype: The dtype; `None` means `floatx()`.

    Returns:
        A tensor of shape `(N, M)`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.tri(2, dtype="int32")).tolist()
        [[1, 0], [1, 1]]
    """
    return _b.tri(N, M=M, k=k, dtype=dtype)


@lamina_op(_triangle_spec_for("tril"))
def tril(x: Any, k: int = 0) -> Tensor:
    """Zeroes the elements above the `k`-th diagonal of the last two axes.

    Args:
        x: A tensor of rank >= 2.
        k: The diagonal: 0 is the main one, positive above it, negative below.

    Returns:
        The lower triangle of `x`, with its shape and dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.tril([[1, 2], [3, 4]])).tolist()
        [[1, 0], [3, 4]]
    """
    return _b.tril(x, k=k)


@lamina_op(_triangle_spec_for("triu"))
def triu(x: Any, k: int = 0) -> Tensor:
    """Zeroes the elements below the `k`-th diagonal of the last two axes.

    Args:
        x: A tensor of rank >= 2.
        k: The diagonal: 0 is the main one, positive above it, negative below.

    Returns:
        The upper triangle of `x`, with its shape and dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.triu([[1, 2], [3, 4]])).tolist()
        [[1, 2], [0, 4]]
    """
    return _b.triu(x, k=k)


@lamina_op(_arange_spec)
def arange(start: Any, stop: Any = None, step: Any = 1, dtype: DTypeLike = None) -> Tensor:
    """Returns evenly spaced values in `[start, stop)`, `step` apart.

    Args:
        start: The first value; with `stop=None`, the end (and the range starts at 0).
        stop: The end, excluded.
        step: The spacing; not zero.
        dtype: The dtype; `None` gives int32 for int arguments and `floatx()` otherwise.

    Returns:
        A 1-D tensor of `ceil((stop - start) / step)` values.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.arange(1, 7, 2)).tolist()
        [1, 3, 5]
    """
    if isinstance(step, (int, float)) and step == 0:
        raise ValueError("arange: step must not be zero, received 0.")
    return _b.arange(start, stop, step=step, dtype=dtype)


@lamina_op(_linspace_spec)
def linspace(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    retstep: bool = False,
    dtype: DTypeLike = None,
    axis: int = 0,
) -> Tensor:
    """Returns `num` evenly spaced samples from `start` to `stop`.

    Args:
        start: The first value, a scalar or a tensor.
        stop: The last value (included when `endpoint`), broadcastable with `start`.
        num: How many samples.
        endpoint: Whether `stop` is the last sample; if not, it is the excluded bound.
        retstep: Whether to also return the spacing.
        dtype: The dtype; `None` gives `floatx()` for int bounds, else the bounds' float dtype.
            Integer dtypes round the samples down.
        axis: Where the samples axis goes when the bounds are tensors.

    Returns:
        The samples, or `(samples, step)` when `retstep`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.linspace(0, 1, 5)).tolist()
        [0.0, 0.25, 0.5, 0.75, 1.0]
    """
    return _b.linspace(
        start, stop, num=num, endpoint=endpoint, retstep=retstep, dtype=dtype, axis=axis
    )
