"""`lamina.ops.math`: special functions, segment reductions, top-k, logsumexp and sequence framing.

The Fourier transforms (fft, rfft, stft...) live in `lamina.ops.math_fft` and are re-exported
here, so `lamina.ops.math.fft` works as in Keras.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import backend
from lamina.backend.common import dtypes
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.ops.math_fft import fft as fft
from lamina.ops.math_fft import fft2 as fft2
from lamina.ops.math_fft import irfft as irfft
from lamina.ops.math_fft import istft as istft
from lamina.ops.math_fft import rfft as rfft
from lamina.ops.math_fft import stft as stft
from lamina.ops.operation import lamina_op
from lamina.ops.shape_inference import (
    Shape,
    dtype_of,
    float_dtype,
    float_unary_spec,
    reduce_shape,
    shape_of,
    spec,
)
from lamina.typing import Tensor

_b = backend.math

Axis = int | Sequence[int] | None


def _check_positive_int(op_name: str, name: str, value: Any, allow_zero: bool = False) -> None:
    low = 0 if allow_zero else 1
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        kind = "a non-negative" if allow_zero else "a positive"
        raise ValueError(f"{op_name}: {name} must be {kind} int, received {value!r}.")


@lamina_op(float_unary_spec)
def erf(x: Any) -> Tensor:
    """Returns the Gauss error function of `x`, element-wise (ints compute in `floatx()`).

    Args:
        x: A tensor.

    Returns:
        `erf(x) = 2 / sqrt(pi) * integral from 0 to x of exp(-t ** 2) dt`.

    Example:
        >>> import lamina
        >>> y = lamina.ops.erf([0.0, 10.0])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [0.0, 1.0]
    """
    return _b.erf(x)


@lamina_op(float_unary_spec)
def erfinv(x: Any) -> Tensor:
    """Returns the inverse error function of `x`, element-wise (`nan` outside `[-1, 1]`).

    Args:
        x: A tensor with values in `[-1, 1]`.

    Returns:
        The `y` with `erf(y) == x`; `-inf` and `inf` at -1 and 1.

    Example:
        >>> import lamina
        >>> y = lamina.ops.erfinv([0.0, 0.5])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [0.0, 0.4769]
    """
    return _b.erfinv(x)


@lamina_op(float_unary_spec)
def rsqrt(x: Any) -> Tensor:
    """Returns `1 / sqrt(x)` element-wise (ints compute in `floatx()`).

    Args:
        x: A tensor.

    Returns:
        The reciprocal square root of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.rsqrt([1.0, 4.0])).tolist()
        [1.0, 0.5]
    """
    return _b.rsqrt(x)


def _logsumexp_spec(x: Any, axis: Axis = None, keepdims: bool = False) -> SymbolicTensor:
    shape = reduce_shape("logsumexp", shape_of(x), axis, keepdims)
    return spec(shape, float_dtype(dtype_of(x)))


@lamina_op(_logsumexp_spec)
def logsumexp(x: Any, axis: Axis = None, keepdims: bool = False) -> Tensor:
    """Returns `log(sum(exp(x)))` over `axis`, computed without overflow.

    Args:
        x: A tensor.
        axis: An int, a tuple of ints, or None for every axis.
        keepdims: Whether to keep the reduced axes as size-1 dims.

    Returns:
        The reduced tensor, in a float dtype. An empty reduction gives `-inf`.

    Example:
        >>> import lamina
        >>> y = lamina.ops.logsumexp([[0.0, 0.0], [1000.0, 1000.0]], axis=1)
        >>> [round(v, 2) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [0.69, 1000.69]
    """
    return _b.logsumexp(x, axis=axis, keepdims=keepdims)


def _check_segments(op_name: str, data: Any, segment_ids: Any, num_segments: Any) -> Shape:
    """Validates a segment op's arguments (engines don't all check them); returns data's shape."""
    data_shape = shape_of(data)
    ids_shape = shape_of(segment_ids)
    if len(ids_shape) != 1:
        raise ValueError(f"{op_name}: segment_ids must be 1-D, received shape {ids_shape}.")
    if not data_shape:
        raise ValueError(f"{op_name}: data must have rank >= 1, received a scalar.")
    if None not in (ids_shape[0], data_shape[0]) and ids_shape[0] != data_shape[0]:
        raise ValueError(
            f"{op_name}: segment_ids of shape {ids_shape} must have one id per row of data, "
            f"which has shape {data_shape}."
        )
    ids_dtype = dtype_of(segment_ids, weak=False)
    if ids_dtype not in dtypes.INT_TYPES:
        raise TypeError(f"{op_name}: segment_ids must be integers, received dtype {ids_dtype}.")
    if num_segments is not None:
        _check_positive_int(op_name, "num_segments", num_segments, allow_zero=True)
    return data_shape


