"""`lamina.optimizers.schedules`: Keras 3's learning-rate schedules, plus `serialize` and
`deserialize`.

The import lines and `__all__` are kept by hand: a new schedule adds a line to each and an
entry in `registry.BUILTIN_SCHEDULES`.

Example:
    >>> from lamina.optimizers import schedules
    >>> schedule = schedules.ExponentialDecay(1.0, decay_steps=1, decay_rate=0.5)
    >>> round(float(schedule(3)), 4)
    0.125
"""

from lamina.optimizers.schedules.cosine_decay import CosineDecay as CosineDecay
from lamina.optimizers.schedules.cosine_decay import CosineDecayRestarts as CosineDecayRestarts
from lamina.optimizers.schedules.learning_rate_schedule import (
    ExponentialDecay as ExponentialDecay,
)
from lamina.optimizers.schedules.learning_rate_schedule import (
    InverseTimeDecay as InverseTimeDecay,
)
from lamina.optimizers.schedules.learning_rate_schedule import (
    LearningRateSchedule as LearningRateSchedule,
)
from lamina.optimizers.schedules.learning_rate_schedule import (
    PiecewiseConstantDecay as PiecewiseConstantDecay,
)
from lamina.optimizers.schedules.learning_rate_schedule import (
    PolynomialDecay as PolynomialDecay,
)
from lamina.optimizers.schedules.registry import deserialize as deserialize
from lamina.optimizers.schedules.registry import serialize as serialize

__all__ = [
    "CosineDecay",
    "CosineDecayRestarts",
    "ExponentialDecay",
    "InverseTimeDecay",
    "LearningRateSchedule",
    "PiecewiseConstantDecay",
    "PolynomialDecay",
    "deserialize",
    "serialize",
]
