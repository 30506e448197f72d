"""`Lion`: sign-based momentum updates (Chen et al., 2023, "Symbolic Discovery of Optimization
Algorithms")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import ops
from lamina.backend.common.variables import Variable
from lamina.optimizers.optimizer import Optimizer
from lamina.typing import Tensor


class Lion(Optimizer):
    """Lion: every coordinate moves by exactly `learning_rate`, in the sign of an interpolated
    momentum.

    `w = w - lr * sign(beta_1 * m + (1 - beta_1) * g)`, then
    `m = beta_2 * m + (1 - beta_2) * g`.

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable.
        beta_1: The interpolation factor of the step direction; in (0, 1].
        beta_2: The decay rate of the momentum.
        name: The optimizer's name.
        **kwargs: The base arguments of `Optimizer` (weight_decay, clipnorm, clipvalue,
            global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency,
            loss_scale_factor, gradient_accumulation_steps).

    Example:
        >>> import lamina
        >>> from lamina import optimizers
        >>> w = lamina.Variable([1.0, 2.0])
        >>> optimizer = optimizers.Lion(learning_rate=0.1)
        >>> _ = optimizer.apply([lamina.ops.convert_to_tensor([0.5, -2.0])], [w])
        >>> [round(x, 4) for x in w.numpy().tolist()]
        [0.9, 2.1]
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.99,
        name: str = "lion",
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if not 0 < beta_1 <= 1:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' expected beta_1 in (0, 1], received "
                f"beta_1={beta_1!r}; with beta_1=0 Lion degenerates to signed SGD."
            )
        self.beta_1 = beta_1
        self.beta_2 = beta_2

    def build(self, variables: Sequence[Variable]) -> None:
        if self.built:
            return
        super().build(variables)
        self._momentums = [self.add_variable_from_reference(v, "momentum") for v in variables]

    def update_step(self, gradient: Tensor, variable: Variable, learning_rate: Any) -> None:
        dtype = variable.dtype
        learning_rate = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        momentum = self._momentums[self._get_variable_index(variable)]
        direction = ops.add(
            ops.multiply(momentum, self.beta_1), ops.multiply(gradient, 1.0 - self.beta_1)
        )
        self.assign_sub(variable, ops.multiply(learning_rate, ops.sign(direction)))
        self.assign(
            momentum,
            ops.add(ops.multiply(momentum, self.beta_2), ops.multiply(gradient, 1.0 - self.beta_2)),
        )

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2})
        return config
