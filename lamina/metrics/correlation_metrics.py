"""Correlation metrics: the Pearson and concordance correlation coefficients of labels and
predictions, per sample along an axis, averaged over all samples seen."""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.losses.shape_checks import prepare
from lamina.metrics.reduction_metrics import BuiltinMeanMetric
from lamina.typing import Tensor

Axis = int | tuple[int, ...]


def pearson_correlation(y_true: Any, y_pred: Any, axis: Axis = -1) -> Tensor:
    """Returns the Pearson correlation coefficient of `y_true` and `y_pred` along `axis`.

    Both are centred and divided by their standard deviation along `axis`; the coefficient
    is the mean of their product, in [-1, 1]. A constant slice has no defined correlation
    and gives NaN, as in Keras.

    Args:
        y_true: The labels.
        y_pred: The predictions, the same shape (a trailing size-1 axis may differ).
        axis: The axis (or axes) of the values to correlate.

    Returns:
        The coefficients: the inputs' shape without `axis`.

    Example:
        >>> import lamina
        >>> values = lamina.metrics.pearson_correlation(
        ...     [[0, 1, 0.5], [1, 1, 0.2]], [[0.1, 0.9, 0.5], [1, 0.9, 0.2]]
        ... )
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(values).tolist()]
        [1.0, 0.9934]
    """
    y_true, y_pred = prepare("pearson_correlation", y_true, y_pred)
    true_scores = _standard_scores(y_true, axis)
    pred_scores = _standard_scores(y_pred, axis)
    return ops.mean(ops.multiply(true_scores, pred_scores), axis=axis)


def concordance_correlation(y_true: Any, y_pred: Any, axis: Axis = -1) -> Tensor:
    """Returns Lin's concordance correlation coefficient of `y_true` and `y_pred` along
    `axis`: `2 * cov / (var_true + var_pred + (mean_true - mean_pred) ** 2)`.

    Unlike the Pearson coefficient it is 1 only when predictions equal labels, not merely
    when they are proportional.

    Args:
        y_true: The labels.
        y_pred: The predictions, the same shape (a trailing size-1 axis may differ).
        axis: The axis (or axes) of the values to compare.

    Returns:
        The coefficients: the inputs' shape without `axis`.

    Example:
        >>> import lamina
        >>> values = lamina.metrics.concordance_correlation(
        ...     [[0, 1, 0.5], [1, 1, 0.2]], [[0.1, 0.9, 0.5], [1, 0.9, 0.2]]
        ... )
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(values).tolist()]
        [0.9756, 0.9877]
    """
    y_true, y_pred = prepare("concordance_correlation", y_true, y_pred)
    true_mean = ops.mean(y_true, axis=axis, keepdims=True)
    pred_mean = ops.mean(y_pred, axis=axis, keepdims=True)
    true_centred = ops.subtract(y_true, true_mean)
    pred_centred = ops.subtract(y_pred, pred_mean)
    covariance = ops.mean(ops.multiply(true_centred, pred_centred), axis=axis)
    spread = ops.add(
        ops.mean(ops.square(true_centred), axis=axis),
        ops.mean(ops.square(pred_centred), axis=axis),
    )
    shift = ops.square(ops.subtract(ops.mean(y_true, axis=axis), ops.mean(y_pred, axis=axis)))
    return ops.divide(ops.multiply(covariance, 2.0), ops.add(spread, shift))


class PearsonCorrelation(BuiltinMeanMetric):
    """The mean Pearson correlation coefficient of labels and predictions along `axis`.

    Each sample's coefficient (see `pearson_correlation`) is in [-1, 1]: 1 for a perfect
    increasing linear relation, 0 for none, -1 for a perfect decreasing one.

    Args:
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.
        axis: The axis (or axes) of the values to correlate.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.PearsonCorrelation()
        >>> metric.update_state([[0, 1, 0.5], [1, 1, 0.2]], [[0.1, 0.9, 0.5], [1, 0.9, 0.2]])
        >>> round(float(metric.result()), 4)
        0.9967
    """

    def __init__(
        self, name: str = "pearson_correlation", dtype: Any = None, axis: Axis = -1
    ) -> None:
        super().__init__(pearson_correlation, name=name, dtype=dtype, axis=axis)
        self._direction = "up"


class ConcordanceCorrelation(BuiltinMeanMetric):
    """The mean concordance correlation coefficient of labels and predictions along `axis`.

    Each sample's coefficient (see `concordance_correlation`) is in [-1, 1], and 1 only
    when predictions equal labels.

    Args:
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.
        axis: The axis (or axes) of the values to compare.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.ConcordanceCorrelation()
        >>> metric.update_state([[0, 1, 0.5], [1, 1, 0.2]], [[0.1, 0.9, 0.5], [1, 0.9, 0.2]])
        >>> round(float(metric.result()), 4)
        0.9816
    """

    def __init__(
        self, name: str = "concordance_correlation", dtype: Any = None, axis: Axis = -1
    ) -> None:
        super().__init__(concordance_correlation, name=name, dtype=dtype, axis=axis)
        self._direction = "up"


def _standard_scores(values: Tensor, axis: Axis) -> Tensor:
    centred = ops.subtract(values, ops.mean(values, axis=axis, keepdims=True))
    return ops.divide(centred, ops.std(centred, axis=axis, keepdims=True))