def _segment_spec_for(op_name: str):  # noqa: ANN202 - returns a spec function
    def segment_spec(
        data: Any, segment_ids: Any, num_segments: int | None = None, sorted: bool = False
    ) -> SymbolicTensor:
        data_shape = _check_segments(op_name, data, segment_ids, num_segments)
        return spec((num_segments, *data_shape[1:]), dtypes.result_type(dtype_of(data)))

    return segment_spec


@lamina_op(_segment_spec_for("segment_sum"))
def segment_sum(
    data: Any, segment_ids: Any, num_segments: int | None = None, sorted: bool = False
) -> Tensor:
    """Sums the rows of `data` that share a segment id.

    Rows whose id is negative or `>= num_segments` are dropped.

    Args:
        data: A tensor of shape `(N, ...)`.
        segment_ids: An int tensor of shape `(N,)`: the segment of each row of `data`.
        num_segments: The number of segments. When None it is `max(segment_ids) + 1`, which
            needs the ids' values: on jax inside `jit` it must be given.
        sorted: Whether `segment_ids` is sorted (a hint some engines use).

    Returns:
        A tensor of shape `(num_segments, ...)` and `data`'s dtype; empty segments hold 0.

    Example:
        >>> import lamina
        >>> y = lamina.ops.segment_sum([1, 2, 3, 4], [0, 0, 2, 2], num_segments=3)
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [3, 0, 7]
    """
    _check_segments("segment_sum", data, segment_ids, num_segments)
    return _b.segment_sum(data, segment_ids, num_segments=num_segments, sorted=sorted)


@lamina_op(_segment_spec_for("segment_max"))
def segment_max(
    data: Any, segment_ids: Any, num_segments: int | None = None, sorted: bool = False
) -> Tensor:
    """Takes the maximum of the rows of `data` that share a segment id.

    Rows whose id is negative or `>= num_segments` are dropped.

    Args:
        data: A tensor of shape `(N, ...)`.
        segment_ids: An int tensor of shape `(N,)`: the segment of each row of `data`.
        num_segments: The number of segments. When None it is `max(segment_ids) + 1`, which
            needs the ids' values: on jax inside `jit` it must be given.
        sorted: Whether `segment_ids` is sorted (a hint some engines use).

    Returns:
        A tensor of shape `(num_segments, ...)` and `data`'s dtype; empty segments hold the
        dtype's lowest value (`-inf` for floats).

    Example:
        >>> import lamina
        >>> y = lamina.ops.segment_max([1, 5, 3, 4], [0, 0, 1, 1])
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [5, 4]
    """
    _check_segments("segment_max", data, segment_ids, num_segments)
    return _b.segment_max(data, segment_ids, num_segments=num_segments, sorted=sorted)


def _check_top_k(x: Any, k: Any) -> Shape:
    """Validates top_k's arguments (NumPy would quietly return fewer than k); returns x's shape."""
    shape = shape_of(x)
    if not shape:
        raise ValueError("top_k: x must have rank >= 1, received a scalar.")
    _check_positive_int("top_k", "k", k, allow_zero=True)
    if shape[-1] is not None and k > shape[-1]:
        raise ValueError(
            f"top_k: k={k} is larger than the last axis of x, which has shape {shape}."
        )
    return shape


def _top_k_spec(x: Any, k: int, sorted: bool = True) -> tuple[SymbolicTensor, SymbolicTensor]:
    shape = _check_top_k(x, k)
    out_shape = (*shape[:-1], k)
    return spec(out_shape, dtypes.result_type(dtype_of(x))), spec(out_shape, "int32")


