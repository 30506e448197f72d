"""`Adamax`: Adam with the infinity norm in place of the RMS (Kingma & Ba, 2015)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import ops
from lamina.backend.common.variables import Variable
from lamina.optimizers.optimizer import Optimizer
from lamina.typing import Tensor


class Adamax(Optimizer):
    """Adamax: Adam whose second moment is a decaying maximum of `|g|`.

    With `t` the step (from 1): `m = m + (g - m) * (1 - beta_1)`,
    `u = max(beta_2 * u, |g|)`, then `w = w - lr * m / ((1 - beta_1^t) * (u + epsilon))`.

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable.
        beta_1: The decay rate of the first-moment (mean) estimate.
        beta_2: The decay rate of the infinity-norm estimate.
        epsilon: A small constant added to the denominator for stability.
        name: The optimizer's name.
        **kwargs: The base arguments of `Optimizer` (weight_decay, clipnorm, clipvalue,
            global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency,
            loss_scale_factor, gradient_accumulation_steps).

    Example:
        >>> import lamina
        >>> from lamina import optimizers
        >>> w = lamina.Variable([1.0, 2.0])
        >>> optimizer = optimizers.Adamax(learning_rate=0.1)
        >>> _ = optimizer.apply([lamina.ops.convert_to_tensor([0.5, -2.0])], [w])
        >>> [round(x, 4) for x in w.numpy().tolist()]
        [0.9, 2.1]
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        name: str = "adamax",
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
        self._m, self._u = self.add_optimizer_variables(variables, ["momentum", "norm"])

    def update_step(self, gradient: Tensor, variable: Variable, learning_rate: Any) -> None:
        dtype = variable.dtype
        learning_rate = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        step = ops.cast(ops.add(self.iterations, 1), dtype)
        beta_1_power = ops.power(ops.convert_to_tensor(self.beta_1, dtype), step)
        index = self._get_variable_index(variable)
        momentum, norm = self._m[index], self._u[index]
        self.assign_add(momentum, ops.multiply(ops.subtract(gradient, momentum), 1 - self.beta_1))
        self.assign(norm, ops.maximum(ops.multiply(norm, self.beta_2), ops.abs(gradient)))
        denominator = ops.multiply(ops.subtract(1.0, beta_1_power), ops.add(norm, self.epsilon))
        self.assign_sub(variable, ops.divide(ops.multiply(learning_rate, momentum), denominator))

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config
