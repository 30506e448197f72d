"""Regression metrics: running means of the regression losses' per-sample values, RMSE and
cosine similarity."""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.losses import regression as _regression
from lamina.losses.shape_checks import prepare, squeeze_or_expand_to_same_rank, to_tensor
from lamina.metrics.reduction_metrics import BuiltinMeanMetric, Mean, divide_no_nan
from lamina.typing import Tensor


class MeanSquaredError(BuiltinMeanMetric):
    """The mean of `(y_pred - y_true) ** 2` over all values seen.

    Args:
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.MeanSquaredError()
        >>> metric.update_state([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]])
        >>> float(metric.result())
        0.25
    """

    def __init__(self, name: str = "mean_squared_error", dtype: Any = None) -> None:
        super().__init__(_regression.mean_squared_error, name=name, dtype=dtype)
        self._direction = "down"


class RootMeanSquaredError(Mean):
    """The square root of the mean of `(y_pred - y_true) ** 2` over all values seen.

    Args:
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.RootMeanSquaredError()
        >>> metric.update_state([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]])
        >>> float(metric.result())
        0.5
    """

    def __init__(self, name: str = "root_mean_squared_error", dtype: Any = None) -> None:
        super().__init__(name=name, dtype=dtype)
        self._direction = "down"

    def update_state(  # type: ignore[override]
        self, y_true: Any, y_pred: Any, sample_weight: Any = None
    ) -> None:
        """Adds the squared errors of a batch, weighted by `sample_weight`."""
        y_true = to_tensor(y_true, self.dtype)
        y_pred = to_tensor(y_pred, self.dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        super().update_state(ops.square(ops.subtract(y_pred, y_true)), sample_weight)

    def result(self) -> Tensor:
        """Returns `sqrt(total / count)` (0 before any value)."""
        return ops.sqrt(divide_no_nan(self.total.value, self.count.value))


class MeanAbsoluteError(BuiltinMeanMetric):
    """The mean of `|y_pred - y_true|` over all values seen.

    Args:
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.MeanAbsoluteError()
        >>> metric.update_state([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]])
        >>> float(metric.result())
        0.25
    """

    def __init__(self, name: str = "mean_absolute_error", dtype: Any = None) -> None:
        super().__init__(_regression.mean_absolute_error, name=name, dtype=dtype)
        self._direction = "down"


class MeanAbsolutePercentageError(BuiltinMeanMetric):
    """The mean of `100 * |y_true - y_pred| / max(|y_true|, epsilon)` over all values seen.

    Args:
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.MeanAbsolutePercentageError()
        >>> metric.update_state([[2.0, 4.0]], [[1.0, 4.0]])
        >>> float(metric.result())
        25.0
    """

    def __init__(self, name: str = "mean_absolute_percentage_error", dtype: Any = None) -> None:
        super().__init__(_regression.mean_absolute_percentage_error, name=name, dtype=dtype)
        self._direction = "down"


class MeanSquaredLogarithmicError(BuiltinMeanMetric):
    """The mean of `(log(1 + y_pred) - log(1 + y_true)) ** 2` over all values seen.

    Args:
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.MeanSquaredLogarithmicError()
        >>> metric.update_state([[0.0, 0.0]], [[0.0, 1.0]])
        >>> round(float(metric.result()), 4)
        0.2402
    """

    def __init__(self, name: str = "mean_squared_logarithmic_error", dtype: Any = None) -> None:
        super().__init__(_regression.mean_squared_logarithmic_error, name=name, dtype=dtype)
        self._direction = "down"


class CosineSimilarity(BuiltinMeanMetric):
    """The mean cosine similarity between label and prediction vectors (1: same direction).

    Args:
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.
        axis: The axis of the vectors.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.CosineSimilarity()
        >>> metric.update_state([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]])
        >>> round(float(metric.result()), 4)
        0.5
    """

    def __init__(self, name: str = "cosine_similarity", dtype: Any = None, axis: int = -1) -> None:
        super().__init__(_cosine_similarity, name=name, dtype=dtype, axis=axis)
        self._direction = "up"


class LogCoshError(BuiltinMeanMetric):
    """The mean of `log(cosh(y_pred - y_true))` over all values seen.

    Args:
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.LogCoshError()
        >>> metric.update_state([[0.0, 0.0]], [[1.0, 0.0]])
        >>> round(float(metric.result()), 4)
        0.2169
    """

    def __init__(self, name: str = "logcosh", dtype: Any = None) -> None:
        super().__init__(_regression.log_cosh, name=name, dtype=dtype)
        self._direction = "down"


def _cosine_similarity(y_true: Any, y_pred: Any, axis: int = -1) -> Tensor:
    y_true, y_pred = prepare("CosineSimilarity", y_true, y_pred)
    y_true = ops.normalize(y_true, axis=axis)
    y_pred = ops.normalize(y_pred, axis=axis)
    return ops.sum(ops.multiply(y_true, y_pred), axis=axis)
