"""Checks of the arguments the noise layers share (drop rates, noise scales)."""

from __future__ import annotations

import math
import numbers
from typing import Any


def check_rate(layer: Any, rate: Any) -> float:
    """Returns `rate` as a float, or raises a ValueError naming `layer` unless 0 <= rate < 1."""
    valid = isinstance(rate, numbers.Real) and not isinstance(rate, bool)
    if not valid or not 0.0 <= rate < 1.0:
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}': rate must be a float in [0, 1), "
            f"received rate={rate!r}."
        )
    return float(rate)


def check_non_negative(layer: Any, name: str, value: Any) -> float:
    """Returns `value` as a float, or raises a ValueError naming `layer` unless it is a finite
    number >= 0."""
    valid = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if not valid or not math.isfinite(value) or value < 0:
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}': {name} must be a non-negative finite "
            f"number, received {name}={value!r}."
        )
    return float(value)
