"""Regression loss functions: one value per sample, reduced over the last axis.

Each takes `y_true` and `y_pred` of the same shape (ranks differing by a trailing size-1 axis
are matched; other shapes must broadcast) and computes in `y_pred`'s float dtype.
"""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.backend import epsilon
from lamina.losses.shape_checks import prepare
from lamina.typing import Tensor


def mean_squared_error(y_true: Any, y_pred: Any) -> Tensor:
    """Mean squared error over the last axis: `mean(square(y_true - y_pred), axis=-1)`.

    Args:
        y_true: Targets, shape `(batch, ..., d)`.
        y_pred: Predictions, the same shape.

    Returns:
        The loss per sample, shape `(batch, ...)`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.mean_squared_error([[0.0, 1.0]], [[1.0, 3.0]])
        >>> lamina.ops.convert_to_numpy(loss).tolist()
        [2.5]
    """
    y_true, y_pred = prepare("mean_squared_error", y_true, y_pred)
    return ops.mean(ops.square(y_true - y_pred), axis=-1)


def mean_absolute_error(y_true: Any, y_pred: Any) -> Tensor:
    """Mean absolute error over the last axis: `mean(abs(y_true - y_pred), axis=-1)`.

    Args:
        y_true: Targets, shape `(batch, ..., d)`.
        y_pred: Predictions, the same shape.

    Returns:
        The loss per sample, shape `(batch, ...)`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.mean_absolute_error([[0.0, 1.0]], [[1.0, 3.0]])
        >>> lamina.ops.convert_to_numpy(loss).tolist()
        [1.5]
    """
    y_true, y_pred = prepare("mean_absolute_error", y_true, y_pred)
    return ops.mean(ops.abs(y_true - y_pred), axis=-1)


def mean_absolute_percentage_error(y_true: Any, y_pred: Any) -> Tensor:
    """Mean absolute percentage error: `100 * mean(abs((y_true - y_pred) / y_true), axis=-1)`.

    The denominator is at least `epsilon()` in magnitude, so zero targets give large but
    finite values.

    Args:
        y_true: Targets, shape `(batch, ..., d)`.
        y_pred: Predictions, the same shape.

    Returns:
        The loss per sample, shape `(batch, ...)`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.mean_absolute_percentage_error([[2.0, 4.0]], [[1.0, 5.0]])
        >>> lamina.ops.convert_to_numpy(loss).tolist()
        [37.5]
    """
    y_true, y_pred = prepare("mean_absolute_percentage_error", y_true, y_pred)
    denominator = ops.maximum(ops.abs(y_true), epsilon())
    return ops.mean(ops.abs((y_true - y_pred) / denominator), axis=-1) * 100.0


def mean_squared_logarithmic_error(y_true: Any, y_pred: Any) -> Tensor:
    """Mean squared logarithmic error: `mean(square(log(y_true + 1) - log(y_pred + 1)), -1)`.

    Values below `epsilon()` are raised to it first, so negative inputs are allowed.

    Args:
        y_true: Targets, shape `(batch, ..., d)`.
        y_pred: Predictions, the same shape.

    Returns:
        The loss per sample, shape `(batch, ...)`.

    Example:
        >>> import lamina
        >>> import math
        >>> loss = lamina.losses.mean_squared_logarithmic_error([[0.0]], [[math.e - 1.0]])
        >>> round(lamina.ops.convert_to_numpy(loss).tolist()[0], 4)
        1.0
    """
    y_true, y_pred = prepare("mean_squared_logarithmic_error", y_true, y_pred)
    log_pred = ops.log1p(ops.maximum(y_pred, epsilon()))
    log_true = ops.log1p(ops.maximum(y_true, epsilon()))
    return ops.mean(ops.square(log_pred - log_true), axis=-1)


def cosine_similarity(y_true: Any, y_pred: Any, axis: int = -1) -> Tensor:
    """Negative cosine similarity along `axis`: `-sum(l2_normalize(y_true) *
    l2_normalize(y_pred), axis)`.

    It lies in `[-1, 1]`; -1 means the vectors point the same way, and a zero vector gives 0.

    Args:
        y_true: Targets.
        y_pred: Predictions, the same shape.
        axis: The axis of the vectors.

    Returns:
        The loss per vector: the shape without `axis`.

    Example:
        >>> import lamina
        >>> y_true, y_pred = [[0.0, 1.0], [1.0, 1.0]], [[0.0, -1.0], [2.0, 2.0]]
        >>> loss = lamina.losses.cosine_similarity(y_true, y_pred)
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(loss).tolist()]
        [1.0, -1.0]
    """
    y_true, y_pred = prepare("cosine_similarity", y_true, y_pred)
    y_true = ops.normalize(y_true, axis=axis)
    y_pred = ops.normalize(y_pred, axis=axis)
    return -ops.sum(y_true * y_pred, axis=axis)


def huber(y_true: Any, y_pred: Any, delta: float = 1.0) -> Tensor:
    """Huber loss, averaged over the last axis: `0.5 * x ** 2` where `|x| <= delta`, else
    `delta * |x| - 0.5 * delta ** 2`, for the error `x = y_pred - y_true`.

    Args:
        y_true: Targets, shape `(batch, ..., d)`.
        y_pred: Predictions, the same shape.
        delta: Where the loss turns from quadratic to linear.

    Returns:
        The loss per sample, shape `(batch, ...)`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.huber([[0.0, 0.0]], [[0.5, 3.0]])
        >>> lamina.ops.convert_to_numpy(loss).tolist()
        [1.3125]
    """
    y_true, y_pred = prepare("huber", y_true, y_pred)
    error = y_pred - y_true
    absolute = ops.abs(error)
    quadratic = ops.square(error) * 0.5
    linear = absolute * delta - 0.5 * delta * delta
    return ops.mean(ops.where(absolute <= delta, quadratic, linear), axis=-1)


def log_cosh(y_true: Any, y_pred: Any) -> Tensor:
    """Mean of `log(cosh(y_pred - y_true))` over the last axis, computed without overflow.

    About `x ** 2 / 2` for small errors `x` and `|x| - log(2)` for large ones.

    Args:
        y_true: Targets, shape `(batch, ..., d)`.
        y_pred: Predictions, the same shape.

    Returns:
        The loss per sample, shape `(batch, ...)`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.log_cosh([[0.0, 0.0]], [[1.0, 0.0]])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(loss).tolist()]
        [0.2169]
    """
    y_true, y_pred = prepare("log_cosh", y_true, y_pred)
    error = y_pred - y_true
    # log(cosh(x)) = x + softplus(-2x) - log(2), which never overflows.
    return ops.mean(error + ops.softplus(error * -2.0), axis=-1) - _LOG_2


_LOG_2 = 0.6931471805599453
