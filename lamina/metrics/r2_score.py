"""R2Score: the coefficient of determination, accumulated from running sums."""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.losses.shape_checks import squeeze_or_expand_to_same_rank, to_tensor
from lamina.metrics.metric import Metric
from lamina.typing import Tensor

_AGGREGATIONS = (None, "uniform_average", "variance_weighted_average")


class R2Score(Metric):
    """The coefficient of determination `1 - sum((y - y_pred)**2) / sum((y - mean(y))**2)`.

    Inputs are `(batch, num_outputs)`; each output gets its own score, then they are
    aggregated. The per-output state is built on the first batch.

    Args:
        class_aggregation: None (one score per output), `"uniform_average"` (their mean) or
            `"variance_weighted_average"` (their mean weighted by each output's variance).
        num_regressors: The number of independent regressors, for the adjusted R2
            `1 - (1 - R2) * (n - 1) / (n - num_regressors - 1)`, where `n` counts the values
            seen; 0 gives the plain R2. While `n - 1 <= num_regressors`, the plain R2 is
            returned.
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.R2Score()
        >>> metric.update_state([[1.0], [4.0], [3.0]], [[2.0], [4.0], [4.0]])
        >>> round(float(metric.result()), 4)
        0.5714
    """

    def __init__(
        self,
        class_aggregation: str | None = "uniform_average",
        num_regressors: int = 0,
        name: str = "r2_score",
        dtype: Any = None,
    ) -> None:
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        owner = f"R2Score '{self.name}'"
        if class_aggregation not in _AGGREGATIONS:
            raise ValueError(
                f"{owner}: class_aggregation must be one of {list(_AGGREGATIONS)}, received "
                f"{class_aggregation!r}."
            )
        if (
            isinstance(num_regressors, bool)
            or not isinstance(num_regressors, int)
            or num_regressors < 0
        ):
            raise ValueError(
                f"{owner}: num_regressors must be an int >= 0, received {num_regressors!r}."
            )
        self.class_aggregation = class_aggregation
        self.num_regressors = num_regressors
        self.num_samples = self.add_variable((), "zeros", dtype=self.dtype, name="num_samples")
        self._built = False

    def _build(self, true_shape: tuple[Any, ...], pred_shape: tuple[Any, ...]) -> None:
        if len(pred_shape) != 2 or len(true_shape) != 2 or pred_shape[-1] is None:
            raise ValueError(
                f"R2Score '{self.name}' expected inputs of shape (batch, num_outputs), "
                f"received y_true.shape={true_shape} and y_pred.shape={pred_shape}."
            )
        shape = (int(pred_shape[-1]),)
        self.squared_sum = self.add_variable(shape, "zeros", dtype=self.dtype, name="squared_sum")
        self.sum = self.add_variable(shape, "zeros", dtype=self.dtype, name="sum")
        self.total_mse = self.add_variable(shape, "zeros", dtype=self.dtype, name="residual")
        self.count = self.add_variable(shape, "zeros", dtype=self.dtype, name="count")
        self._built = True

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Adds the batch's weighted sums of targets, squared targets and squared errors.

        Args:
            y_true: Targets, `(batch, num_outputs)`.
            y_pred: Predictions, the same shape.
            sample_weight: None, one weight per sample `(batch,)`, or per value.
        """
        y_true = to_tensor(y_true, self.dtype)
        y_pred = to_tensor(y_pred, self.dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        if not self._built:
            self._build(tuple(y_true.shape), tuple(y_pred.shape))
        if sample_weight is None:
            weights = ops.ones_like(y_true)
        else:
            weights = to_tensor(sample_weight, self.dtype)
            if len(weights.shape) == 1:
                weights = ops.expand_dims(weights, 1)
            weights = ops.broadcast_to(weights, tuple(y_true.shape))
        weighted_true = ops.multiply(y_true, weights)
        squared_error = ops.square(ops.subtract(y_true, y_pred))
        self.sum.assign_add(ops.sum(weighted_true, axis=0))
        self.squared_sum.assign_add(ops.sum(ops.multiply(y_true, weighted_true), axis=0))
        self.total_mse.assign_add(ops.sum(ops.multiply(squared_error, weights), axis=0))
        self.count.assign_add(ops.sum(weights, axis=0))
        self.num_samples.assign_add(ops.size(y_true))

    def result(self) -> Tensor:
        """Returns the (aggregated, possibly adjusted) R2 score."""
        total_sum = self.sum.value
        mean = ops.divide(total_sum, self.count.value)
        variance_sum = ops.subtract(self.squared_sum.value, ops.multiply(total_sum, mean))
        raw = ops.subtract(1.0, ops.divide(self.total_mse.value, variance_sum))
        raw = ops.where(ops.isinf(raw), 0.0, raw)
        if self.class_aggregation == "uniform_average":
            score = ops.mean(raw)
        elif self.class_aggregation == "variance_weighted_average":
            score = ops.divide(ops.sum(ops.multiply(variance_sum, raw)), ops.sum(variance_sum))
        else:
            score = raw
        if self.num_regressors == 0:
            return score
        samples = self.num_samples.value
        regressors = float(self.num_regressors)
        denominator = ops.subtract(ops.subtract(samples, regressors), 1.0)
        defined = ops.greater(denominator, 0.0)
        safe = ops.where(defined, denominator, 1.0)
        adjusted = ops.subtract(
            1.0,
            ops.divide(ops.multiply(ops.subtract(1.0, score), ops.subtract(samples, 1.0)), safe),
        )
        return ops.where(defined, adjusted, score)

    def get_config(self) -> dict[str, Any]:
        """Returns `name`, `dtype`, `class_aggregation` and `num_regressors`."""
        return {
            **super().get_config(),
            "class_aggregation": self.class_aggregation,
            "num_regressors": self.num_regressors,
        }
