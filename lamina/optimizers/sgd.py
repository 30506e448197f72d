"""`SGD`: gradient descent, with optional (Nesterov) momentum."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import backend, ops
from lamina.backend.common.variables import Variable
from lamina.optimizers.optimizer import Optimizer
from lamina.typing import Tensor


class SGD(Optimizer):
    """Gradient descent with optional momentum.

    Without momentum: `w = w - learning_rate * g`. With momentum:
    `velocity = momentum * velocity - learning_rate * g`, then `w = w + velocity`, or with
    `nesterov=True`, `w = w + momentum * velocity - learning_rate * g`.

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable.
        momentum: A float in [0, 1]; 0 is plain gradient descent.
        nesterov: Whether to use Nesterov momentum.
        name: The optimizer's name.
        **kwargs: The base arguments of `Optimizer` (weight_decay, clipnorm, clipvalue,
            global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency,
            loss_scale_factor, gradient_accumulation_steps).

    Example:
        >>> import lamina
        >>> from lamina import optimizers
        >>> w = lamina.Variable([1.0, 2.0])
        >>> optimizer = optimizers.SGD(learning_rate=0.1, momentum=0.9)
        >>> for _ in range(2):
        ...     _ = optimizer.apply([lamina.ops.ones((2,))], [w])
        >>> [round(x, 4) for x in w.numpy().tolist()]
        [0.71, 1.71]
    """

    def __init__(
        self,
        learning_rate: Any = 0.01,
        momentum: float = 0.0,
        nesterov: bool = False,
        name: str = "SGD",
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if not isinstance(momentum, (int, float)) or not 0 <= momentum <= 1:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' expected momentum to be a float in "
                f"[0, 1], received momentum={momentum!r}."
            )
        self.momentum = momentum
        self.nesterov = nesterov

    def build(self, variables: Sequence[Variable]) -> None:
        if self.built:
            return
        super().build(variables)
        self.momentums: list[Variable] = []
        if self.momentum != 0:
            self.momentums = [self.add_variable_from_reference(v, "momentum") for v in variables]

    def _update_step_all(
        self, grads: list[Any], variables: list[Variable], learning_rate: Any
    ) -> None:
        # One multi-tensor update where the backend has it (eager torch), else per variable
        # (always when a subclass changes update_step).
        if type(self).update_step is not SGD.update_step:
            super()._update_step_all(grads, variables, learning_rate)
            return
        momentums = []
        if self.momentum != 0:
            momentums = [self.momentums[self._get_variable_index(v)] for v in variables]
        if not backend.optimizer.fused_sgd_update(
            variables, grads, momentums, learning_rate, self.momentum, self.nesterov
        ):
            super()._update_step_all(grads, variables, learning_rate)

    def update_step(self, gradient: Tensor, variable: Variable, learning_rate: Any) -> None:
        dtype = variable.dtype
        step = ops.multiply(ops.cast(gradient, dtype), ops.cast(learning_rate, dtype))
        if self.momentum == 0:
            self.assign_sub(variable, step)
            return
        velocity = self.momentums[self._get_variable_index(variable)]
        new_velocity = ops.subtract(ops.multiply(velocity, self.momentum), step)
        self.assign(velocity, new_velocity)
        if self.nesterov:
            self.assign_add(variable, ops.subtract(ops.multiply(new_velocity, self.momentum), step))
        else:
            self.assign_add(variable, new_velocity)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"momentum": self.momentum, "nesterov": self.nesterov})
        return config
