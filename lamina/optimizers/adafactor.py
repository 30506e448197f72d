"""`Adafactor`: Adam-like steps with factored second moments (Shazeer & Stern, 2018)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import ops
from lamina.backend.common.variables import Variable
from lamina.optimizers.optimizer import Optimizer
from lamina.typing import Tensor


def _rms(x: Tensor) -> Tensor:
    return ops.sqrt(ops.mean(ops.square(x)))


class Adafactor(Optimizer):
    """Adafactor: keeps row and column means of `g^2` instead of a full second moment.

    With `t` the step (from 1): `rho = min(lr, 1 / sqrt(t))` (with `relative_step` and a
    constant learning rate, also `lr = min(lr, 1 / sqrt(t))`),
    `alpha = max(epsilon_2, rms(w)) * rho`, `s = g^2 + epsilon_1` and
    `beta = 1 - t^beta_2_decay`. For variables of rank >= 2, the last two axes are factored:
    `r = beta * r + (1 - beta) * mean(s, axis=-1)`,
    `c = beta * c + (1 - beta) * mean(s, axis=-2)` and
    `v = (r / mean(r, axis=-1))[..., None] * c[..., None, :]`; otherwise
    `v = beta * v + (1 - beta) * s`. Then `u = g / sqrt(v)` and
    `w = w - alpha * u / max(1, rms(u) / clip_threshold)`.

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable.
        beta_2_decay: The exponent of the second-moment decay schedule.
        epsilon_1: Added to `g^2` for stability.
        epsilon_2: The smallest RMS of `w` used to size steps.
        clip_threshold: The RMS above which the normalized step is scaled down.
        relative_step: Whether a constant learning rate is capped by `1 / sqrt(t)`.
        name: The optimizer's name.
        **kwargs: The base arguments of `Optimizer` (weight_decay, clipnorm, clipvalue,
            global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency,
            loss_scale_factor, gradient_accumulation_steps).

    Example:
        >>> import lamina
        >>> from lamina import optimizers
        >>> w = lamina.Variable([[1.0, 2.0], [3.0, 4.0]])
        >>> optimizer = optimizers.Adafactor(learning_rate=0.1)
        >>> _ = optimizer.apply([lamina.ops.ones((2, 2))], [w])
        >>> lamina.ops.convert_to_numpy(w).astype(float).round(4).tolist()
        [[0.7261, 1.7261], [2.7261, 3.7261]]
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        beta_2_decay: float = -0.8,
        epsilon_1: float = 1e-30,
        epsilon_2: float = 1e-3,
        clip_threshold: float = 1.0,
        relative_step: bool = True,
        name: str = "adafactor",
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_2_decay = beta_2_decay
        self.epsilon_1 = epsilon_1
        self.epsilon_2 = epsilon_2
        self.clip_threshold = clip_threshold
        self.relative_step = relative_step

    def build(self, variables: Sequence[Variable]) -> None:
        if self.built:
            return
        super().build(variables)
        self._r: list[Variable] = []
        self._c: list[Variable] = []
        self._v: list[Variable] = []
        for variable in variables:
            path = variable.path.replace("/", "_")
            shape = tuple(variable.shape)
            # Variables of rank < 2 are not factored; scalar placeholders keep indices aligned.
            row_shape = shape[:-1] if len(shape) >= 2 else ()
            column_shape = shape[:-2] + shape[-1:] if len(shape) >= 2 else ()
            # Keras's order: each variable's row, column and velocity slots together.
            self._r.append(self.add_variable(row_shape, dtype=variable.dtype, name=f"{path}_r"))
            self._c.append(self.add_variable(column_shape, dtype=variable.dtype, name=f"{path}_c"))
            self._v.append(self.add_variable_from_reference(variable, "velocity"))

    def update_step(self, gradient: Tensor, variable: Variable, learning_rate: Any) -> None:
        dtype = variable.dtype
        learning_rate = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        step = ops.cast(ops.add(self.iterations, 1), dtype)
        step_cap = ops.divide(1.0, ops.sqrt(step))
        if self.relative_step and not callable(self._learning_rate):
            learning_rate = ops.minimum(learning_rate, step_cap)
        index = self._get_variable_index(variable)
        row, column, velocity = self._r[index], self._c[index], self._v[index]
        rho = ops.minimum(learning_rate, step_cap)
        alpha = ops.multiply(ops.maximum(self.epsilon_2, _rms(variable)), rho)
        squared = ops.add(ops.square(gradient), self.epsilon_1)
        beta = ops.subtract(1.0, ops.power(step, self.beta_2_decay))
        if len(variable.shape) >= 2:
            new_row = _blend(row, ops.mean(squared, axis=-1), beta)
            new_column = _blend(column, ops.mean(squared, axis=-2), beta)
            self.assign(row, new_row)
            self.assign(column, new_column)
            row_factor = ops.divide(new_row, ops.mean(new_row, axis=-1, keepdims=True))
            new_velocity = ops.multiply(
                ops.expand_dims(row_factor, -1), ops.expand_dims(new_column, -2)
            )
        else:
            new_velocity = _blend(velocity, squared, beta)
        self.assign(velocity, new_velocity)
        normalized = ops.divide(gradient, ops.sqrt(new_velocity))
        clip_scale = ops.maximum(1.0, ops.divide(_rms(normalized), self.clip_threshold))
        self.assign_sub(variable, ops.multiply(alpha, ops.divide(normalized, clip_scale)))

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update(
            {
                "beta_2_decay": self.beta_2_decay,
                "epsilon_1": self.epsilon_1,
                "epsilon_2": self.epsilon_2,
                "clip_threshold": self.clip_threshold,
                "relative_step": self.relative_step,
            }
        )
        return config


def _blend(average: Any, value: Tensor, beta: Tensor) -> Tensor:
    return ops.add(ops.multiply(beta, average), ops.multiply(ops.subtract(1.0, beta), value))
