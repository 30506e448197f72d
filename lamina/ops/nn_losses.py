"""Losses, label encodings and normalization ops of `lamina.ops.nn` (re-exported there).

Crossentropies return per-element (binary) or per-sample (categorical) values without any
reduction, as Keras's ops do. Without logits, probabilities are clipped to
`[epsilon(), 1 - epsilon()]`; with logits, numerically stable forms are used.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import backend
from lamina.backend.common import dtypes
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.ops.operation import lamina_op
from lamina.ops.shape_inference import (
    Shape,
    dtype_of,
    float_dtype,
    normalize_axis,
    reduce_shape,
    shape_of,
    spec,
)
from lamina.typing import Tensor

_b = backend.nn


def _same_dims(a: Shape, b: Shape) -> bool:
    return len(a) == len(b) and all(x is None or y is None or x == y for x, y in zip(a, b))


def _integer_input(op_name: str, x: Any, name: str) -> None:
    dtype = dtypes.result_type(dtype_of(x))
    if dtype not in dtypes.INT_TYPES:
        raise TypeError(f"{op_name}: {name} must be an integer tensor, received dtype {dtype}.")


def _num_classes(op_name: str, num_classes: Any) -> int:
    if isinstance(num_classes, bool) or not isinstance(num_classes, int) or num_classes < 1:
        raise ValueError(
            f"{op_name}: num_classes must be a positive int, received {num_classes!r}."
        )
    return num_classes


def _one_hot_shape(op_name: str, x: Any, num_classes: int, axis: int) -> list[int | None]:
    shape = list(shape_of(x))
    position = normalize_axis(op_name, axis, len(shape) + 1)
    shape.insert(position, num_classes)
    return shape


def _one_hot_spec(
    x: Any, num_classes: int, axis: int = -1, dtype: Any = None, sparse: bool = False
) -> SymbolicTensor:
    _integer_input("one_hot", x, "x")
    shape = _one_hot_shape("one_hot", x, _num_classes("one_hot", num_classes), axis)
    return spec(shape, dtypes.standardize_dtype(dtype))


def _multi_hot_spec(
    inputs: Any,
    num_classes: int | None = None,
    axis: int = -1,
    dtype: Any = None,
    sparse: bool = False,
    **kwargs: Any,
) -> SymbolicTensor:
    num_classes = kwargs.pop("num_tokens", num_classes)
    _integer_input("multi_hot", inputs, "inputs")
    if not shape_of(inputs):
        raise ValueError("multi_hot: inputs must have rank >= 1, received a scalar.")
    shape = _one_hot_shape("multi_hot", inputs, _num_classes("multi_hot", num_classes), axis)
    del shape[1 if len(shape) > 2 else 0]
    return spec(shape, dtypes.standardize_dtype(dtype))


def _loss_dtype(target: Any, output: Any) -> str:
    return float_dtype(dtypes.result_type(dtype_of(target), dtype_of(output)))


def _check_same_shape(op_name: str, target: Any, output: Any) -> Shape:
    target_shape, output_shape = shape_of(target), shape_of(output)
    if not _same_dims(target_shape, output_shape):
        raise ValueError(
            f"{op_name}: target and output must have the same shape, received "
            f"target.shape={target_shape} and output.shape={output_shape}."
        )
    return output_shape


def _binary_crossentropy_spec(
    target: Any, output: Any, from_logits: bool = False
) -> SymbolicTensor:
    shape = _check_same_shape("binary_crossentropy", target, output)
    return spec(shape, _loss_dtype(target, output))


def _categorical_crossentropy_spec(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> SymbolicTensor:
    shape = _check_same_shape("categorical_crossentropy", target, output)
    if not shape:
        raise ValueError("categorical_crossentropy: output must have rank >= 1, received ().")
    reduced = reduce_shape("categorical_crossentropy", shape, axis, False)
    return spec(reduced, _loss_dtype(target, output))


def _sparse_categorical_crossentropy_spec(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> SymbolicTensor:
    name = "sparse_categorical_crossentropy"
    target_shape, output_shape = shape_of(target), shape_of(output)
    if not output_shape:
        raise ValueError(f"{name}: output must have rank >= 1, received ().")
    expected = reduce_shape(name, output_shape, axis, False)
    if len(target_shape) == len(output_shape) and target_shape[-1:] == (1,):
        target_shape = target_shape[:-1]
    if not _same_dims(target_shape, expected):
        raise ValueError(
            f"{name}: target must have the shape of output without its class axis {axis}, "
            f"{expected}, received target.shape={shape_of(target)} and "
            f"output.shape={output_shape}."
        )
    return spec(expected, float_dtype(dtype_of(output)))


def _moments_spec(
    x: Any, axes: int | Sequence[int], keepdims: bool = False, synchronized: bool = False
) -> tuple[SymbolicTensor, SymbolicTensor]:
    shape = reduce_shape("moments", shape_of(x), axes, keepdims)
    dtype = float_dtype(dtype_of(x))
    return spec(shape, dtype), spec(shape, dtype)


def _normalize_spec(
    x: Any, axis: int | Sequence[int] = -1, order: int = 2, epsilon: float | None = None
) -> SymbolicTensor:
    _check_order(order)
    shape = shape_of(x)
    reduce_shape("normalize", shape, axis, True)
    return spec(shape, float_dtype(dtype_of(x)))


def _check_order(order: Any) -> None:
    if isinstance(order, bool) or not isinstance(order, int) or order < 1:
        raise ValueError(f"normalize: order must be an int >= 1, received {order!r}.")


def _batch_normalization_spec(
    x: Any,
    mean: Any,
    variance: Any,
    axis: int,
    offset: Any = None,
    scale: Any = None,
    epsilon: float = 1e-3,
) -> SymbolicTensor:
    shape = shape_of(x)
    size = shape[normalize_axis("batch_normalization", axis, len(shape))]
    parameters = {"mean": mean, "variance": variance, "offset": offset, "scale": scale}
    for name, value in parameters.items():
        if value is not None and not _same_dims(shape_of(value), (size,)):
            raise ValueError(
                f"batch_normalization: {name} must have shape ({size},), the size of x's "
                f"axis {axis}, received {name}.shape={shape_of(value)} for "
                f"x.shape={shape}."
            )
    return spec(shape, float_dtype(dtype_of(x)))


def _ctc_loss_spec(
    target: Any, output: Any, target_length: Any, output_length: Any, mask_index: int = 0
) -> SymbolicTensor:
    shapes = {
        "target": (shape_of(target), 2),
        "output": (shape_of(output), 3),
        "target_length": (shape_of(target_length), 1),
        "output_length": (shape_of(output_length), 1),
    }
    for name, (shape, rank) in shapes.items():
        if len(shape) != rank:
            raise ValueError(f"ctc_loss: {name} must have rank {rank}, received shape {shape}.")
    batch_sizes = {shape[0] for shape, _ in shapes.values()} - {None}
    if len(batch_sizes) > 1:
        received = ", ".join(f"{name}.shape={shape}" for name, (shape, _) in shapes.items())
        raise ValueError(f"ctc_loss: batch sizes differ, received {received}.")
    batch = batch_sizes.pop() if batch_sizes else None
    _integer_input("ctc_loss", target, "target")
    return spec((batch,), float_dtype(dtype_of(output)))


@lamina_op(_one_hot_spec)
def one_hot(
    x: Any, num_classes: int, axis: int = -1, dtype: Any = None, sparse: bool = False
) -> Tensor:
    """Encodes integer labels as one-hot vectors along a new axis.

    Labels outside `[0, num_classes)` give all-zero vectors.

    Args:
        x: An integer tensor of labels.
        num_classes: The length of the new axis.
        axis: Where the new axis goes in the output (-1: last).
        dtype: The output dtype; `floatx()` when None.
        sparse: Accepted for Keras compatibility; lamina returns dense tensors.

    Returns:
        A tensor of shape `x.shape` with `num_classes` inserted at `axis`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.one_hot([2, 0], 3)).tolist()
        [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    """
    return _b.one_hot(x, _num_classes("one_hot", num_classes), axis=axis, dtype=dtype)


@lamina_op(_multi_hot_spec)
def multi_hot(
    inputs: Any,
    num_classes: int | None = None,
    axis: int = -1,
    dtype: Any = None,
    sparse: bool = False,
    **kwargs: Any,
) -> Tensor:
    """Encodes integer labels as multi-hot vectors: one-hot, then the max over the labels.

    As in Keras, a rank-1 input is one sample; for higher ranks, axis 1 of the one-hot
    encoding (the labels of each sample in a `(batch, labels)` input) is reduced.

    Args:
        inputs: An integer tensor of labels, rank >= 1.
        num_classes: The number of classes (`num_tokens` is accepted as an old alias).
        axis: Where the class axis goes in the one-hot encoding (-1: last).
        dtype: The output dtype; `floatx()` when None.
        sparse: Accepted for Keras compatibility; lamina returns dense tensors.

    Returns:
        The multi-hot tensor, e.g. `(batch, num_classes)` for `(batch, labels)` inputs.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.multi_hot([0, 3, 3], num_classes=4)).tolist()
        [1.0, 0.0, 0.0, 1.0]
    """
    num_classes = _num_classes("multi_hot", kwargs.pop("num_tokens", num_classes))
    return _b.multi_hot(inputs, num_classes, axis=axis, dtype=dtype)


@lamina_op(_binary_crossentropy_spec)
def binary_crossentropy(target: Any, output: Any, from_logits: bool = False) -> Tensor:
    """Element-wise binary crossentropy `-(t * log(p) + (1 - t) * log(1 - p))`.

    Args:
        target: Targets in `[0, 1]`, with the shape of `output`.
        output: Probabilities, or logits when `from_logits`.
        from_logits: Whether `output` holds logits (the stable softplus form is used).

    Returns:
        A float tensor with the shape of `output`.

    Example:
        >>> import lamina
        >>> y = lamina.ops.binary_crossentropy([1.0, 0.0], [0.5, 0.5])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [0.6931, 0.6931]
    """
    return _b.binary_crossentropy(target, output, from_logits=from_logits)


@lamina_op(_categorical_crossentropy_spec)
def categorical_crossentropy(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> Tensor:
    """Categorical crossentropy `-sum(t * log(p))` over the class `axis`.

    Without logits, `output` is first rescaled to sum to 1 over `axis`.

    Args:
        target: Target distributions (e.g. one-hot), with the shape of `output`.
        output: Probabilities, or logits when `from_logits` (log_softmax is used).
        from_logits: Whether `output` holds logits.
        axis: The class axis.

    Returns:
        A float tensor: `output`'s shape without `axis`.

    Example:
        >>> import lamina
        >>> y = lamina.ops.categorical_crossentropy([[0.0, 1.0]], [[0.5, 0.5]])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [0.6931]
    """
    return _b.categorical_crossentropy(target, output, from_logits=from_logits, axis=axis)


@lamina_op(_sparse_categorical_crossentropy_spec)
def sparse_categorical_crossentropy(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> Tensor:
    """Categorical crossentropy with integer class labels: `-log(p[target])`.

    Args:
        target: Integer labels: `output`'s shape without `axis` (a trailing size-1 axis is
            also accepted).
        output: Probabilities, or logits when `from_logits`.
        from_logits: Whether `output` holds logits.
        axis: The class axis of `output`.

    Returns:
        A float tensor: `output`'s shape without `axis`.

    Example:
        >>> import lamina
        >>> y = lamina.ops.sparse_categorical_crossentropy([1], [[0.0, 0.0]], from_logits=True)
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [0.6931]
    """
    return _b.sparse_categorical_crossentropy(target, output, from_logits=from_logits, axis=axis)


@lamina_op(_moments_spec)
def moments(
    x: Any, axes: int | Sequence[int], keepdims: bool = False, synchronized: bool = False
) -> tuple[Tensor, Tensor]:
    """Mean and (biased) variance of `x` over `axes`.

    float16 and bfloat16 inputs are reduced in float32 and the results cast back.

    Args:
        x: A tensor.
        axes: The axis or axes to reduce.
        keepdims: Whether to keep the reduced axes as size-1 dims.
        synchronized: Accepted for Keras compatibility (for cross-device statistics); lamina
            computes the statistics of the tensor it is given.

    Returns:
        A `(mean, variance)` pair.

    Example:
        >>> import lamina
        >>> mean, variance = lamina.ops.moments([[1.0, 3.0], [5.0, 7.0]], axes=[0, 1])
        >>> [lamina.ops.convert_to_numpy(t).tolist() for t in (mean, variance)]
        [4.0, 5.0]
    """
    return _b.moments(x, axes, keepdims=keepdims)


@lamina_op(_normalize_spec)
def normalize(
    x: Any, axis: int | Sequence[int] = -1, order: int = 2, epsilon: float | None = None
) -> Tensor:
    """Divides `x` by its `order`-norm over `axis` (at least `epsilon`).

    Args:
        x: A tensor.
        axis: The axis or axes the norm is taken over.
        order: The norm's order, an int >= 1.
        epsilon: Lower bound of the norm; `lamina.config.epsilon()` when None.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.normalize([3.0, 4.0])).tolist()
        [0.6000000238418579, 0.800000011920929]
    """
    _check_order(order)
    if epsilon is None:
        epsilon = backend.epsilon()
    return _b.normalize(x, axis=axis, order=order, epsilon=epsilon)


@lamina_op(_batch_normalization_spec)
def batch_normalization(
    x: Any,
    mean: Any,
    variance: Any,
    axis: int,
    offset: Any = None,
    scale: Any = None,
    epsilon: float = 1e-3,
) -> Tensor:
    """Normalizes `x` with given statistics: `(x - mean) / sqrt(variance + epsilon) * scale +
    offset`, the 1-D parameters running along `axis`.

    The parameters are combined in their own dtype, then applied in `x`'s dtype, so float16
    inputs with float32 statistics stay float16.

    Args:
        x: A tensor.
        mean: The mean, shape `(x.shape[axis],)`.
        variance: The variance, shape `(x.shape[axis],)`.
        axis: The feature axis of `x`.
        offset: An optional shift (beta), shape `(x.shape[axis],)`.
        scale: An optional scale (gamma), shape `(x.shape[axis],)`.
        epsilon: Added to the variance to avoid dividing by zero.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.ops.batch_normalization([[1.0, 4.0]], [1.0, 2.0], [1.0, 4.0], axis=1,
        ...                                    epsilon=0.0)
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [[0.0, 1.0]]
    """
    return _b.batch_normalization(
        x, mean, variance, axis, offset=offset, scale=scale, epsilon=epsilon
    )


@lamina_op(_ctc_loss_spec)
def ctc_loss(
    target: Any, output: Any, target_length: Any, output_length: Any, mask_index: int = 0
) -> Tensor:
    """Connectionist temporal classification loss: the negative log-likelihood, per sample,
    of `target` over all alignments of `output`.

    Targets that no alignment of the given length can produce give `inf`.

    Args:
        target: Integer labels, shape `(batch, max_label_length)`; entries past
            `target_length` are ignored.
        output: Logits, shape `(batch, max_time, num_classes)` (log_softmax is applied here).
        target_length: The label lengths, shape `(batch,)`.
        output_length: The valid time steps of `output`, shape `(batch,)`.
        mask_index: The class index of the blank (mask) symbol.

    Returns:
        A float tensor of shape `(batch,)`.

    Example:
        >>> import lamina
        >>> loss = lamina.ops.ctc_loss([[1]], [[[0.0, 0.0]]], [1], [1])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(loss).tolist()]
        [0.6931]
    """
    return _b.ctc_loss(target, output, target_length, output_length, mask_index=mask_index)
