"""`RMSprop`: divides each step by a running RMS of the gradients (Hinton, 2012)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import ops
from lamina.backend.common.variables import Variable
from lamina.optimizers.optimizer import Optimizer
from lamina.typing import Tensor


class RMSprop(Optimizer):
    """RMSprop: scales the gradient by the inverse running RMS of past gradients.

    `v = rho * v + (1 - rho) * g^2`, then `w = w - lr * g / sqrt(v + epsilon)`. With
    `centered`, `mean_g = rho * mean_g + (1 - rho) * g` and the denominator is
    `sqrt(v - mean_g^2 + epsilon)`. With `momentum > 0`, the step goes into a velocity
    `velocity = momentum * velocity + step` that is subtracted instead.

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable.
        rho: The decay rate of the running averages.
        momentum: The momentum of the step; 0 for none.
        epsilon: A small constant added under the square root for stability.
        centered: Whether to normalize by the estimated variance instead of the raw second
            moment.
        name: The optimizer's name.
        **kwargs: The base arguments of `Optimizer` (weight_decay, clipnorm, clipvalue,
            global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency,
            loss_scale_factor, gradient_accumulation_steps).

    Example:
        >>> import lamina
        >>> from lamina import optimizers
        >>> w = lamina.Variable([1.0, 2.0])
        >>> optimizer = optimizers.RMSprop(learning_rate=0.1)
        >>> _ = optimizer.apply([lamina.ops.convert_to_tensor([1.0, -1.0])], [w])
        >>> [round(x, 4) for x in w.numpy().tolist()]
        [0.6838, 2.3162]
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        rho: float = 0.9,
        momentum: float = 0.0,
        epsilon: float = 1e-7,
        centered: bool = False,
        name: str = "rmsprop",
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered

    def build(self, variables: Sequence[Variable]) -> None:
        if self.built:
            return
        super().build(variables)
        self._velocities = [self.add_variable_from_reference(v, "velocity") for v in variables]
        self._momentums: list[Variable] = []
        if self.momentum > 0:
            self._momentums = [self.add_variable_from_reference(v, "momentum") for v in variables]
        self._average_gradients: list[Variable] = []
        if self.centered:
            self._average_gradients = [
                self.add_variable_from_reference(v, "average_gradient") for v in variables
            ]

    def update_step(self, gradient: Tensor, variable: Variable, learning_rate: Any) -> None:
        dtype = variable.dtype
        learning_rate = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        index = self._get_variable_index(variable)
        velocity = self._velocities[index]
        rho = self.rho
        new_velocity = ops.add(
            ops.multiply(velocity, rho), ops.multiply(ops.square(gradient), 1 - rho)
        )
        self.assign(velocity, new_velocity)
        if self.centered:
            average = self._average_gradients[index]
            new_average = ops.add(ops.multiply(average, rho), ops.multiply(gradient, 1 - rho))
            self.assign(average, new_average)
            denominator = ops.add(ops.subtract(new_velocity, ops.square(new_average)), self.epsilon)
        else:
            denominator = ops.add(new_velocity, self.epsilon)
        step = ops.divide(ops.multiply(learning_rate, gradient), ops.sqrt(denominator))
        if self.momentum > 0:
            momentum = self._momentums[index]
            new_momentum = ops.add(ops.multiply(momentum, self.momentum), step)
            self.assign(momentum, new_momentum)
            self.assign_sub(variable, new_momentum)
        else:
            self.assign_sub(variable, step)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update(
            {
                "rho": self.rho,
                "momentum": self.momentum,
                "epsilon": self.epsilon,
                "centered": self.centered,
            }
        )
        return config
