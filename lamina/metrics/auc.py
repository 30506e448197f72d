"""AUC: the area under the ROC or precision-recall curve, from confusion counts at thresholds."""

from __future__ import annotations

from typing import Any

import numpy as np

from lamina import ops
from lamina.backend import epsilon
from lamina.backend.common.variables import Variable
from lamina.losses.shape_checks import to_tensor
from lamina.metrics.confusion_counts import confusion_counts, evenly_spaced, parse_thresholds
from lamina.metrics.metric import Metric
from lamina.metrics.reduction_metrics import divide_no_nan
from lamina.typing import Tensor

_CURVES = {"roc": "ROC", "pr": "PR"}
_SUMMATION_METHODS = ("interpolation", "minoring", "majoring")


class AUC(Metric):
    """Area under the ROC curve (recall against false-positive rate) or the precision-recall
    curve, approximated by a Riemann sum over `num_thresholds` thresholds.

    Args:
        num_thresholds: How many thresholds (> 1), spread evenly over [0, 1].
        curve: `"ROC"` or `"PR"`.
        summation_method: `"interpolation"` (trapezoids; for PR, the interpolation of Davis &
            Goadrich 2006), `"minoring"` (lower rectangles) or `"majoring"` (upper ones).
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.
        thresholds: Explicit thresholds in [0, 1] (replacing `num_thresholds`); one just
            below 0 and one just above 1 are added.
        multi_label: Whether the last axis holds separate labels, each with its own curve
            (the result averages their AUCs), rather than values to pool.
        num_labels: The number of labels with `multi_label`; read from the first batch when
            None.
        label_weights: Non-negative weights per label: the weights of the average with
            `multi_label`, else weights of each label's values in the pooled counts.
        from_logits: Whether predictions are logits (a sigmoid is applied first).

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.AUC(num_thresholds=3)
        >>> metric.update_state([0, 0, 1, 1], [0.0, 0.5, 0.3, 0.9])
        >>> float(metric.result())
        0.75
    """

    def __init__(
        self,
        num_thresholds: int = 200,
        curve: str = "ROC",
        summation_method: str = "interpolation",
        name: str | None = None,
        dtype: Any = None,
        thresholds: Any = None,
        multi_label: bool = False,
        num_labels: int | None = None,
        label_weights: Any = None,
        from_logits: bool = False,
    ) -> None:
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        owner = f"AUC '{self.name}'"
        self.curve = _standardize_curve(owner, curve)
        self.summation_method = _standardize_summation(owner, summation_method)
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            inner = parse_thresholds(owner, thresholds, default=0.5)
            num_thresholds = len(inner) + 2
        else:
            if isinstance(num_thresholds, bool) or not isinstance(num_thresholds, int):
                num_thresholds = -1
            if num_thresholds <= 1:
                raise ValueError(
                    f"{owner}: num_thresholds must be an int > 1, received {num_thresholds!r}."
                )
            inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        self.num_thresholds = num_thresholds
        self._thresholds = [0.0 - epsilon()] + inner + [1.0 + epsilon()]
        self._evenly_spaced = evenly_spaced(self._thresholds)
        self.multi_label = multi_label
        self.num_labels = num_labels
        self.label_weights = _check_label_weights(owner, label_weights)
        self._from_logits = from_logits
        self._built = False
        if not multi_label:
            self._build(None)
        elif num_labels is not None:
            self._build((None, num_labels))

    @property
    def thresholds(self) -> list[float]:
        """The thresholds, including the two added around [0, 1]."""
        return list(self._thresholds)

    def _build(self, shape: tuple[int | None, ...] | None) -> None:
        if self.multi_label:
            if shape is None or len(shape) != 2 or shape[1] is None:
                raise ValueError(
                    f"AUC '{self.name}' with multi_label=True expected predictions of shape "
                    f"(batch, num_labels), received shape {shape}."
                )
            self.num_labels = int(shape[1])
            variable_shape: tuple[int, ...] = (self.num_thresholds, self.num_labels)
        else:
            variable_shape = (self.num_thresholds,)

        def zeros(variable_name: str) -> Variable:
            return self.add_variable(variable_shape, "zeros", dtype=self.dtype, name=variable_name)

        self.true_positives = zeros("true_positives")
        self.false_positives = zeros("false_positives")
        self.true_negatives = zeros("true_negatives")
        self.false_negatives = zeros("false_negatives")
        self._built = True

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Adds the batch's weighted confusion counts at every threshold.

        Args:
            y_true: Labels; non-zero means positive.
            y_pred: Predictions: probabilities, or logits with `from_logits`.
            sample_weight: None, or weights broadcastable to `y_true`.
        """
        y_pred = to_tensor(y_pred, self.dtype)
        if not self._built:
            self._build(tuple(y_pred.shape))
        if self._from_logits:
            y_pred = ops.sigmoid(y_pred)
        label_weights = None if self.multi_label else self.label_weights
        counts = confusion_counts(
            y_true,
            y_pred,
            self._thresholds,
            self.dtype,
            sample_weight=sample_weight,
            multi_label=self.multi_label,
            label_weights=label_weights,
            thresholds_evenly_spaced=self._evenly_spaced,
        )
        self.true_positives.assign_add(counts["tp"])
        self.false_positives.assign_add(counts["fp"])
        self.true_negatives.assign_add(counts["tn"])
        self.false_negatives.assign_add(counts["fn"])

    def result(self) -> Tensor:
        """Returns the area (for `multi_label`, the [weighted] mean of the labels' areas)."""
        true_pos = self.true_positives.value
        false_pos = self.false_positives.value
        false_neg = self.false_negatives.value
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self._average_labels(_interpolated_pr_areas(true_pos, false_pos, false_neg))
        recall = divide_no_nan(true_pos, ops.add(true_pos, false_neg))
        if self.curve == "ROC":
            true_neg = self.true_negatives.value
            x = divide_no_nan(false_pos, ops.add(false_pos, true_neg))
            y = recall
        else:
            x = recall
            y = divide_no_nan(true_pos, ops.add(true_pos, false_pos))
        if self.summation_method == "interpolation":
            heights = ops.multiply(ops.add(y[:-1], y[1:]), 0.5)
        elif self.summation_method == "minoring":
            heights = ops.minimum(y[:-1], y[1:])
        else:
            heights = ops.maximum(y[:-1], y[1:])
        return self._average_labels(ops.multiply(ops.subtract(x[:-1], x[1:]), heights))

    def reset_state(self) -> None:
        """Sets the counts back to zeros (nothing to do before the first batch)."""
        if self._built:
            super().reset_state()

    def get_config(self) -> dict[str, Any]:
        """Returns the constructor arguments (`thresholds` only when given explicitly)."""
        config = {
            **super().get_config(),
            "num_thresholds": self.num_thresholds,
            "curve": self.curve,
            "summation_method": self.summation_method,
            "multi_label": self.multi_label,
            "num_labels": self.num_labels,
            "label_weights": self.label_weights,
            "from_logits": self._from_logits,
        }
        if self._init_from_thresholds:
            config["thresholds"] = self._thresholds[1:-1]
        return config

    def _average_labels(self, terms: Tensor) -> Tensor:
        if not self.multi_label:
            return ops.sum(terms)
        by_label = ops.sum(terms, axis=0)
        if self.label_weights is None:
            return ops.mean(by_label)
        weights = ops.convert_to_tensor(np.asarray(self.label_weights), self.dtype)
        return divide_no_nan(ops.sum(ops.multiply(by_label, weights)), ops.sum(weights))


def _interpolated_pr_areas(true_pos: Tensor, false_pos: Tensor, false_neg: Tensor) -> Tensor:
    # Between consecutive thresholds, precision is interpolated along a line in
    # (true positives, predicted positives) space (Davis & Goadrich 2006), which integrates to
    # a closed form with a log term.
    predicted = ops.add(true_pos, false_pos)
    delta_true_pos = ops.subtract(true_pos[:-1], true_pos[1:])
    delta_predicted = ops.subtract(predicted[:-1], predicted[1:])
    slope = divide_no_nan(delta_true_pos, ops.maximum(delta_predicted, 0.0))
    intercept = ops.subtract(true_pos[1:], ops.multiply(slope, predicted[1:]))
    both_positive = ops.logical_and(ops.greater(predicted[:-1], 0), ops.greater(predicted[1:], 0))
    ratio = ops.where(
        both_positive,
        divide_no_nan(predicted[:-1], ops.maximum(predicted[1:], 0.0)),
        ops.ones_like(predicted[1:]),
    )
    area = ops.multiply(slope, ops.add(delta_true_pos, ops.multiply(intercept, ops.log(ratio))))
    return divide_no_nan(area, ops.maximum(ops.add(true_pos[1:], false_neg[1:]), 0.0))


def _standardize_curve(owner: str, curve: Any) -> str:
    key = str(curve).lower()
    if key not in _CURVES:
        raise ValueError(f"{owner}: curve must be 'ROC' or 'PR', received {curve!r}.")
    return _CURVES[key]


def _standardize_summation(owner: str, method: Any) -> str:
    key = str(method).lower()
    if key not in _SUMMATION_METHODS:
        raise ValueError(
            f"{owner}: summation_method must be one of {list(_SUMMATION_METHODS)}, received "
            f"{method!r}."
        )
    return key


def _check_label_weights(owner: str, label_weights: Any) -> list[float] | None:
    if label_weights is None:
        return None
    values = np.asarray(label_weights, dtype="float64").reshape(-1)
    if (values < 0).any():
        raise ValueError(
            f"{owner}: label_weights must be non-negative, received {label_weights!r}."
        )
    return values.tolist()
