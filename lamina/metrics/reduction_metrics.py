"""Reduction metrics: `Sum`, `Mean` and `MeanMetricWrapper` (the mean of a function's values).

Values are weighted and reduced as Keras does: `sample_weight` is matched in rank to the
values, values with more axes than the weights are averaged over the extra axes, and each
sample's weight counts once in the denominator of `Mean`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lamina import ops
from lamina.backend import floatx
from lamina.losses.shape_checks import squeeze_or_expand_to_same_rank
from lamina.metrics.metric import Metric
from lamina.typing import Tensor


def reduce_to_samplewise_values(
    values: Any,
    sample_weight: Any,
    reduce_fn: Callable[..., Tensor],
    dtype: str | None = None,
) -> tuple[Tensor, Tensor | None]:
    """Returns `(values, sample_weight)` with one weighted value and weight per sample.

    Values get `dtype`; weights are matched in rank to the values, values are reduced with
    `reduce_fn` over the axes the weights lack, multiplied by the (broadcast) weights, and
    finally reduced to one value per sample, as are the weights.

    Example:
        >>> import lamina
        >>> from lamina.metrics.reduction_metrics import reduce_to_samplewise_values
        >>> values, weights = reduce_to_samplewise_values(
        ...     [[1.0, 3.0], [5.0, 7.0]], [1.0, 0.5], lamina.ops.mean
        ... )
        >>> lamina.ops.convert_to_numpy(values).tolist(), lamina.ops.convert_to_numpy(
        ...     weights
        ... ).tolist()
        ([2.0, 3.0], [1.0, 0.5])
    """
    dtype = dtype or floatx()
    values = ops.cast(values, dtype)
    if sample_weight is not None:
        sample_weight = ops.convert_to_tensor(sample_weight, dtype=dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        weight_ndim = len(sample_weight.shape)
        values_ndim = len(values.shape)
        if values_ndim > weight_ndim:
            values = reduce_fn(values, axis=tuple(range(weight_ndim, values_ndim)))
        sample_weight = ops.broadcast_to(sample_weight, tuple(values.shape))
        values = ops.multiply(values, sample_weight)
        if weight_ndim > 1:
            sample_weight = reduce_fn(sample_weight, axis=tuple(range(1, weight_ndim)))
    values_ndim = len(values.shape)
    if values_ndim > 1:
        values = reduce_fn(values, axis=tuple(range(1, values_ndim)))
    return values, sample_weight


_TINY = 1e-30


def divide_no_nan(numerator: Any, denominator: Any) -> Tensor:
    """Returns `numerator / denominator`, with 0 where the denominator is 0."""
    is_zero = ops.equal(denominator, 0)
    safe = ops.where(is_zero, ops.ones_like(denominator), denominator)
    return ops.where(is_zero, 0.0, ops.divide(numerator, safe))


class Sum(Metric):
    """The (weighted) sum of all values seen.

    Args:
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.Sum()
        >>> metric.update_state([1.0, 3.0, 5.0, 7.0])
        >>> metric.update_state([2.0], sample_weight=[0.5])
        >>> float(metric.result())
        17.0
    """

    def __init__(self, name: str = "sum", dtype: Any = None) -> None:
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable((), "zeros", dtype=self.dtype, name="total")

    def update_state(self, values: Any, sample_weight: Any = None) -> None:
        """Adds the sum of `values`, each multiplied by its `sample_weight` (default 1)."""
        values, _ = reduce_to_samplewise_values(values, sample_weight, ops.sum, self.dtype)
        self.total.assign_add(ops.sum(values))

    def result(self) -> Tensor:
        """Returns the sum so far."""
        return ops.copy(self.total.value)


class Mean(Metric):
    """The (weighted) mean of all values seen: `sum(weight * value) / sum(weight)`.

    Values with more than one axis are first averaged to one value per sample (per leading
    index); each sample then counts with its weight.

    Args:
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.Mean()
        >>> metric.update_state([1.0, 3.0, 5.0, 7.0])
        >>> float(metric.result())
        4.0
        >>> metric.reset_state()
        >>> metric.update_state([1.0, 3.0, 5.0, 7.0], sample_weight=[1.0, 1.0, 0.0, 0.0])
        >>> float(metric.result())
        2.0
    """

    def __init__(self, name: str = "mean", dtype: Any = None) -> None:
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable((), "zeros", dtype=self.dtype, name="total")
        self.count = self.add_variable((), "zeros", dtype=self.dtype, name="count")

    def update_state(self, values: Any, sample_weight: Any = None) -> None:
        """Adds the weighted values to the total and their weights to the count."""
        if type(sample_weight) in (int, float) and len(getattr(values, "shape", (None,))) == 0:
            # The trainer's loss tracker: one scalar per batch, weighted by the batch size.
            self.total.assign_add(ops.multiply(ops.cast(values, self.dtype), sample_weight))
            self.count.assign_add(float(sample_weight))
            return
        values, sample_weight = reduce_to_samplewise_values(
            values, sample_weight, ops.mean, self.dtype
        )
        self.total.assign_add(ops.sum(values))
        if sample_weight is not None:
            num_samples: Any = ops.sum(sample_weight)
        elif len(values.shape) >= 1:
            num_samples = values.shape[0]
        else:
            num_samples = 1
        self.count.assign_add(num_samples)

    def result(self) -> Tensor:
        """Returns total / count (0 before any value)."""
        count = self.count.value
        if self.count.dtype in ("float32", "float64"):
            # Counts are sums of non-negative weights: with no weight yet the total is 0 too,
            # and 0 / tiny is 0 — divide_no_nan's answer in two ops instead of five.
            return ops.divide(self.total.value, ops.maximum(count, _TINY))
        return divide_no_nan(self.total.value, count)


class MeanMetricWrapper(Mean):
    """The mean of `fn(y_true, y_pred, **kwargs)` over all samples seen.

    Args:
        fn: A function `fn(y_true, y_pred, **kwargs)` returning one value per sample (or per
            element; values are averaged per sample first).
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.
        **kwargs: Passed to `fn` on every update.

    Example:
        >>> import lamina
        >>> def absolute_error(y_true, y_pred):
        ...     return lamina.ops.abs(lamina.ops.subtract(y_pred, y_true))
        >>> metric = lamina.metrics.MeanMetricWrapper(absolute_error, name="abs")
        >>> metric.update_state([[0.0, 1.0]], [[1.0, 3.0]])
        >>> metric.name, float(metric.result())
        ('abs', 1.5)
    """

    def __init__(
        self,
        fn: Callable[..., Tensor],
        name: str | None = None,
        dtype: Any = None,
        **kwargs: Any,
    ) -> None:
        if not callable(fn):
            raise TypeError(
                f"MeanMetricWrapper expected a callable fn(y_true, y_pred), received {fn!r} "
                f"(type {type(fn).__name__})."
            )
        super().__init__(name=name or "mean_metric_wrapper", dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(  # type: ignore[override]
        self, y_true: Any, y_pred: Any, sample_weight: Any = None
    ) -> None:
        """Adds `fn(y_true, y_pred, **kwargs)` to the running mean, weighted by
        `sample_weight`."""
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        super().update_state(values, sample_weight=sample_weight)

    def get_config(self) -> dict[str, Any]:
        """Returns `name`, `dtype`, `fn` (serialized) and `fn`'s keyword arguments."""
        from lamina.metrics.registry import serialize

        config = super().get_config()
        config["fn"] = serialize(self._fn)
        config.update(self._fn_kwargs)
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Metric:
        """Returns a wrapper built from `get_config()`'s output; `fn` must name a lamina
        metric or loss function, or already be a callable."""
        from lamina.metrics.registry import deserialize

        config = dict(config)
        fn = config.get("fn")
        if fn is not None and not callable(fn):
            config["fn"] = deserialize(fn)
        return cls(**config)


class BuiltinMeanMetric(MeanMetricWrapper):
    """Base of lamina's wrapped metrics: `fn`'s keyword arguments are also attributes and
    config entries (written without `fn`, as Keras writes them)."""

    def __init__(
        self, fn: Callable[..., Tensor], name: str | None, dtype: Any, **kwargs: Any
    ) -> None:
        super().__init__(fn, name=name, dtype=dtype, **kwargs)
        for key, value in kwargs.items():
            setattr(self, key, value)

    def get_config(self) -> dict[str, Any]:
        """Returns `name`, `dtype` and the metric's own arguments."""
        config = Metric.get_config(self)
        config.update(self._fn_kwargs)
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Metric:
        """Returns a metric built from `get_config()`'s output."""
        return cls(**config)
