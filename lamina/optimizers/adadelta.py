"""`Adadelta`: steps sized by running averages of past steps and gradients (Zeiler, 2012)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import ops
from lamina.backend.common.variables import Variable
from lamina.optimizers.optimizer import Optimizer
from lamina.typing import Tensor


class Adadelta(Optimizer):
    """Adadelta: the step's scale is the ratio of the RMS of past steps to that of gradients.

    `E_g = rho * E_g + (1 - rho) * g^2`,
    `delta = -sqrt(E_d + epsilon) / sqrt(E_g + epsilon) * g`,
    `E_d = rho * E_d + (1 - rho) * delta^2`, then `w = w + lr * delta`.

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable.
        rho: The decay rate of the running averages.
        epsilon: A small constant added under the square roots for stability.
        name: The optimizer's name.
        **kwargs: The base arguments of `Optimizer` (weight_decay, clipnorm, clipvalue,
            global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency,
            loss_scale_factor, gradient_accumulation_steps).

    Example:
        >>> import lamina
        >>> from lamina import optimizers
        >>> w = lamina.Variable([1.0])
        >>> optimizer = optimizers.Adadelta(learning_rate=1.0, rho=0.5, epsilon=0.01)
        >>> _ = optimizer.apply([lamina.ops.convert_to_tensor([1.0])], [w])
        >>> [round(x, 4) for x in w.numpy().tolist()]
        [0.86]
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        rho: float = 0.95,
        epsilon: float = 1e-7,
        name: str = "adadelta",
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.rho = rho
        self.epsilon = epsilon

    def build(self, variables: Sequence[Variable]) -> None:
        if self.built:
            return
        super().build(variables)
        self._accumulated_grads, self._accumulated_delta_vars = self.add_optimizer_variables(
            variables, ["accumulated_grad", "accumulated_delta_var"]
        )

    def update_step(self, gradient: Tensor, variable: Variable, learning_rate: Any) -> None:
        dtype = variable.dtype
        learning_rate = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        index = self._get_variable_index(variable)
        grad_average = self._accumulated_grads[index]
        delta_average = self._accumulated_delta_vars[index]
        rho = self.rho
        new_grad_average = ops.add(
            ops.multiply(grad_average, rho), ops.multiply(ops.square(gradient), 1 - rho)
        )
        self.assign(grad_average, new_grad_average)
        ratio = ops.divide(
            ops.sqrt(ops.add(delta_average, self.epsilon)),
            ops.sqrt(ops.add(new_grad_average, self.epsilon)),
        )
        delta = ops.negative(ops.multiply(ratio, gradient))
        self.assign(
            delta_average,
            ops.add(ops.multiply(delta_average, rho), ops.multiply(ops.square(delta), 1 - rho)),
        )
        self.assign_add(variable, ops.multiply(learning_rate, delta))

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"rho": self.rho, "epsilon": self.epsilon})
        return config
