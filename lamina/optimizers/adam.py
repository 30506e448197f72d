"""`Adam`: adaptive moment estimation (Kingma & Ba, 2015), with optional AMSGrad."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import backend, ops
from lamina.backend.common.variables import Variable
from lamina.optimizers.optimizer import Optimizer
from lamina.typing import Tensor


class Adam(Optimizer):
    """Adam: steps along the running mean of gradients, scaled by their running RMS.

    With `t` the step (from 1): `m = m + (g - m) * (1 - beta_1)`,
    `v = v + (g^2 - v) * (1 - beta_2)`, then
    `w = w - lr * sqrt(1 - beta_2^t) / (1 - beta_1^t) * m / (sqrt(v) + epsilon)`.
    With `amsgrad`, `v` in the last formula is the running maximum of `v`.

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable.
        beta_1: The decay rate of the first-moment (mean) estimate.
        beta_2: The decay rate of the second-moment estimate.
        epsilon: A small constant added to the denominator for stability.
        amsgrad: Whether to use the AMSGrad variant (Reddi et al., 2018).
        name: The optimizer's name.
        **kwargs: The base arguments of `Optimizer` (weight_decay, clipnorm, clipvalue,
            global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency,
            loss_scale_factor, gradient_accumulation_steps).

    Example:
        >>> import lamina
        >>> from lamina import optimizers
        >>> w = lamina.Variable([1.0, 2.0])
        >>> optimizer = optimizers.Adam(learning_rate=0.1)
        >>> _ = optimizer.apply([lamina.ops.convert_to_tensor([0.5, -2.0])], [w])
        >>> [round(x, 4) for x in w.numpy().tolist()]
        [0.9, 2.1]
        >>> [v.path for v in optimizer.variables][2:]
        ['adam/variable_momentum', 'adam/variable_velocity']
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
        name: str = "adam",
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.amsgrad = amsgrad

    def build(self, variables: Sequence[Variable]) -> None:
        if self.built:
            return
        super().build(variables)
        self._momentums, self._velocities = self.add_optimizer_variables(
            variables, ["momentum", "velocity"]
        )
        self._velocity_hats: list[Variable] = []
        if self.amsgrad:
            self._velocity_hats = [
                self.add_variable_from_reference(v, "velocity_hat") for v in variables
            ]

    def _update_step_all(
        self, grads: list[Any], variables: list[Variable], learning_rate: Any
    ) -> None:
        # One multi-tensor update where the backend has it (eager torch), else per variable
        # (always when a subclass changes update_step).
        if type(self).update_step is not Adam.update_step:
            super()._update_step_all(grads, variables, learning_rate)
            return
        indices = [self._get_variable_index(v) for v in variables]
        hats = [self._velocity_hats[i] for i in indices] if self.amsgrad else []
        if not backend.optimizer.fused_adam_update(
            variables,
            grads,
            [self._momentums[i] for i in indices],
            [self._velocities[i] for i in indices],
            hats,
            learning_rate,
            self.iterations,
            self.beta_1,
            self.beta_2,
            self.epsilon,
        ):
            super()._update_step_all(grads, variables, learning_rate)

    def update_step(self, gradient: Tensor, variable: Variable, learning_rate: Any) -> None:
        dtype = variable.dtype
        learning_rate = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        step = ops.cast(ops.add(self.iterations, 1), dtype)
        beta_1_power = ops.power(ops.convert_to_tensor(self.beta_1, dtype), step)
        beta_2_power = ops.power(ops.convert_to_tensor(self.beta_2, dtype), step)
        index = self._get_variable_index(variable)
        momentum = self._momentums[index]
        velocity: Any = self._velocities[index]
        corrected_rate = ops.divide(
            ops.multiply(learning_rate, ops.sqrt(ops.subtract(1.0, beta_2_power))),
            ops.subtract(1.0, beta_1_power),
        )
        self.assign_add(momentum, ops.multiply(ops.subtract(gradient, momentum), 1 - self.beta_1))
        squared = ops.square(gradient)
        self.assign_add(velocity, ops.multiply(ops.subtract(squared, velocity), 1 - self.beta_2))
        if self.amsgrad:
            velocity_hat = self._velocity_hats[index]
            self.assign(velocity_hat, ops.maximum(velocity_hat, velocity))
            velocity = velocity_hat
        denominator = ops.add(ops.sqrt(velocity), self.epsilon)
        self.assign_sub(variable, ops.divide(ops.multiply(momentum, corrected_rate), denominator))

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update(
            {
                "beta_1": self.beta_1,
                "beta_2": self.beta_2,
                "epsilon": self.epsilon,
                "amsgrad": self.amsgrad,
            }
        )
        return config
