"""Confusion-matrix metrics: TruePositives, FalsePositives, TrueNegatives, FalseNegatives,
Precision and Recall, accumulated at one or more thresholds."""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.metrics.confusion_counts import (
    NEG_INF,
    check_top_k_and_class_id,
    confusion_counts,
    evenly_spaced,
    parse_thresholds,
)
from lamina.metrics.metric import Metric
from lamina.metrics.reduction_metrics import divide_no_nan
from lamina.typing import Tensor


class _ConfusionMatrixConditionCount(Metric):
    """Accumulates one weighted count (`"tp"`, `"fp"`, `"tn"` or `"fn"`) per threshold."""

    _condition = "tp"

    def __init__(self, thresholds: Any = None, name: str | None = None, dtype: Any = None) -> None:
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        owner = f"{type(self).__name__} '{self.name}'"
        self.thresholds = parse_thresholds(owner, thresholds, default=0.5)
        self._evenly_spaced = evenly_spaced(self.thresholds)
        self.accumulator = self.add_variable(
            (len(self.thresholds),), "zeros", dtype=self.dtype, name="accumulator"
        )

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Adds the batch's weighted count at each threshold.

        Args:
            y_true: Labels; non-zero means positive.
            y_pred: Predictions (usually probabilities), the same shape.
            sample_weight: None, or weights broadcastable to `y_true`.
        """
        counts = confusion_counts(
            y_true,
            y_pred,
            self.thresholds,
            self.dtype,
            sample_weight=sample_weight,
            thresholds_evenly_spaced=self._evenly_spaced,
        )
        self.accumulator.assign_add(counts[self._condition])

    def result(self) -> Tensor:
        """Returns the count: a scalar for one threshold, else one per threshold."""
        if len(self.thresholds) == 1:
            return ops.copy(self.accumulator.value[0])
        return ops.copy(self.accumulator.value)

    def get_config(self) -> dict[str, Any]:
        """Returns `name`, `dtype` and `thresholds` (as given)."""
        return {**super().get_config(), "thresholds": self.init_thresholds}


class TruePositives(_ConfusionMatrixConditionCount):
    """The weighted number of positive labels predicted above the threshold(s).

    Args:
        thresholds: A float or list of floats in [0, 1]; predictions above a threshold count
            as positive. 0.5 when None.
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.TruePositives()
        >>> metric.update_state([0, 1, 1, 1], [1, 0, 1, 1])
        >>> float(metric.result())
        2.0
    """

    _condition = "tp"


class FalsePositives(_ConfusionMatrixConditionCount):
    """The weighted number of negative labels predicted above the threshold(s).

    Args:
        thresholds: A float or list of floats in [0, 1]; 0.5 when None.
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.FalsePositives()
        >>> metric.update_state([0, 1, 0, 0], [0, 0, 1, 1])
        >>> float(metric.result())
        2.0
    """

    _condition = "fp"


class TrueNegatives(_ConfusionMatrixConditionCount):
    """The weighted number of negative labels predicted at or below the threshold(s).

    Args:
        thresholds: A float or list of floats in [0, 1]; 0.5 when None.
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.TrueNegatives()
        >>> metric.update_state([0, 1, 0, 0], [1, 1, 0, 0])
        >>> float(metric.result())
        2.0
    """

    _condition = "tn"


class FalseNegatives(_ConfusionMatrixConditionCount):
    """The weighted number of positive labels predicted at or below the threshold(s).

    Args:
        thresholds: A float or list of floats in [0, 1]; 0.5 when None.
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.FalseNegatives()
        >>> metric.update_state([0, 1, 1, 1], [0, 1, 0, 0])
        >>> float(metric.result())
        2.0
    """

    _condition = "fn"


class _PrecisionRecallBase(Metric):
    """Accumulates true positives and one other count per threshold."""

    _other = "fp"
    _other_name = "false_positives"

    def __init__(
        self,
        thresholds: Any = None,
        top_k: int | None = None,
        class_id: int | None = None,
        name: str | None = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(name=name, dtype=dtype)
        owner = f"{type(self).__name__} '{self.name}'"
        check_top_k_and_class_id(owner, top_k, class_id)
        self._direction = "up"
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default = 0.5 if top_k is None else NEG_INF
        self.thresholds = parse_thresholds(owner, thresholds, default=default)
        self._evenly_spaced = evenly_spaced(self.thresholds)
        shape = (len(self.thresholds),)
        self.true_positives = self.add_variable(
            shape, "zeros", dtype=self.dtype, name="true_positives"
        )
        self._other_count = self.add_variable(
            shape, "zeros", dtype=self.dtype, name=self._other_name
        )

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Adds the batch's weighted counts at each threshold.

        Args:
            y_true: Labels; non-zero means positive.
            y_pred: Predictions (usually probabilities), the same shape.
            sample_weight: None, or weights broadcastable to `y_true`.
        """
        counts = confusion_counts(
            y_true,
            y_pred,
            self.thresholds,
            self.dtype,
            sample_weight=sample_weight,
            top_k=self.top_k,
            class_id=self.class_id,
            thresholds_evenly_spaced=self._evenly_spaced,
        )
        self.true_positives.assign_add(counts["tp"])
        self._other_count.assign_add(counts[self._other])

    def result(self) -> Tensor:
        """Returns `tp / (tp + other)` (0 where nothing was counted): a scalar for one
        threshold, else one value per threshold."""
        true_positives = self.true_positives.value
        total = ops.add(true_positives, self._other_count.value)
        value = divide_no_nan(true_positives, total)
        return value[0] if len(self.thresholds) == 1 else value

    def get_config(self) -> dict[str, Any]:
        """Returns `name`, `dtype`, `thresholds` (as given), `top_k` and `class_id`."""
        return {
            **super().get_config(),
            "thresholds": self.init_thresholds,
            "top_k": self.top_k,
            "class_id": self.class_id,
        }


