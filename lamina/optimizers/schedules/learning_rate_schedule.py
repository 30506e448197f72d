"""Learning-rate schedules: the base class and the step-wise decays (exponential, piecewise
constant, polynomial, inverse time).

A schedule maps the optimizer's step count to a learning rate with `lamina.ops`, so it runs
eagerly and inside a traced (jitted) train step alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import ops
from lamina.backend import floatx
from lamina.typing import Tensor


class LearningRateSchedule:
    """Base class of learning-rate schedules: `schedule(step)` returns the learning rate.

    Subclasses implement `__call__(step)` with `lamina.ops` (the step may be a traced tensor)
    and `get_config()`. Pass a schedule as an optimizer's `learning_rate`; the optimizer
    evaluates it at its `iterations` on every update.

    Example:
        >>> import lamina
        >>> from lamina.optimizers import schedules
        >>> class Halving(schedules.LearningRateSchedule):
        ...     def __call__(self, step):
        ...         return 0.1 * 0.5 ** lamina.ops.cast(step, "float32")
        ...     def get_config(self):
        ...         return {}
        >>> round(float(Halving()(2)), 4)
        0.025
    """

    def __call__(self, step: Any) -> Tensor:
        """Returns the learning rate at `step` (an int or a scalar integer tensor)."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement __call__(step), the schedule's value."
        )

    def get_config(self) -> dict[str, Any]:
        """Returns the constructor arguments as a JSON-friendly dict."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement get_config() to be serialized."
        )

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> LearningRateSchedule:
        """Returns a schedule built from `get_config()`'s output."""
        return cls(**config)


def _check_positive_steps(schedule: str, argument: str, value: Any) -> None:
    if not value > 0:
        raise ValueError(f"{schedule} expected {argument} > 0, received {argument}={value!r}.")


def _float_step(step: Any) -> Tensor:
    return ops.cast(step, floatx())


class ExponentialDecay(LearningRateSchedule):
    """`initial_learning_rate * decay_rate ** (step / decay_steps)`.

    Args:
        initial_learning_rate: The learning rate at step 0.
        decay_steps: The number of steps over which the rate is multiplied by `decay_rate`;
            positive.
        decay_rate: The factor applied every `decay_steps` steps.
        staircase: Whether `step / decay_steps` is floored, so the rate drops in steps.
        name: The schedule's name.

    Example:
        >>> from lamina.optimizers import schedules
        >>> schedule = schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
        >>> [round(float(schedule(step)), 4) for step in (0, 10, 15)]
        [0.1, 0.05, 0.0354]
    """

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: int,
        decay_rate: float,
        staircase: bool = False,
        name: str = "ExponentialDecay",
    ) -> None:
        _check_positive_steps(type(self).__name__, "decay_steps", decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step: Any) -> Tensor:
        exponent = ops.divide(_float_step(step), float(self.decay_steps))
        if self.staircase:
            exponent = ops.floor(exponent)
        return ops.multiply(self.initial_learning_rate, ops.power(float(self.decay_rate), exponent))

    def get_config(self) -> dict[str, Any]:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


class PiecewiseConstantDecay(LearningRateSchedule):
    """`values[0]` up to `boundaries[0]`, `values[1]` up to `boundaries[1]`, ..., then
    `values[-1]`.

    Step `s` gets `values[i]` for `boundaries[i - 1] < s <= boundaries[i]`.

    Args:
        boundaries: Increasing step counts where the rate changes.
        values: The rates; one more than `boundaries`.
        name: The schedule's name.

    Example:
        >>> from lamina.optimizers import schedules
        >>> schedule = schedules.PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1])
        >>> [round(float(schedule(step)), 4) for step in (0, 10, 11, 20, 21)]
        [1.0, 1.0, 0.5, 0.5, 0.1]
    """

    def __init__(
        self,
        boundaries: Sequence[float],
        values: Sequence[float],
        name: str = "PiecewiseConstant",
    ) -> None:
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                f"{type(self).__name__} expected one more value than boundaries, received "
                f"{len(boundaries)} boundaries and {len(values)} values."
            )
        self.boundaries = list(boundaries)
        self.values = list(values)
        self.name = name

    def __call__(self, step: Any) -> Tensor:
        step = ops.convert_to_tensor(step)
        rate = ops.convert_to_tensor(float(self.values[-1]), floatx())
        # Walking the boundaries from the last one down lets the earliest match win.
        for boundary, value in reversed(list(zip(self.boundaries, self.values))):
            rate = ops.where(ops.less_equal(step, boundary), float(value), rate)
        return rate

    def get_config(self) -> dict[str, Any]:
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


