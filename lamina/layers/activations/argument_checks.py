"""Checks of the arguments the activation layers share."""

from __future__ import annotations

import math
import numbers
from typing import Any


def check_non_negative(layer: Any, name: str, value: Any) -> float:
    """Returns `value` as a float, or raises a ValueError naming `layer` unless it is a
    number >= 0 (infinity allowed, NaN and None not)."""
    valid = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if not valid or math.isnan(value) or value < 0:
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}': {name} must be a number >= 0, "
            f"received {name}={value!r}."
        )
    return float(value)
