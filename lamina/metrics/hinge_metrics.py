"""Hinge metrics: running means of the hinge losses (labels in {-1, 1}, or {0, 1} mapped)."""

from __future__ import annotations

from typing import Any

from lamina.losses import margin as _margin
from lamina.metrics.reduction_metrics import BuiltinMeanMetric


class Hinge(BuiltinMeanMetric):
    """The mean of `max(1 - y_true * y_pred, 0)` (labels 0/1 are taken as -1/1).

    Args:
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.Hinge()
        >>> metric.update_state([[0.0, 1.0]], [[0.5, 0.5]])
        >>> float(metric.result())
        1.0
    """

    def __init__(self, name: str = "hinge", dtype: Any = None) -> None:
        super().__init__(_margin.hinge, name=name, dtype=dtype)
        self._direction = "down"


class SquaredHinge(BuiltinMeanMetric):
    """The mean of `max(1 - y_true * y_pred, 0) ** 2` (labels 0/1 are taken as -1/1).

    Args:
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.SquaredHinge()
        >>> metric.update_state([[0.0, 1.0]], [[0.5, 0.5]])
        >>> float(metric.result())
        1.25
    """

    def __init__(self, name: str = "squared_hinge", dtype: Any = None) -> None:
        super().__init__(_margin.squared_hinge, name=name, dtype=dtype)
        self._direction = "down"


class CategoricalHinge(BuiltinMeanMetric):
    """The mean of `max(0, 1 + max((1 - y_true) * y_pred) - sum(y_true * y_pred))`.

    Args:
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.CategoricalHinge()
        >>> metric.update_state([[0.0, 1.0]], [[0.6, 0.4]])
        >>> round(float(metric.result()), 4)
        1.2
    """

    def __init__(self, name: str = "categorical_hinge", dtype: Any = None) -> None:
        super().__init__(_margin.categorical_hinge, name=name, dtype=dtype)
        self._direction = "down"
