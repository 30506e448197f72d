"""`LossScaleOptimizer`: dynamic loss scaling around another optimizer (mixed precision).

The loss is multiplied by a scale before differentiation so small float16 gradients do not
underflow; `apply` divides the gradients by the same scale. When a gradient is not finite the
step is skipped and the scale halved; after `dynamic_growth_steps` finite steps in a row the
scale doubles. The skip is a selection with `ops.where` between the updated and the previous
values, never a Python branch on a tensor, so the same `apply` runs eagerly and inside a
jitted `stateless_apply`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from lamina import backend, ops
from lamina.backend.common.name_scope import name_scope
from lamina.backend.common.variables import Variable
from lamina.optimizers.optimizer import Optimizer
from lamina.typing import Tensor

#: Base arguments a LossScaleOptimizer accepts only at their defaults (older Keras configs
#: list them); each belongs on the inner optimizer instead.
_BASE_DEFAULTS: dict[str, Any] = {
    "weight_decay": None,
    "clipnorm": None,
    "global_clipnorm": None,
    "clipvalue": None,
    "use_ema": False,
    "ema_momentum": 0.99,
    "ema_overwrite_frequency": None,
    "loss_scale_factor": None,
    "gradient_accumulation_steps": None,
}


class LossScaleOptimizer(Optimizer):
    """Wraps an optimizer with dynamic loss scaling, against float16 gradient underflow.

    Multiply the loss by the current scale with `scale_loss` before taking gradients; `apply`
    then unscales them. A step whose gradients hold an inf or NaN is skipped (variables and
    the inner optimizer's state, `iterations` included, stay as they were) and halves the
    scale; `dynamic_growth_steps` finite steps in a row double it.

    Args:
        inner_optimizer: The `Optimizer` that applies the unscaled gradients.
        initial_scale: The first loss scale, a float > 0. Prefer a large one: a scale that is
            too high comes down in a few skipped steps, one too low rises slowly.
        dynamic_growth_steps: After this many finite steps in a row the scale doubles; an
            int >= 1.
        name: The optimizer's name.
        **kwargs: `dynamic=True` and the base optimizer arguments at their defaults are
            accepted (older configs write them); set those options on the inner optimizer.

    Example:
        >>> import lamina
        >>> from lamina import optimizers
        >>> w = lamina.Variable([1.0])
        >>> optimizer = optimizers.LossScaleOptimizer(optimizers.SGD(0.5), initial_scale=4.0)
        >>> float(optimizer.scale_loss(3.0))
        12.0
        >>> _ = optimizer.apply([lamina.ops.convert_to_tensor([4.0])], [w])
        >>> w.numpy().tolist(), int(optimizer.iterations)
        ([0.5], 1)
        >>> _ = optimizer.apply([lamina.ops.convert_to_tensor([float("inf")])], [w])
        >>> w.numpy().tolist(), int(optimizer.iterations), float(optimizer.dynamic_scale.numpy())
        ([0.5], 1, 2.0)
    """

    def __init__(
        self,
        inner_optimizer: Optimizer,
        initial_scale: float = 2.0**15,
        dynamic_growth_steps: int = 2000,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        _check_kwargs(kwargs)
        super().__init__(learning_rate=0.0, name=name)
        if not isinstance(inner_optimizer, Optimizer):
            raise TypeError(
                f"LossScaleOptimizer '{self.name}' expected inner_optimizer to be a lamina "
                f"Optimizer, received {inner_optimizer!r} (type "
                f"{type(inner_optimizer).__name__}). Pass e.g. lamina.optimizers.Adam()."
            )
        if isinstance(inner_optimizer, LossScaleOptimizer):
            raise TypeError(
                f"LossScaleOptimizer '{self.name}' received another LossScaleOptimizer as "
                "inner_optimizer; wrap the underlying optimizer once."
            )
        if (
            isinstance(initial_scale, bool)
            or not isinstance(initial_scale, (int, float))
            or not initial_scale > 0
        ):
            raise ValueError(
                f"LossScaleOptimizer '{self.name}' expected initial_scale to be a float > 0, "
                f"received initial_scale={initial_scale!r}."
            )
        if (
            isinstance(dynamic_growth_steps, bool)
            or not isinstance(dynamic_growth_steps, int)
            or dynamic_growth_steps < 1
        ):
            raise ValueError(
                f"LossScaleOptimizer '{self.name}' expected dynamic_growth_steps to be an int "
                f">= 1, received dynamic_growth_steps={dynamic_growth_steps!r}."
            )
        self.inner_optimizer = inner_optimizer
        self.initial_scale = initial_scale
        self.dynamic_growth_steps = dynamic_growth_steps
        # The inner optimizer must not divide the gradients a second time.
        self.inner_optimizer.loss_scale_factor = None

    # -- state ---------------------------------------------------------------------------------
    @property
    def variables(self) -> list[Variable]:
        """Its own variables (`iterations`, `learning_rate`, then after `build` the
        `step_counter` and `dynamic_scale`), followed by the inner optimizer's."""
        return list(self._variables) + list(self.inner_optimizer.variables)

    @property
    def iterations(self) -> Variable:
        """The inner optimizer's step count: skipped steps do not count."""
        return self.inner_optimizer.iterations

    @property
    def learning_rate(self) -> Any:
        """The inner optimizer's learning rate (assigning sets the inner one)."""
        return self.inner_optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, learning_rate: Any) -> None:
        self.inner_optimizer.learning_rate = learning_rate

    def build(self, variables: Sequence[Variable]) -> None:
        """Creates the step counter and the scale, and builds the inner optimizer."""
        if self.built:
            return
        with name_scope(self.name):
            self.step_counter = backend.Variable(
                0, dtype="int64", trainable=False, name="step_counter"
            )
            # autocast=False: read inside a float16 scope, 2**16 and above would overflow.
            self.dynamic_scale = backend.Variable(
                float(self.initial_scale),
                dtype="float32",
                trainable=False,
                autocast=False,
                name="dynamic_scale",
            )
        self._variables += [self.step_counter, self.dynamic_scale]
        if not self.inner_optimizer.built:
            self.inner_optimizer.build(variables)
        super().build(variables)

    # -- updates -------------------------------------------------------------------------------
    def scale_loss(self, loss: Any) -> Any:
        """Returns `loss` times the current scale (`initial_scale` before the first step)."""
        scale = self.dynamic_scale.value if self.built else self.initial_scale
        return ops.multiply(loss, scale)

    def check_finite(self, grads: Sequence[Any]) -> Tensor:
        """Returns a scalar bool tensor: whether every gradient (None skipped) is finite."""
        present = [g for g in grads if g is not None]
        if not present:
            return ops.convert_to_tensor(True)
        return ops.all(ops.stack([ops.all(ops.isfinite(g)) for g in present]))

    def apply(self, grads: Sequence[Any], trainable_variables: Any = None) -> Variable:
        """Unscales `grads` and applies them with the inner optimizer if all are finite;
        otherwise leaves every variable as it was. Then updates the scale.

        Args:
            grads: Gradients of the scaled loss; None entries are skipped.
            trainable_variables: The variables; None means those it was built with.

        Returns:
            `iterations` (the inner optimizer's).
        """
        grads = list(grads)
        if not grads:
            return self.iterations
        variables = self._variables_for(grads, trainable_variables)
        with backend.core.no_grad():
            finite = self.check_finite(grads)
            scale = self.dynamic_scale.value
            unscaled = [None if g is None else _unscale(g, scale, finite) for g in grads]
            # Both outcomes are computed and one kept with `where` (no branch on a tensor).
            tracked = variables + self.inner_optimizer.variables
            before = [ops.copy(v.value) for v in tracked]
            self.inner_optimizer.apply(unscaled, variables)
            for variable, old in zip(tracked, before):
                variable.assign(ops.where(finite, variable.value, old))
            self._update_scale(finite)
        return self.iterations

    def finalize_variable_values(self, var_list: Sequence[Variable]) -> None:
        """Lets the inner optimizer finalize (e.g. write its moving averages)."""
        self.inner_optimizer.finalize_variable_values(var_list)

    # -- saving --------------------------------------------------------------------------------
    def get_config(self) -> dict[str, Any]:
        """Returns `name`, `inner_optimizer` (serialized), `initial_scale` and
        `dynamic_growth_steps`, the Keras layout."""
        from lamina.optimizers.registry import serialize

        return {
            "name": self.name,
            "inner_optimizer": serialize(self.inner_optimizer),
            "initial_scale": self.initial_scale,
            "dynamic_growth_steps": self.dynamic_growth_steps,
        }

    @classmethod
    def from_config(
        cls, config: dict[str, Any], custom_objects: Mapping[str, Any] | None = None
    ) -> LossScaleOptimizer:
        """Returns a LossScaleOptimizer from `get_config()`'s output; the inner optimizer's
        config resolves only lamina's optimizers and `custom_objects`."""
        from lamina.optimizers.registry import deserialize

        config = dict(config)
        inner = config.pop("inner_optimizer", None)
        if not isinstance(inner, Optimizer):
            inner = deserialize(inner, custom_objects=custom_objects)
        return cls(inner, **config)

    # -- private helpers -----------------------------------------------------------------------
    def _update_scale(self, finite: Tensor) -> None:
        counter = self.step_counter.value
        scale = self.dynamic_scale.value
        grow = ops.logical_and(finite, ops.equal(counter, self.dynamic_growth_steps - 1))
        finite_scale = ops.where(grow, ops.multiply(scale, 2.0), scale)
        self.dynamic_scale.assign(ops.where(finite, finite_scale, ops.multiply(scale, 0.5)))
        counting = ops.logical_and(finite, ops.logical_not(grow))
        self.step_counter.assign(ops.where(counting, ops.add(counter, 1), ops.zeros_like(counter)))


