"""`Nadam`: Adam with Nesterov momentum and a momentum warmup schedule (Dozat, 2016)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import ops
from lamina.backend.common.variables import Variable
from lamina.optimizers.optimizer import Optimizer
from lamina.typing import Tensor

_DECAY = 0.96


class Nadam(Optimizer):
    """Nadam: Adam whose mean estimate looks one step ahead, as Nesterov momentum does.

    With `t` the step (from 1), `mu_t = beta_1 * (1 - 0.5 * 0.96^t)` and `prod_t` the
    product of `mu_1 ... mu_t`: `m = m + (g - m) * (1 - beta_1)`,
    `v = v + (g^2 - v) * (1 - beta_2)`,
    `m_hat = mu_{t+1} * m / (1 - prod_t * mu_{t+1}) + (1 - mu_t) * g / (1 - prod_t)`,
    `v_hat = v / (1 - beta_2^t)`, then `w = w - lr * m_hat / (sqrt(v_hat) + epsilon)`.

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
        >>> w = lamina.Variable([1.0, 2.0])
        >>> optimizer = optimizers.Nadam(learning_rate=0.1)
        >>> _ = optimizer.apply([lamina.ops.convert_to_tensor([0.5, -2.0])], [w])
        >>> [round(x, 4) for x in w.numpy().tolist()]
        [0.8937, 2.1063]
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        name: str = "nadam",
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
        dtype = variables[0].dtype if variables else None
        self._u_product = self.add_variable((), initializer="ones", dtype=dtype, name="u_product")

    def _update_step_all(
        self, grads: list[Any], variables: list[Variable], learning_rate: Any
    ) -> None:
        # prod_{t-1} becomes prod_t once per apply, before the per-variable steps.
        dtype = self._u_product.dtype
        step = ops.cast(ops.add(self.iterations, 1), dtype)
        self.assign(self._u_product, ops.multiply(self._u_product, self._mu(step, dtype)))
        super()._update_step_all(grads, variables, learning_rate)

    def _mu(self, step: Tensor, dtype: str) -> Tensor:
        warmup = ops.subtract(
            1.0, ops.multiply(0.5, ops.power(ops.convert_to_tensor(_DECAY, dtype), step))
        )
        return ops.multiply(self.beta_1, warmup)

    def update_step(self, gradient: Tensor, variable: Variable, learning_rate: Any) -> None:
        dtype = variable.dtype
        learning_rate = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        step = ops.cast(ops.add(self.iterations, 1), dtype)
        mu = self._mu(step, dtype)
        mu_next = self._mu(ops.add(step, 1.0), dtype)
        product = ops.cast(self._u_product, dtype)
        product_next = ops.multiply(product, mu_next)
        beta_2_power = ops.power(ops.convert_to_tensor(self.beta_2, dtype), step)
        index = self._get_variable_index(variable)
        momentum, velocity = self._momentums[index], self._velocities[index]
        self.assign_add(momentum, ops.multiply(ops.subtract(gradient, momentum), 1 - self.beta_1))
        squared = ops.square(gradient)
        self.assign_add(velocity, ops.multiply(ops.subtract(squared, velocity), 1 - self.beta_2))
        ahead = ops.divide(ops.multiply(mu_next, momentum), ops.subtract(1.0, product_next))
        current = ops.divide(
            ops.multiply(ops.subtract(1.0, mu), gradient), ops.subtract(1.0, product)
        )
        momentum_hat = ops.add(ahead, current)
        velocity_hat = ops.divide(velocity, ops.subtract(1.0, beta_2_power))
        denominator = ops.add(ops.sqrt(velocity_hat), self.epsilon)
        self.assign_sub(
            variable, ops.divide(ops.multiply(momentum_hat, learning_rate), denominator)
        )

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config
