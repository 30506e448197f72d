"""Cosine learning-rate schedules: one decay with optional linear warmup, and warm restarts."""

from __future__ import annotations

import math
from typing import Any

from lamina import ops
from lamina.backend import floatx
from lamina.optimizers.schedules.learning_rate_schedule import (
    LearningRateSchedule,
    _check_positive_steps,
    _float_step,
)
from lamina.typing import Tensor


def _cosine_factor(fraction: Tensor, alpha: float) -> Tensor:
    # Goes from 1 at fraction 0 to alpha at fraction 1, along half a cosine period.
    cosine = ops.multiply(0.5, ops.add(1.0, ops.cos(ops.multiply(math.pi, fraction))))
    return ops.add(ops.multiply(1.0 - alpha, cosine), alpha)


class CosineDecay(LearningRateSchedule):
    """Cosine decay from a learning rate to `alpha` times it, after an optional linear warmup.

    Without warmup (`warmup_target=None`) the rate is
    `initial_learning_rate * ((1 - alpha) * 0.5 * (1 + cos(pi * t / decay_steps)) + alpha)`
    with `t = min(step, decay_steps)`. With a `warmup_target`, the rate first rises linearly
    from `initial_learning_rate` to `warmup_target` over `warmup_steps` steps, then decays
    from `warmup_target` as above over the next `decay_steps` steps.

    Args:
        initial_learning_rate: The learning rate at step 0.
        decay_steps: The number of steps to decay over; positive.
        alpha: The final rate as a fraction of the rate decayed from.
        name: The schedule's name.
        warmup_target: The rate reached at the end of the warmup; None for no warmup.
        warmup_steps: The number of warmup steps.

    Example:
        >>> from lamina.optimizers import schedules
        >>> schedule = schedules.CosineDecay(1.0, decay_steps=10)
        >>> [round(float(schedule(step)), 4) for step in (0, 5, 10, 20)]
        [1.0, 0.5, 0.0, 0.0]
        >>> warm = schedules.CosineDecay(0.0, 10, warmup_target=1.0, warmup_steps=4)
        >>> [round(float(warm(step)), 4) for step in (0, 2, 4, 9)]
        [0.0, 0.5, 1.0, 0.5]
    """

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: int,
        alpha: float = 0.0,
        name: str = "CosineDecay",
        warmup_target: float | None = None,
        warmup_steps: int = 0,
    ) -> None:
        _check_positive_steps(type(self).__name__, "decay_steps", decay_steps)
        if warmup_steps < 0:
            raise ValueError(
                f"{type(self).__name__} expected warmup_steps >= 0, received "
                f"warmup_steps={warmup_steps!r}."
            )
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_target = warmup_target
        self.warmup_steps = warmup_steps

    def __call__(self, step: Any) -> Tensor:
        step = _float_step(step)
        decay_steps = float(self.decay_steps)
        if self.warmup_target is None:
            fraction = ops.divide(ops.minimum(step, decay_steps), decay_steps)
            return ops.multiply(self.initial_learning_rate, _cosine_factor(fraction, self.alpha))
        warmup_steps = float(self.warmup_steps)
        step = ops.minimum(step, decay_steps + warmup_steps)
        # max(..., 1) keeps the unused branch finite when there is no warmup.
        warmup_fraction = ops.divide(step, max(warmup_steps, 1.0))
        rise = self.warmup_target - self.initial_learning_rate
        warming = ops.add(ops.multiply(rise, warmup_fraction), self.initial_learning_rate)
        fraction = ops.divide(ops.subtract(step, warmup_steps), decay_steps)
        decaying = ops.multiply(self.warmup_target, _cosine_factor(fraction, self.alpha))
        return ops.where(ops.less(step, warmup_steps), warming, decaying)

    def get_config(self) -> dict[str, Any]:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "alpha": self.alpha,
            "name": self.name,
            "warmup_target": self.warmup_target,
            "warmup_steps": self.warmup_steps,
        }


class CosineDecayRestarts(LearningRateSchedule):
    """Cosine decay with warm restarts (SGDR, Loshchilov & Hutter 2017).

    The first period decays over `first_decay_steps` steps as `CosineDecay` does; each later
    period is `t_mul` times longer and starts from `m_mul` times the previous peak.

    Args:
        initial_learning_rate: The learning rate at step 0.
        first_decay_steps: The length of the first period; positive.
        t_mul: The factor by which each period is longer than the one before.
        m_mul: The factor by which each period's peak is lower than the one before.
        alpha: The lowest rate of a period as a fraction of its peak.
        name: The schedule's name.

    Example:
        >>> from lamina.optimizers import schedules
        >>> schedule = schedules.CosineDecayRestarts(1.0, 10, t_mul=1.0, m_mul=0.5)
        >>> [round(float(schedule(step)), 4) for step in (0, 5, 10, 15)]
        [1.0, 0.5, 0.5, 0.25]
    """

    def __init__(
        self,
        initial_learning_rate: float,
        first_decay_steps: int,
        t_mul: float = 2.0,
        m_mul: float = 1.0,
        alpha: float = 0.0,
        name: str = "SGDRDecay",
    ) -> None:
        _check_positive_steps(type(self).__name__, "first_decay_steps", first_decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.first_decay_steps = first_decay_steps
        self.t_mul = t_mul
        self.m_mul = m_mul
        self.alpha = alpha
        self.name = name

    def __call__(self, step: Any) -> Tensor:
        fraction = ops.divide(_float_step(step), float(self.first_decay_steps))
        t_mul = float(self.t_mul)
        if t_mul == 1.0:
            restart = ops.floor(fraction)
            fraction = ops.subtract(fraction, restart)
        else:
            # Periods 1, t, t^2, ... end at the partial sums (1 - t^i) / (1 - t).
            stretched = ops.log(ops.subtract(1.0, ops.multiply(fraction, 1.0 - t_mul)))
            restart = ops.floor(ops.divide(stretched, math.log(t_mul)))
            period_start = ops.divide(ops.subtract(1.0, ops.power(t_mul, restart)), 1.0 - t_mul)
            period = ops.power(t_mul, restart)
            fraction = ops.divide(ops.subtract(fraction, period_start), period)
        peak = ops.power(ops.convert_to_tensor(float(self.m_mul), floatx()), restart)
        cosine = ops.multiply(0.5, ops.add(1.0, ops.cos(ops.multiply(math.pi, fraction))))
        decayed = ops.add(ops.multiply(1.0 - self.alpha, ops.multiply(peak, cosine)), self.alpha)
        return ops.multiply(self.initial_learning_rate, decayed)

    def get_config(self) -> dict[str, Any]:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "first_decay_steps": self.first_decay_steps,
            "t_mul": self.t_mul,
            "m_mul": self.m_mul,
            "alpha": self.alpha,
            "name": self.name,
        }