class Precision(_PrecisionRecallBase):
    """The share of positive predictions whose label is positive: `tp / (tp + fp)`.

    Args:
        thresholds: A float or list of floats in [0, 1]; predictions above a threshold count
            as positive. 0.5 when None (with `top_k`: every kept prediction is positive).
        top_k: Only the `top_k` largest predictions of the last axis can be positive.
        class_id: Only this class (index of the last axis) counts.
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.Precision()
        >>> metric.update_state([0, 1, 1, 1], [1, 0, 1, 1])
        >>> round(float(metric.result()), 4)
        0.6667
        >>> metric = lamina.metrics.Precision(top_k=1)
        >>> metric.update_state(
        ...     [[0, 0, 1, 1], [1, 0, 0, 0]], [[0.1, 0.2, 0.9, 0.3], [0.2, 0.7, 0.1, 0.0]]
        ... )
        >>> float(metric.result())
        0.5
    """

    _other = "fp"
    _other_name = "false_positives"

    @property
    def false_positives(self) -> Any:
        """The accumulated weighted false positives (a Variable, one per threshold)."""
        return self._other_count


class Recall(_PrecisionRecallBase):
    """The share of positive labels predicted positive: `tp / (tp + fn)`.

    Args:
        thresholds: A float or list of floats in [0, 1]; predictions above a threshold count
            as positive. 0.5 when None (with `top_k`: every kept prediction is positive).
        top_k: Only the `top_k` largest predictions of the last axis can be positive.
        class_id: Only this class (index of the last axis) counts.
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.Recall()
        >>> metric.update_state([0, 1, 1, 1], [1, 0, 1, 1])
        >>> round(float(metric.result()), 4)
        0.6667
    """

    _other = "fn"
    _other_name = "false_negatives"

    @property
    def false_negatives(self) -> Any:
        """The accumulated weighted false negatives (a Variable, one per threshold)."""
        return self._other_count
