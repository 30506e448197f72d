"""Looking learning-rate schedules up by name: `serialize` and `deserialize` in the Keras 3
form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lamina.initializers.class_registry import ClassRegistry
from lamina.optimizers.schedules.cosine_decay import CosineDecay, CosineDecayRestarts
from lamina.optimizers.schedules.learning_rate_schedule import (
    ExponentialDecay,
    InverseTimeDecay,
    LearningRateSchedule,
    PiecewiseConstantDecay,
    PolynomialDecay,
)

#: Every name `deserialize` accepts: the class names.
BUILTIN_SCHEDULES: dict[str, type[LearningRateSchedule]] = {
    cls.__name__: cls
    for cls in (
        LearningRateSchedule,
        ExponentialDecay,
        PiecewiseConstantDecay,
        PolynomialDecay,
        InverseTimeDecay,
        CosineDecay,
        CosineDecayRestarts,
    )
}
_REGISTRY = ClassRegistry("learning rate schedule", "keras.optimizers.schedules", BUILTIN_SCHEDULES)


def serialize(learning_rate_schedule: Any) -> dict[str, Any] | None:
    """Returns `{"module": "keras.optimizers.schedules", "class_name", "config",
    "registered_name"}` for a schedule.

    Args:
        learning_rate_schedule: A schedule, a named function, or None (gives None).

    Returns:
        The config dict Keras 3 writes, or None.

    Example:
        >>> from lamina.optimizers import schedules
        >>> saved = schedules.serialize(schedules.InverseTimeDecay(0.1, 10, 0.5))
        >>> saved["module"], saved["class_name"], saved["config"]["decay_rate"]
        ('keras.optimizers.schedules', 'InverseTimeDecay', 0.5)
    """
    return _REGISTRY.serialize(learning_rate_schedule)


def deserialize(config: Any, custom_objects: Mapping[str, Any] | None = None) -> Any:
    """Returns the schedule a config dict (as `serialize` writes it) or name stands for.

    Only lamina's schedules and the entries of `custom_objects` can be returned;
    `custom_objects` takes precedence over built-in names.

    Args:
        config: A dict as `serialize` (or Keras 3) writes it, a class name, or a callable.
        custom_objects: Maps names to user classes (built with `from_config`) or functions.

    Returns:
        A schedule or callable.

    Raises:
        ValueError: If a name is unknown or `config` is malformed.

    Example:
        >>> from lamina.optimizers import schedules
        >>> schedule = schedules.deserialize(
        ...     {"class_name": "PolynomialDecay", "config": {"initial_learning_rate": 1.0,
        ...      "decay_steps": 4, "end_learning_rate": 0.0}}
        ... )
        >>> round(float(schedule(1)), 4)
        0.75
    """
    return _REGISTRY.deserialize(config, custom_objects)
