"""`Loss`, the base class of losses, and `LossFunctionWrapper`, a Loss around a function."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lamina import dtype_policies
from lamina.backend import floatx
from lamina.losses.reduction import reduce_values, reduce_weighted_values, standardize_reduction
from lamina.losses.shape_checks import squeeze_or_expand_to_same_rank, to_tensor
from lamina.typing import Tensor


class Loss:
    """Base class of losses: `loss(y_true, y_pred, sample_weight=None)` returns the reduced loss.

    Subclasses implement `call(y_true, y_pred)`, returning one loss value per sample (or per
    timestep, ...); `__call__` converts both inputs to the loss's dtype, calls `call`, weights
    the values by `sample_weight` and reduces them.

    Args:
        name: The loss's name; the class name in snake case when None.
        reduction: `"sum_over_batch_size"` (the weighted sum divided by the number of values),
            `"mean"` (the same), `"sum"`, `"mean_with_sample_weight"` (the weighted sum divided
            by the sum of the weights), or `"none"` / None (the weighted values, unreduced).
        dtype: The dtype computed in: a name or a `DTypePolicy` (its compute dtype);
            `floatx()` when None, whatever the global policy (under "mixed_float16", losses
            still compute in float32).

    Example:
        >>> import lamina
        >>> class SumOfSquares(lamina.losses.Loss):
        ...     def call(self, y_true, y_pred):
        ...         return lamina.ops.sum(lamina.ops.square(y_pred - y_true), axis=-1)
        >>> loss = SumOfSquares()
        >>> float(loss([[0.0, 0.0], [1.0, 1.0]], [[1.0, 2.0], [1.0, 1.0]]))
        2.5
        >>> loss.name, loss.reduction
        ('sum_of_squares', 'sum_over_batch_size')
    """

    #: Whether `__call__` converts `y_true` to the loss's dtype (as Keras does); losses whose
    #: targets are integer labels keep them as they are, saving two casts per step.
    _float_targets = True

    def __init__(
        self,
        name: str | None = None,
        reduction: str | None = "sum_over_batch_size",
        dtype: Any = None,
    ) -> None:
        self.name = name or _snake_case(type(self).__name__)
        self.reduction = standardize_reduction(reduction, f"{type(self).__name__} '{self.name}'")
        self._dtype_argument = dtype
        self._dtype_policy = dtype_policies.get(dtype or floatx())
        self._dtype = self._dtype_policy.compute_dtype

    @property
    def dtype(self) -> str:
        """The dtype the loss computes in."""
        return self._dtype

    def __call__(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> Tensor:
        """Returns the loss of `y_pred` against `y_true`, weighted and reduced.

        Args:
            y_true: The targets.
            y_pred: The predictions.
            sample_weight: Optional weights: a scalar, one per sample `(batch,)`, or one per
                loss value (e.g. `(batch, time)` for per-timestep losses).

        Returns:
            A scalar tensor, or the weighted loss values when `reduction` is "none"/None.
        """
        y_pred = to_tensor(y_pred, self._dtype)
        y_true = to_tensor(y_true, self._dtype if self._float_targets else None)
        values, mask = self._values_and_mask(y_true, y_pred)
        if sample_weight is None and mask is None:
            return reduce_values(to_tensor(values, self._dtype), None, self.reduction)
        return reduce_weighted_values(
            values,
            sample_weight=sample_weight,
            mask=mask,
            reduction=self.reduction,
            dtype=self._dtype,
            owner=f"{type(self).__name__} '{self.name}'",
        )

    def call(self, y_true: Tensor, y_pred: Tensor) -> Tensor:
        """Returns the unreduced loss values; subclasses implement it."""
        raise NotImplementedError(f"{type(self).__name__} does not implement call().")

    def get_config(self) -> dict[str, Any]:
        """Returns the constructor arguments: `name`, `reduction` (and `dtype` when given)."""
        config: dict[str, Any] = {"name": self.name, "reduction": self.reduction}
        if self._dtype_argument is not None:
            dtype = self._dtype_argument
            if isinstance(dtype, dtype_policies.DTypePolicy):
                dtype = dtype_policies.serialize(dtype)
            config["dtype"] = dtype
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Loss:
        """Returns a loss built from `get_config()`'s output."""
        return cls(**config)

    def _values_and_mask(self, y_true: Tensor, y_pred: Tensor) -> tuple[Tensor, Tensor | None]:
        """Returns `call`'s values and a mask of the values to count (None: all of them)."""
        return self.call(y_true, y_pred), None


