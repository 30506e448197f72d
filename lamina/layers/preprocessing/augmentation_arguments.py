"""Checks of the arguments the image augmentation layers share (factors, value ranges, fill and
interpolation modes), each raising a ValueError that names the layer and what it received."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any


def _describe(layer: Any) -> str:
    return f"{type(layer).__name__} '{layer.name}'"


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def factor_range(
    layer: Any,
    name: str,
    factor: Any,
    bounds: tuple[float, float],
    symmetric: bool = True,
) -> tuple[float, float]:
    """Returns `factor` as a sorted pair `(lower, upper)` with both ends within `bounds`.

    A pair is sorted; a single number `f` gives `(-|f|, |f|)` when `symmetric`, else `(f, f)`.
    """
    low, high = bounds
    if _is_number(factor):
        value = abs(float(factor))
        pair = (-value, value) if symmetric else (value, value)
        valid = low <= float(factor) <= high
    elif (
        isinstance(factor, Sequence)
        and not isinstance(factor, str)
        and len(factor) == 2
        and all(_is_number(f) for f in factor)
    ):
        first, second = sorted(float(f) for f in factor)
        pair = (first, second)
        valid = low <= first and second <= high
    else:
        valid = False
    if not valid:
        raise ValueError(
            f"{_describe(layer)}: {name} must be a number or a pair of numbers in "
            f"[{low}, {high}], received {name}={factor!r}."
        )
    return pair


def value_range_pair(layer: Any, value_range: Any) -> tuple[float, float]:
    """Returns `value_range` as a sorted pair of floats `(low, high)`."""
    if (
        not isinstance(value_range, Sequence)
        or isinstance(value_range, str)
        or len(value_range) != 2
        or not all(_is_number(v) for v in value_range)
    ):
        raise ValueError(
            f"{_describe(layer)}: value_range must be a pair of numbers (low, high), "
            f"received value_range={value_range!r}."
        )
    low, high = sorted(float(v) for v in value_range)
    return low, high


def one_of(layer: Any, name: str, value: Any, allowed: tuple[str, ...]) -> str:
    """Returns `value` when it is one of `allowed`; raises otherwise."""
    if value not in allowed:
        raise ValueError(
            f"{_describe(layer)}: {name} must be one of {allowed}, received {name}={value!r}."
        )
    return str(value)


def positive_size(layer: Any, name: str, value: Any) -> int:
    """Returns `value` as an int > 0; raises otherwise."""
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value <= 0:
        raise ValueError(
            f"{_describe(layer)}: {name} must be a positive int, received {name}={value!r}."
        )
    return int(value)
