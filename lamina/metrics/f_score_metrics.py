"""F-scores: `FBetaScore` and `F1Score`, per class or averaged, from thresholded predictions."""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.backend import epsilon
from lamina.backend.common.variables import Variable
from lamina.losses.shape_checks import to_tensor
from lamina.metrics.metric import Metric
from lamina.typing import Tensor

_AVERAGES = (None, "micro", "macro", "weighted")


class FBetaScore(Metric):
    """The F-beta score `(1 + beta**2) * precision * recall / (beta**2 * precision + recall)`.

    Inputs are `(batch, num_classes)`: labels 0/1 (one-hot or multi-label) and predicted
    probabilities. The state is built on the first batch, from its number of classes.

    Args:
        average: None (one score per class), `"micro"` (one score from the counts pooled over
            classes), `"macro"` (the mean of the class scores) or `"weighted"` (their mean
            weighted by each class's number of true labels).
        beta: Weight of recall against precision; a float > 0.
        threshold: Predictions above it count as positive; in (0, 1]. When None, the largest
            prediction of each sample is positive (unless it is 0).
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.FBetaScore(beta=2.0, threshold=0.5)
        >>> metric.update_state([[1, 1, 1], [1, 0, 0], [1, 1, 0]],
        ...                     [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(metric.result()).tolist()]
        [0.3846, 0.9091, 0.8333]
    """

    def __init__(
        self,
        average: str | None = None,
        beta: float = 1.0,
        threshold: float | None = None,
        name: str = "fbeta_score",
        dtype: Any = None,
    ) -> None:
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        owner = f"{type(self).__name__} '{self.name}'"
        if average not in _AVERAGES:
            raise ValueError(
                f"{owner}: average must be one of {list(_AVERAGES)}, received {average!r}."
            )
        if isinstance(beta, bool) or not isinstance(beta, (int, float)) or beta <= 0:
            raise ValueError(f"{owner}: beta must be a float > 0, received {beta!r}.")
        if threshold is not None and (
            isinstance(threshold, bool)
            or not isinstance(threshold, (int, float))
            or not 0 < threshold <= 1
        ):
            raise ValueError(
                f"{owner}: threshold must be None or a float in (0, 1], received {threshold!r}."
            )
        self.average = average
        self.beta = float(beta)
        self.threshold = threshold
        self.axis = None if average == "micro" else 0
        self._built = False

    def _build(self, true_shape: tuple[Any, ...], pred_shape: tuple[Any, ...]) -> None:
        if len(pred_shape) != 2 or len(true_shape) != 2 or pred_shape[-1] is None:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' expected inputs of shape (batch, "
                f"num_classes), received y_true.shape={true_shape} and "
                f"y_pred.shape={pred_shape}."
            )
        shape: tuple[int, ...] = () if self.average == "micro" else (int(pred_shape[-1]),)

        def zeros(variable_name: str) -> Variable:
            return self.add_variable(shape, "zeros", dtype=self.dtype, name=variable_name)

        self.true_positives = zeros("true_positives")
        self.false_positives = zeros("false_positives")
        self.false_negatives = zeros("false_negatives")
        self.intermediate_weights = zeros("intermediate_weights")
        self._built = True

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Adds the batch's weighted true positives, false positives and false negatives.

        Args:
            y_true: Labels 0/1, `(batch, num_classes)`.
            y_pred: Predictions, `(batch, num_classes)`.
            sample_weight: None, or one weight per sample `(batch,)`.
        """
        y_true = to_tensor(y_true, self.dtype)
        y_pred = to_tensor(y_pred, self.dtype)
        if not self._built:
            self._build(tuple(y_true.shape), tuple(y_pred.shape))
        if self.threshold is None:
            largest = ops.max(y_pred, axis=-1, keepdims=True)
            # An all-zero row stays all negative rather than all positive.
            positive = ops.logical_and(
                ops.greater_equal(y_pred, largest), ops.greater(ops.abs(y_pred), 1e-9)
            )
        else:
            positive = ops.greater(y_pred, self.threshold)
        y_pred = ops.cast(positive, self.dtype)
        weights = None
        if sample_weight is not None:
            weights = ops.expand_dims(to_tensor(sample_weight, self.dtype), 1)
        misses = ops.subtract(1.0, y_pred)
        updates = (
            (self.true_positives, ops.multiply(y_pred, y_true)),
            (self.false_positives, ops.multiply(y_pred, ops.subtract(1.0, y_true))),
            (self.false_negatives, ops.multiply(misses, y_true)),
            (self.intermediate_weights, y_true),
        )
        for variable, values in updates:
            if weights is not None:
                values = ops.multiply(values, weights)
            variable.assign_add(ops.sum(values, axis=self.axis))

    def result(self) -> Tensor:
        """Returns the score(s): one per class when `average` is None, else a scalar."""
        true_pos = self.true_positives.value
        precision = ops.divide(true_pos, true_pos + self.false_positives.value + epsilon())
        recall = ops.divide(true_pos, true_pos + self.false_negatives.value + epsilon())
        beta_squared = self.beta**2
        harmonic = ops.divide(
            ops.multiply(precision, recall),
            ops.add(ops.multiply(precision, beta_squared), recall) + epsilon(),
        )
        score = ops.multiply(harmonic, 1.0 + beta_squared)
        if self.average == "weighted":
            support = self.intermediate_weights.value
            weights = ops.divide(support, ops.sum(support) + epsilon())
            return ops.sum(ops.multiply(score, weights))
        if self.average is not None:
            return ops.mean(score)
        return score

    def reset_state(self) -> None:
        """Sets the counts back to zeros (nothing to do before the first batch)."""
        if self._built:
            super().reset_state()

    def get_config(self) -> dict[str, Any]:
        """Returns `name`, `dtype`, `average`, `beta` and `threshold`."""
        return {
            **super().get_config(),
            "average": self.average,
            "beta": self.beta,
            "threshold": self.threshold,
        }


class F1Score(FBetaScore):
    """The F1 score `2 * precision * recall / (precision + recall)` (`FBetaScore`, beta=1).

    Args:
        average: None (one score per class), `"micro"`, `"macro"` or `"weighted"`; see
            `FBetaScore`.
        threshold: Predictions above it count as positive; in (0, 1]. When None, the largest
            prediction of each sample is positive.
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.F1Score(average="micro", threshold=0.5)
        >>> metric.update_state([[1, 1, 1], [1, 0, 0], [1, 1, 0]],
        ...                     [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]])
        >>> round(float(metric.result()), 4)
        0.6667
    """

    def __init__(
        self,
        average: str | None = None,
        threshold: float | None = None,
        name: str = "f1_score",
        dtype: Any = None,
    ) -> None:
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name, dtype=dtype)

    def get_config(self) -> dict[str, Any]:
        """Returns `name`, `dtype`, `average` and `threshold`."""
        config = super().get_config()
        del config["beta"]
        return config