class LossFunctionWrapper(Loss):
    """A `Loss` that calls a function `fn(y_true, y_pred, **kwargs)` for its values.

    Before calling `fn`, ranks differing by a trailing size-1 axis are matched, as Keras does:
    `(batch,)` targets against `(batch, 1)` predictions both become `(batch, 1)`.

    Args:
        fn: The loss function, returning unreduced values.
        reduction: See `Loss`.
        name: The loss's name; `fn`'s name when None.
        dtype: See `Loss`.
        **kwargs: Passed to `fn` on every call.

    Example:
        >>> import lamina
        >>> def scaled_error(y_true, y_pred, scale):
        ...     return lamina.ops.mean(scale * lamina.ops.abs(y_pred - y_true), axis=-1)
        >>> loss = lamina.losses.LossFunctionWrapper(scaled_error, scale=2.0)
        >>> float(loss([[0.0, 1.0]], [[1.0, 1.0]]))
        1.0
        >>> loss.name
        'scaled_error'
    """

    def __init__(
        self,
        fn: Callable[..., Tensor],
        reduction: str | None = "sum_over_batch_size",
        name: str | None = None,
        dtype: Any = None,
        **kwargs: Any,
    ) -> None:
        if not callable(fn):
            raise TypeError(
                f"LossFunctionWrapper expected a callable fn, received {fn!r} "
                f"(type {type(fn).__name__})."
            )
        super().__init__(
            name=name or getattr(fn, "__name__", None), reduction=reduction, dtype=dtype
        )
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true: Tensor, y_pred: Tensor) -> Tensor:
        """Returns `fn(y_true, y_pred, **kwargs)` after matching the ranks."""
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self) -> dict[str, Any]:
        """Returns `Loss`'s config plus `fn` (serialized) and `fn`'s keyword arguments."""
        from lamina.losses.registry import serialize

        config = super().get_config()
        config["fn"] = serialize(self.fn)
        config.update(self._fn_kwargs)
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Loss:
        """Returns a wrapper built from `get_config()`'s output; `fn` must name a lamina loss
        function or already be a callable (`deserialize` resolves custom ones)."""
        from lamina.losses.registry import deserialize

        config = dict(config)
        if "fn" in config and not callable(config["fn"]):
            config["fn"] = deserialize(config["fn"])
        return cls(**config)

    def __repr__(self) -> str:
        return f"<LossFunctionWrapper({self.fn!r}, kwargs={self._fn_kwargs})>"


def _snake_case(name: str) -> str:
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


class BuiltinLoss(LossFunctionWrapper):
    """Base of lamina's own loss classes: a wrapper whose function arguments are also its
    constructor arguments, attributes and config entries (as Keras writes them, without `fn`).
    """

    def __init__(
        self,
        fn: Callable[..., Tensor],
        reduction: str | None,
        name: str | None,
        dtype: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(fn, reduction=reduction, name=name, dtype=dtype, **kwargs)
        for key, value in kwargs.items():
            setattr(self, key, value)

    def get_config(self) -> dict[str, Any]:
        """Returns `name`, `reduction` (and `dtype` when given) and the loss's own arguments."""
        config = Loss.get_config(self)
        config.update(self._fn_kwargs)
        return config

    def _check_fraction(self, argument: str, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': {argument} must be a number in [0, 1], "
                f"received {value!r}."
            )