@lamina_op(_top_k_spec)
def top_k(x: Any, k: int, sorted: bool = True) -> tuple[Tensor, Tensor]:
    """Returns the `k` largest entries of the last axis of `x` and their positions.

    Args:
        x: A tensor of shape `(..., N)`.
        k: How many entries to keep, at most `N`.
        sorted: Whether to return them in descending order (otherwise the order is unspecified).

    Returns:
        A tuple `(values, indices)`, both of shape `(..., k)`; `indices` is int32.

    Example:
        >>> import lamina
        >>> values, indices = lamina.ops.top_k([5.0, 1.0, 7.0, 3.0], k=2)
        >>> lamina.ops.convert_to_numpy(values).tolist(), lamina.ops.convert_to_numpy(indices).tolist()
        ([7.0, 5.0], [2, 0])
    """  # noqa: E501 - a doctest line cannot be wrapped.
    _check_top_k(x, k)
    return _b.top_k(x, k, sorted=sorted)


def _in_top_k_spec(targets: Any, predictions: Any, k: int) -> SymbolicTensor:
    targets_shape = shape_of(targets)
    predictions_shape = shape_of(predictions)
    if len(predictions_shape) != 2 or len(targets_shape) != 1:
        raise ValueError(
            "in_top_k: expected targets of shape (batch,) and predictions of shape "
            f"(batch, num_classes), received {targets_shape} and {predictions_shape}."
        )
    if None not in (targets_shape[0], predictions_shape[0]) and (
        targets_shape[0] != predictions_shape[0]
    ):
        raise ValueError(
            f"in_top_k: targets of shape {targets_shape} and predictions of shape "
            f"{predictions_shape} have different batch sizes."
        )
    _check_positive_int("in_top_k", "k", k, allow_zero=True)
    return spec(targets_shape, "bool")


@lamina_op(_in_top_k_spec)
def in_top_k(targets: Any, predictions: Any, k: int) -> Tensor:
    """Tells, for each row, whether the target class is among the `k` highest predictions.

    A target ties with the classes that have the same prediction: it counts as in the top
    `k` when fewer than `k` classes score strictly higher.

    Args:
        targets: An int tensor of shape `(batch,)`: the target class of each row.
        predictions: A tensor of shape `(batch, num_classes)`.
        k: How many top classes to consider.

    Returns:
        A bool tensor of shape `(batch,)`.

    Example:
        >>> import lamina
        >>> y = lamina.ops.in_top_k([1, 0], [[0.1, 0.9, 0.0], [0.2, 0.5, 0.3]], k=2)
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [True, False]
    """
    _in_top_k_spec(targets, predictions, k)  # Engines don't all check k and the ranks.
    return _b.in_top_k(targets, predictions, k)


def _extract_sequences_spec(x: Any, sequence_length: int, sequence_stride: int) -> SymbolicTensor:
    shape = shape_of(x)
    _check_positive_int("extract_sequences", "sequence_length", sequence_length)
    _check_positive_int("extract_sequences", "sequence_stride", sequence_stride)
    if not shape:
        raise ValueError("extract_sequences: x must have rank >= 1, received a scalar.")
    size = shape[-1]
    if size is not None and size < sequence_length:
        raise ValueError(
            f"extract_sequences: sequence_length={sequence_length} is longer than the last "
            f"axis of x, which has shape {shape}."
        )
    count = None if size is None else 1 + (size - sequence_length) // sequence_stride
    return spec((*shape[:-1], count, sequence_length), dtypes.result_type(dtype_of(x)))


@lamina_op(_extract_sequences_spec)
def extract_sequences(x: Any, sequence_length: int, sequence_stride: int) -> Tensor:
    """Cuts the last axis of `x` into windows of `sequence_length`, `sequence_stride` apart.

    Args:
        x: A tensor of shape `(..., N)`.
        sequence_length: The length of each window.
        sequence_stride: The step between the starts of consecutive windows.

    Returns:
        A tensor of shape `(..., 1 + (N - sequence_length) // sequence_stride, sequence_length)`.

    Example:
        >>> import lamina
        >>> y = lamina.ops.extract_sequences([1, 2, 3, 4, 5], sequence_length=3, sequence_stride=2)
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [[1, 2, 3], [3, 4, 5]]
    """
    _extract_sequences_spec(x, sequence_length, sequence_stride)  # jax would not check.
    return _b.extract_sequences(x, sequence_length, sequence_stride)
