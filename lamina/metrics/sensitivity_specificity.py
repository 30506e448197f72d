"""Metrics at an operating point: the best value of one rate over the thresholds where another
rate reaches a target (SensitivityAtSpecificity, SpecificityAtSensitivity, PrecisionAtRecall,
RecallAtPrecision).

Each accumulates the four weighted confusion counts at `num_thresholds` thresholds spread
evenly over [0, 1] (`[0.5]` for one threshold); `result` picks, among the thresholds whose
constrained rate is at least the target, the largest dependent rate (0 when none qualifies).
"""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.metrics.confusion_counts import (
    check_top_k_and_class_id,
    confusion_counts,
    evenly_spaced,
)
from lamina.metrics.metric import Metric
from lamina.metrics.reduction_metrics import divide_no_nan
from lamina.typing import Tensor


class _SensitivitySpecificityBase(Metric):
    """Holds the confusion counts at evenly spaced thresholds and the target `value`."""

    #: The constructor argument holding the target (e.g. "specificity"), also its config key.
    _value_argument = "value"

    def __init__(
        self,
        value: float,
        num_thresholds: int = 200,
        class_id: int | None = None,
        name: str | None = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        owner = f"{type(self).__name__} '{self.name}'"
        argument = self._value_argument
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise ValueError(
                f"{owner}: {argument} must be a number in [0, 1], received {argument}={value!r}."
            )
        if (
            isinstance(num_thresholds, bool)
            or not isinstance(num_thresholds, int)
            or num_thresholds <= 0
        ):
            raise ValueError(
                f"{owner}: num_thresholds must be an int > 0, received {num_thresholds!r}."
            )
        check_top_k_and_class_id(owner, None, class_id)
        self.value = float(value)
        self.num_thresholds = num_thresholds
        self.class_id = class_id
        if num_thresholds == 1:
            self.thresholds = [0.5]
        else:
            inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self.thresholds = [0.0] + inner + [1.0]
        self._evenly_spaced = evenly_spaced(self.thresholds)
        shape = (len(self.thresholds),)
        self.true_positives = self.add_variable(
            shape, "zeros", dtype=self.dtype, name="true_positives"
        )
        self.false_positives = self.add_variable(
            shape, "zeros", dtype=self.dtype, name="false_positives"
        )
        self.true_negatives = self.add_variable(
            shape, "zeros", dtype=self.dtype, name="true_negatives"
        )
        self.false_negatives = self.add_variable(
            shape, "zeros", dtype=self.dtype, name="false_negatives"
        )

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Adds the batch's weighted confusion counts at every threshold.

        Args:
            y_true: Labels; non-zero means positive.
            y_pred: Predicted probabilities, the same shape (with `class_id`:
                `(batch, num_classes)`).
            sample_weight: None, or weights broadcastable to `y_true`.
        """
        counts = confusion_counts(
            y_true,
            y_pred,
            self.thresholds,
            self.dtype,
            sample_weight=sample_weight,
            class_id=self.class_id,
            thresholds_evenly_spaced=self._evenly_spaced,
        )
        self.true_positives.assign_add(counts["tp"])
        self.false_positives.assign_add(counts["fp"])
        self.true_negatives.assign_add(counts["tn"])
        self.false_negatives.assign_add(counts["fn"])

    def get_config(self) -> dict[str, Any]:
        """Returns `name`, `dtype`, `num_thresholds`, `class_id` and the target value."""
        return {
            **super().get_config(),
            "num_thresholds": self.num_thresholds,
            "class_id": self.class_id,
            self._value_argument: self.value,
        }

    def _rates(self) -> dict[str, Tensor]:
        true_pos = self.true_positives.value
        false_pos = self.false_positives.value
        true_neg = self.true_negatives.value
        false_neg = self.false_negatives.value
        recall = divide_no_nan(true_pos, ops.add(true_pos, false_neg))
        return {
            "sensitivity": recall,
            "recall": recall,
            "specificity": divide_no_nan(true_neg, ops.add(true_neg, false_pos)),
            "precision": divide_no_nan(true_pos, ops.add(true_pos, false_pos)),
        }

    def _best_where_reached(self, constrained: Tensor, dependent: Tensor) -> Tensor:
        # Rates are >= 0, so masking the infeasible thresholds with 0 gives 0 when none is
        # feasible and the best feasible rate otherwise; no branch on a tensor value.
        feasible = ops.greater_equal(constrained, ops.cast(self.value, ops.dtype(constrained)))
        return ops.max(ops.where(feasible, dependent, ops.zeros_like(dependent)))


class SensitivityAtSpecificity(_SensitivitySpecificityBase):
    """The best sensitivity `tp / (tp + fn)` over the thresholds where the specificity
    `tn / (tn + fp)` is at least `specificity` (0 when no threshold reaches it).

    Args:
        specificity: The target specificity, a number in [0, 1].
        num_thresholds: How many thresholds (> 0) to try, spread evenly over [0, 1].
        class_id: Only this class (index of the last axis) counts.
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.SensitivityAtSpecificity(0.5)
        >>> metric.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
        >>> float(metric.result())
        0.5
    """

    _value_argument = "specificity"

    def __init__(
        self,
        specificity: float,
        num_thresholds: int = 200,
        class_id: int | None = None,
        name: str | None = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(specificity, num_thresholds, class_id, name=name, dtype=dtype)
        self.specificity = self.value

    def result(self) -> Tensor:
        """Returns the best sensitivity where the specificity reaches the target."""
        rates = self._rates()
        return self._best_where_reached(rates["specificity"], rates["sensitivity"])


class SpecificityAtSensitivity(_SensitivitySpecificityBase):
    """The best specificity `tn / (tn + fp)` over the thresholds where the sensitivity
    `tp / (tp + fn)` is at least `sensitivity` (0 when no threshold reaches it).

    Args:
        sensitivity: The target sensitivity, a number in [0, 1].
        num_thresholds: How many thresholds (> 0) to try, spread evenly over [0, 1].
        class_id: Only this class (index of the last axis) counts.
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.SpecificityAtSensitivity(0.5)
        >>> metric.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
        >>> round(float(metric.result()), 4)
        0.6667
    """

    _value_argument = "sensitivity"

    def __init__(
        self,
        sensitivity: float,
        num_thresholds: int = 200,
        class_id: int | None = None,
        name: str | None = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(sensitivity, num_thresholds, class_id, name=name, dtype=dtype)
        self.sensitivity = self.value

    def result(self) -> Tensor:
        """Returns the best specificity where the sensitivity reaches the target."""
        rates = self._rates()
        return self._best_where_reached(rates["sensitivity"], rates["specificity"])


class PrecisionAtRecall(_SensitivitySpecificityBase):
    """The best precision `tp / (tp + fp)` over the thresholds where the recall
    `tp / (tp + fn)` is at least `recall` (0 when no threshold reaches it).

    Args:
        recall: The target recall, a number in [0, 1].
        num_thresholds: How many thresholds (> 0) to try, spread evenly over [0, 1].
        class_id: Only this class (index of the last axis) counts.
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.PrecisionAtRecall(0.5)
        >>> metric.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
        >>> float(metric.result())
        0.5
    """

    _value_argument = "recall"

    def __init__(
        self,
        recall: float,
        num_thresholds: int = 200,
        class_id: int | None = None,
        name: str | None = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(recall, num_thresholds, class_id, name=name, dtype=dtype)
        self.recall = self.value

    def result(self) -> Tensor:
        """Returns the best precision where the recall reaches the target."""
        rates = self._rates()
        return self._best_where_reached(rates["recall"], rates["precision"])


class RecallAtPrecision(_SensitivitySpecificityBase):
    """The best recall `tp / (tp + fn)` over the thresholds where the precision
    `tp / (tp + fp)` is at least `precision` (0 when no threshold reaches it).

    Args:
        precision: The target precision, a number in [0, 1].
        num_thresholds: How many thresholds (> 0) to try, spread evenly over [0, 1].
        class_id: Only this class (index of the last axis) counts.
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.RecallAtPrecision(0.8)
        >>> metric.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
        >>> float(metric.result())
        0.5
    """

    _value_argument = "precision"

    def __init__(
        self,
        precision: float,
        num_thresholds: int = 200,
        class_id: int | None = None,
        name: str | None = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(precision, num_thresholds, class_id, name=name, dtype=dtype)
        self.precision = self.value

    def result(self) -> Tensor:
        """Returns the best recall where the precision reaches the target."""
        rates = self._rates()
        return self._best_where_reached(rates["precision"], rates["recall"])