def wrap_for_policy(optimizer: Any, dtype_policy_name: Any) -> Any:
    """Returns `optimizer` wrapped in a LossScaleOptimizer when the dtype policy is
    `"mixed_float16"` (and it is not wrapped already); otherwise `optimizer` unchanged.

    This is what `Model.compile` does with `auto_scale_loss=True`: float16 gradients need loss
    scaling, bfloat16 ones do not.

    Args:
        optimizer: An `Optimizer` (or None, returned as is).
        dtype_policy_name: The global dtype policy's name, e.g. `"mixed_float16"`, or a
            `DTypePolicy`.

    Returns:
        The optimizer to train with.

    Example:
        >>> from lamina import optimizers
        >>> from lamina.optimizers.loss_scale_optimizer import wrap_for_policy
        >>> type(wrap_for_policy(optimizers.Adam(), "mixed_float16")).__name__
        'LossScaleOptimizer'
        >>> type(wrap_for_policy(optimizers.Adam(), "mixed_bfloat16")).__name__
        'Adam'
    """
    name = getattr(dtype_policy_name, "name", dtype_policy_name)
    if name != "mixed_float16" or optimizer is None or isinstance(optimizer, LossScaleOptimizer):
        return optimizer
    if not isinstance(optimizer, Optimizer):
        raise TypeError(
            "wrap_for_policy expected a lamina Optimizer, received "
            f"{optimizer!r} (type {type(optimizer).__name__}). Resolve names with "
            "lamina.optimizers.get first."
        )
    return LossScaleOptimizer(optimizer, name="loss_scale_optimizer")


