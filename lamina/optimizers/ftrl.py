"""`Ftrl`: Follow The Regularized Leader (McMahan et al., 2013), for wide sparse models."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import initializers, ops
from lamina.backend.common.variables import Variable
from lamina.optimizers.optimizer import Optimizer
from lamina.typing import Tensor


class Ftrl(Optimizer):
    """FTRL-Proximal with L1, L2 and L2-shrinkage regularization.

    With `p = -learning_rate_power`, `g' = g + 2 * l2_shrinkage * w` and
    `n' = n + g^2`: `z = z + g' - (n'^p - n^p) / lr * w`,
    `w = (clip(z, -l1, l1) - z) / (n'^p / lr + 2 * (l2 + beta / (2 * lr)))`, then `n = n'`.

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable.
        learning_rate_power: How the step shrinks as gradients accumulate; <= 0.
        initial_accumulator_value: The accumulators' starting value; >= 0.
        l1_regularization_strength: The L1 penalty; >= 0.
        l2_regularization_strength: The stabilizing L2 penalty; >= 0.
        l2_shrinkage_regularization_strength: The L2 penalty added to the gradient
            (magnitude shrinkage); >= 0.
        beta: Added to the L2 term as `beta / (2 * lr)`.
        name: The optimizer's name.
        **kwargs: The base arguments of `Optimizer` (weight_decay, clipnorm, clipvalue,
            global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency,
            loss_scale_factor, gradient_accumulation_steps).

    Example:
        >>> import lamina
        >>> from lamina import optimizers
        >>> w = lamina.Variable([1.0])
        >>> optimizer = optimizers.Ftrl(learning_rate=0.1, initial_accumulator_value=1.0)
        >>> _ = optimizer.apply([lamina.ops.convert_to_tensor([1.0])], [w])
        >>> [round(x, 4) for x in w.numpy().tolist()]
        [0.2222]
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        learning_rate_power: float = -0.5,
        initial_accumulator_value: float = 0.1,
        l1_regularization_strength: float = 0.0,
        l2_regularization_strength: float = 0.0,
        l2_shrinkage_regularization_strength: float = 0.0,
        beta: float = 0.0,
        name: str = "ftrl",
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self._check_sign("learning_rate_power", learning_rate_power, "<= 0")
        self._check_sign("initial_accumulator_value", initial_accumulator_value, ">= 0")
        self._check_sign("l1_regularization_strength", l1_regularization_strength, ">= 0")
        self._check_sign("l2_regularization_strength", l2_regularization_strength, ">= 0")
        self._check_sign(
            "l2_shrinkage_regularization_strength", l2_shrinkage_regularization_strength, ">= 0"
        )
        self.learning_rate_power = learning_rate_power
        self.initial_accumulator_value = initial_accumulator_value
        self.l1_regularization_strength = l1_regularization_strength
        self.l2_regularization_strength = l2_regularization_strength
        self.l2_shrinkage_regularization_strength = l2_shrinkage_regularization_strength
        self.beta = beta

    def build(self, variables: Sequence[Variable]) -> None:
        if self.built:
            return
        super().build(variables)
        start = initializers.Constant(self.initial_accumulator_value)
        # Keras's order: each variable's accumulator, then its linear slot.
        self._accumulators: list[Variable] = []
        self._linears: list[Variable] = []
        for variable in variables:
            self._accumulators.append(
                self.add_variable_from_reference(variable, "accumulator", initializer=start)
            )
            self._linears.append(self.add_variable_from_reference(variable, "linear"))

    def update_step(self, gradient: Tensor, variable: Variable, learning_rate: Any) -> None:
        dtype = variable.dtype
        learning_rate = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        index = self._get_variable_index(variable)
        accumulator, linear = self._accumulators[index], self._linears[index]
        power = -self.learning_rate_power
        l1 = self.l1_regularization_strength
        l2 = ops.add(
            self.l2_regularization_strength, ops.divide(self.beta, ops.multiply(2.0, learning_rate))
        )
        shrunk_gradient = ops.add(
            gradient, ops.multiply(2.0 * self.l2_shrinkage_regularization_strength, variable)
        )
        new_accumulator = ops.add(accumulator, ops.square(gradient))
        new_scale = ops.power(new_accumulator, power)
        sigma = ops.divide(ops.subtract(new_scale, ops.power(accumulator, power)), learning_rate)
        new_linear = ops.subtract(ops.add(linear, shrunk_gradient), ops.multiply(sigma, variable))
        self.assign(linear, new_linear)
        quadratic = ops.add(ops.divide(new_scale, learning_rate), ops.multiply(2.0, l2))
        clipped = ops.clip(new_linear, -l1, l1)
        self.assign(variable, ops.divide(ops.subtract(clipped, new_linear), quadratic))
        self.assign(accumulator, new_accumulator)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update(
            {
                "learning_rate_power": self.learning_rate_power,
                "initial_accumulator_value": self.initial_accumulator_value,
                "l1_regularization_strength": self.l1_regularization_strength,
                "l2_regularization_strength": self.l2_regularization_strength,
                "l2_shrinkage_regularization_strength": self.l2_shrinkage_regularization_strength,
                "beta": self.beta,
            }
        )
        return config

    def _check_sign(self, argument: str, value: float, expected: str) -> None:
        valid = value <= 0 if expected == "<= 0" else value >= 0
        if not valid:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' expected {argument} {expected}, received "
                f"{argument}={value!r}."
            )
