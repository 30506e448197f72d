"""`Lamb`: Adam with a per-layer trust ratio, for large batches (You et al., 2020)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import ops
from lamina.backend.common.variables import Variable
from lamina.optimizers.optimizer import Optimizer
from lamina.typing import Tensor


class Lamb(Optimizer):
    """LAMB: the Adam direction, rescaled per variable by `norm(w) / norm(direction)`.

    With `t` the step (from 1): `m = beta_1 * m + (1 - beta_1) * g`,
    `v = beta_2 * v + (1 - beta_2) * g^2`,
    `d = (m / (1 - beta_1^t)) / (sqrt(v / (1 - beta_2^t)) + epsilon)`, then
    `w = w - lr * r * d` with `r = norm(w) / norm(d)` (1 when either norm is 0).

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable.
        beta_1: The decay rate of the first-moment (mean) estimate.
        beta_2: The decay rate of the second-moment estimate.
        epsilon: A small constant added to the denominator for stability.
        name: The optimizer's name.
        **kwargs: The base arguments of `Optimizer` (weight_decay, clipnorm, clipvalue,
            global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency,
            loss_scale_factor, gradient_accumulation_steps).

    Example:
        >>> import lamina
        >>> from lamina import optimizers
        >>> w = lamina.Variable([3.0, 4.0])
        >>> optimizer = optimizers.Lamb(learning_rate=0.1)
        >>> _ = optimizer.apply([lamina.ops.convert_to_tensor([1.0, 1.0])], [w])
        >>> [round(x, 4) for x in w.numpy().tolist()]
        [2.6464, 3.6464]
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        name: str = "lamb",
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def build(self, variables: Sequence[Variable]) -> None:
        if self.built:
            return
        super().build(variables)
        self._momentums, self._velocities = self.add_optimizer_variables(
            variables, ["momentum", "velocity"]
        )

    def update_step(self, gradient: Tensor, variable: Variable, learning_rate: Any) -> None:
        dtype = variable.dtype
        learning_rate = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        step = ops.cast(ops.add(self.iterations, 1), dtype)
        beta_1_power = ops.power(ops.convert_to_tensor(self.beta_1, dtype), step)
        beta_2_power = ops.power(ops.convert_to_tensor(self.beta_2, dtype), step)
        index = self._get_variable_index(variable)
        momentum, velocity = self._momentums[index], self._velocities[index]
        new_momentum = ops.add(
            ops.multiply(momentum, self.beta_1), ops.multiply(gradient, 1.0 - self.beta_1)
        )
        new_velocity = ops.add(
            ops.multiply(velocity, self.beta_2),
            ops.multiply(ops.square(gradient), 1.0 - self.beta_2),
        )
        self.assign(momentum, new_momentum)
        self.assign(velocity, new_velocity)
        momentum_hat = ops.divide(new_momentum, ops.subtract(1.0, beta_1_power))
        velocity_hat = ops.divide(new_velocity, ops.subtract(1.0, beta_2_power))
        direction = ops.divide(momentum_hat, ops.add(ops.sqrt(velocity_hat), self.epsilon))
        weight_norm = ops.sqrt(ops.sum(ops.square(variable)))
        direction_norm = ops.sqrt(ops.sum(ops.square(direction)))
        both_positive = ops.logical_and(
            ops.greater(weight_norm, 0.0), ops.greater(direction_norm, 0.0)
        )
        # The inner where keeps the unused division finite (no warnings, no NaN).
        safe_norm = ops.where(both_positive, direction_norm, 1.0)
        ratio = ops.where(both_positive, ops.divide(weight_norm, safe_norm), 1.0)
        self.assign_sub(variable, ops.multiply(ops.multiply(ratio, learning_rate), direction))

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config