def _unscale(gradient: Tensor, scale: Tensor, finite: Tensor) -> Tensor:
    # Divided in float32 at least (a float16 scale of 2**16 would be inf); non-finite steps
    # get zeros, so the inner optimizer computes no NaNs (and NumPy warns about none).
    dtype = ops.dtype(gradient)
    wide = dtype if dtype == "float64" else "float32"
    unscaled = ops.divide(ops.cast(gradient, wide), ops.cast(scale, wide))
    unscaled = ops.where(finite, unscaled, ops.zeros_like(unscaled))
    return unscaled if dtype == wide else ops.cast(unscaled, dtype)


def _check_kwargs(kwargs: dict[str, Any]) -> None:
    if not kwargs.pop("dynamic", True):
        raise ValueError(
            "LossScaleOptimizer only supports dynamic=True. For a fixed scale, set "
            "loss_scale_factor on the optimizer itself instead of wrapping it."
        )
    for argument, default in _BASE_DEFAULTS.items():
        if argument in kwargs and kwargs.pop(argument) != default:
            raise ValueError(
                f"LossScaleOptimizer does not support {argument}; set {argument} on the "
                "inner_optimizer instead."
            )
    if kwargs:
        raise ValueError(
            f"LossScaleOptimizer received unknown argument(s) {sorted(kwargs)}. Valid: "
            "inner_optimizer, initial_scale, dynamic_growth_steps, name."
        )
