"""`Adagrad`: per-coordinate steps scaled by the accumulated squared gradients (Duchi et al.,
2011)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import initializers, ops
from lamina.backend.common.variables import Variable
from lamina.optimizers.optimizer import Optimizer
from lamina.typing import Tensor


class Adagrad(Optimizer):
    """Adagrad: coordinates that saw large gradients take smaller steps.

    `accumulator = accumulator + g^2`, then `w = w - lr * g / sqrt(accumulator + epsilon)`.

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable.
        initial_accumulator_value: The accumulators' starting value; non-negative.
        epsilon: A small constant added under the square root for stability.
        name: The optimizer's name.
        **kwargs: The base arguments of `Optimizer` (weight_decay, clipnorm, clipvalue,
            global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency,
            loss_scale_factor, gradient_accumulation_steps).

    Example:
        >>> import lamina
        >>> from lamina import optimizers
        >>> w = lamina.Variable([1.0])
        >>> optimizer = optimizers.Adagrad(learning_rate=0.1, initial_accumulator_value=0.0)
        >>> _ = optimizer.apply([lamina.ops.convert_to_tensor([2.0])], [w])
        >>> [round(x, 4) for x in w.numpy().tolist()]
        [0.9]
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        initial_accumulator_value: float = 0.1,
        epsilon: float = 1e-7,
        name: str = "adagrad",
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if not initial_accumulator_value >= 0:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' expected initial_accumulator_value >= 0, "
                f"received initial_accumulator_value={initial_accumulator_value!r}."
            )
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon

    def build(self, variables: Sequence[Variable]) -> None:
        if self.built:
            return
        super().build(variables)
        start = initializers.Constant(self.initial_accumulator_value)
        self._accumulators = [
            self.add_variable_from_reference(v, "accumulator", initializer=start) for v in variables
        ]

    def update_step(self, gradient: Tensor, variable: Variable, learning_rate: Any) -> None:
        dtype = variable.dtype
        learning_rate = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        accumulator = self._accumulators[self._get_variable_index(variable)]
        total = ops.add(accumulator, ops.square(gradient))
        self.assign(accumulator, total)
        scale = ops.sqrt(ops.add(total, self.epsilon))
        self.assign_sub(variable, ops.divide(ops.multiply(learning_rate, gradient), scale))

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update(
            {
                "initial_accumulator_value": self.initial_accumulator_value,
                "epsilon": self.epsilon,
            }
        )
        return config
