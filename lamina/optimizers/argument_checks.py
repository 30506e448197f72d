"""Checks of the Optimizer base arguments, kept apart so optimizer.py reads as the update flow.

Each function takes the optimizer first, to name it (class and name) in its messages.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

from lamina.backend.common.variables import Variable


def _describe(optimizer: Any) -> str:
    return f"{type(optimizer).__name__} '{optimizer.name}'"


def check_base_arguments(optimizer: Any) -> None:
    """Raises ValueError for clipping, accumulation and EMA arguments Keras does not allow.

    Example:
        >>> from lamina import optimizers
        >>> from lamina.optimizers.argument_checks import check_base_arguments
        >>> check_base_arguments(optimizers.SGD(clipnorm=1.0)) is None
        True
    """
    prefix = _describe(optimizer)
    clip_arguments = {
        "clipnorm": optimizer.clipnorm,
        "clipvalue": optimizer.clipvalue,
        "global_clipnorm": optimizer.global_clipnorm,
    }
    given = {key: value for key, value in clip_arguments.items() if value is not None}
    if len(given) > 1:
        raise ValueError(
            f"{prefix} accepts only one of clipnorm, clipvalue and global_clipnorm, "
            f"received {given}."
        )
    for key, value in given.items():
        if not isinstance(value, numbers.Real) or value < 0:
            raise ValueError(f"{prefix} expected {key} >= 0, received {key}={value!r}.")
    steps = optimizer.gradient_accumulation_steps
    if steps is not None and (not isinstance(steps, int) or steps < 2):
        raise ValueError(
            f"{prefix} expected gradient_accumulation_steps to be an integer >= 2 or None, "
            f"received gradient_accumulation_steps={steps!r}."
        )
    if optimizer.use_ema:
        _check_ema_arguments(optimizer)


def _check_ema_arguments(optimizer: Any) -> None:
    prefix = _describe(optimizer)
    if not 0 <= optimizer.ema_momentum <= 1:
        raise ValueError(
            f"{prefix} expected ema_momentum in [0, 1], received "
            f"ema_momentum={optimizer.ema_momentum!r}."
        )
    frequency = optimizer.ema_overwrite_frequency
    if frequency is not None and (not isinstance(frequency, int) or frequency < 1):
        raise ValueError(
            f"{prefix} expected ema_overwrite_frequency to be an integer >= 1 or None, "
            f"received ema_overwrite_frequency={frequency!r}."
        )


def checked_learning_rate(optimizer: Any, learning_rate: Any) -> float:
    """Returns `learning_rate` as a float; TypeError if it is not a number, ValueError if < 0.

    Example:
        >>> from lamina import optimizers
        >>> from lamina.optimizers.argument_checks import checked_learning_rate
        >>> checked_learning_rate(optimizers.SGD(), 1)
        1.0
    """
    if isinstance(learning_rate, Variable):
        learning_rate = learning_rate.numpy()
    try:
        value = float(learning_rate)
    except (TypeError, ValueError):
        raise TypeError(
            f"{_describe(optimizer)} expected learning_rate to be a float, a "
            f"LearningRateSchedule or a callable, received {learning_rate!r} (type "
            f"{type(learning_rate).__name__})."
        ) from None
    if not value >= 0:
        raise ValueError(
            f"{_describe(optimizer)} expected learning_rate >= 0, received learning_rate={value!r}."
        )
    return value


def check_stateless_arguments(
    optimizer: Any, optimizer_variables: Sequence[Any], trainable_variables: Sequence[Any]
) -> None:
    """Raises ValueError unless the optimizer is built and both value lists have its lengths.

    Example:
        >>> import lamina
        >>> from lamina import optimizers
        >>> from lamina.optimizers.argument_checks import check_stateless_arguments
        >>> optimizer = optimizers.SGD()
        >>> optimizer.build([lamina.Variable([1.0])])
        >>> check_stateless_arguments(optimizer, [0, 0.01], [[1.0]]) is None
        True
    """
    name = _describe(optimizer)
    if not optimizer.built:
        raise ValueError(
            f"{name} must be built before stateless_apply; call "
            "optimizer.build(trainable_variables) first."
        )
    expected_optimizer = len(optimizer.variables)
    if len(optimizer_variables) != expected_optimizer:
        raise ValueError(
            f"{name}.stateless_apply expected {expected_optimizer} optimizer_variables "
            f"(one per entry of optimizer.variables), received {len(optimizer_variables)}."
        )
    expected_trainable = len(optimizer._trainable_variables)
    if len(trainable_variables) != expected_trainable:
        raise ValueError(
            f"{name}.stateless_apply expected {expected_trainable} trainable_variables "
            f"(those the optimizer was built with), received {len(trainable_variables)}."
        )