class PolynomialDecay(LearningRateSchedule):
    """Decays from `initial_learning_rate` to `end_learning_rate` along a power of the
    remaining fraction of `decay_steps`.

    The rate is `(initial - end) * (1 - step / decay_steps) ** power + end`, with `step`
    capped at `decay_steps`; with `cycle`, `decay_steps` is instead stretched to the next
    multiple of itself at or above `step`.

    Args:
        initial_learning_rate: The learning rate at step 0.
        decay_steps: The number of steps to reach `end_learning_rate`; positive.
        end_learning_rate: The final learning rate.
        power: The power of the polynomial (1.0 is linear).
        cycle: Whether to restart the decay after `decay_steps`.
        name: The schedule's name.

    Example:
        >>> from lamina.optimizers import schedules
        >>> schedule = schedules.PolynomialDecay(1.0, decay_steps=10, end_learning_rate=0.0)
        >>> [round(float(schedule(step)), 4) for step in (0, 5, 10, 20)]
        [1.0, 0.5, 0.0, 0.0]
    """

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: int,
        end_learning_rate: float = 0.0001,
        power: float = 1.0,
        cycle: bool = False,
        name: str = "PolynomialDecay",
    ) -> None:
        _check_positive_steps(type(self).__name__, "decay_steps", decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name

    def __call__(self, step: Any) -> Tensor:
        step = _float_step(step)
        decay_steps = float(self.decay_steps)
        if self.cycle:
            cycles = ops.where(ops.equal(step, 0.0), 1.0, ops.ceil(ops.divide(step, decay_steps)))
            span = ops.multiply(decay_steps, cycles)
        else:
            step = ops.minimum(step, decay_steps)
            span = ops.convert_to_tensor(decay_steps, floatx())
        remaining = ops.power(ops.subtract(1.0, ops.divide(step, span)), float(self.power))
        span_of_rates = self.initial_learning_rate - self.end_learning_rate
        return ops.add(ops.multiply(span_of_rates, remaining), self.end_learning_rate)

    def get_config(self) -> dict[str, Any]:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "end_learning_rate": self.end_learning_rate,
            "power": self.power,
            "cycle": self.cycle,
            "name": self.name,
        }


class InverseTimeDecay(LearningRateSchedule):
    """`initial_learning_rate / (1 + decay_rate * step / decay_steps)`.

    Args:
        initial_learning_rate: The learning rate at step 0.
        decay_steps: The step count that one unit of `decay_rate` stands for; positive.
        decay_rate: How fast the rate decays.
        staircase: Whether `step / decay_steps` is floored, so the rate drops in steps.
        name: The schedule's name.

    Example:
        >>> from lamina.optimizers import schedules
        >>> schedule = schedules.InverseTimeDecay(1.0, decay_steps=10, decay_rate=0.5)
        >>> [round(float(schedule(step)), 4) for step in (0, 10, 20)]
        [1.0, 0.6667, 0.5]
    """

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: int,
        decay_rate: float,
        staircase: bool = False,
        name: str = "InverseTimeDecay",
    ) -> None:
        _check_positive_steps(type(self).__name__, "decay_steps", decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step: Any) -> Tensor:
        fraction = ops.divide(_float_step(step), float(self.decay_steps))
        if self.staircase:
            fraction = ops.floor(fraction)
        denominator = ops.add(1.0, ops.multiply(float(self.decay_rate), fraction))
        return ops.divide(self.initial_learning_rate, denominator)

    def get_config(self) -> dict[str, Any]:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }
