"""Checks of the arguments the convolution layers share, each raising a ValueError that names
the layer, what it expected and what it received."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

from lamina.backend.common.config import image_data_format

DATA_FORMATS = ("channels_last", "channels_first")


def _describe(layer: Any) -> str:
    return f"{type(layer).__name__} '{layer.name}'"


def _is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def positive_int(layer: Any, name: str, value: Any) -> int:
    """Returns `value` as an int; raises unless it is an int > 0."""
    if not _is_int(value) or value <= 0:
        raise ValueError(
            f"{_describe(layer)}: {name} must be a positive int, received {name}={value!r}."
        )
    return int(value)


def int_tuple(layer: Any, name: str, value: Any, rank: int, minimum: int = 1) -> tuple[int, ...]:
    """Returns `value` (an int, or a sequence of `rank` ints) as a tuple of `rank` ints, each at
    least `minimum`."""
    values = (value,) * rank if _is_int(value) else value
    valid = isinstance(values, Sequence) and not isinstance(values, str)
    valid = valid and len(values) == rank and all(_is_int(v) and v >= minimum for v in values)
    if not valid:
        bound = "positive" if minimum == 1 else f">= {minimum}"
        raise ValueError(
            f"{_describe(layer)}: {name} must be an int or a tuple of {rank} ints, all "
            f"{bound}, received {name}={value!r}."
        )
    return tuple(int(v) for v in values)


def padding_mode(layer: Any, padding: Any, allow_causal: bool = False) -> str:
    """Returns `padding` lower-cased; raises unless it is "valid", "same" (or "causal")."""
    allowed = ("valid", "same", "causal") if allow_causal else ("valid", "same")
    value = padding.lower() if isinstance(padding, str) else padding
    if value not in allowed:
        hint = "" if allow_causal else " ('causal' exists only for Conv1D)"
        raise ValueError(
            f"{_describe(layer)}: padding must be one of {allowed}{hint}, "
            f"received padding={padding!r}."
        )
    return str(value)


def data_format_name(layer: Any, data_format: Any) -> str:
    """Returns `data_format`, or `lamina.config.image_data_format()` when it is None."""
    if data_format is None:
        return image_data_format()
    value = data_format.lower() if isinstance(data_format, str) else data_format
    if value not in DATA_FORMATS:
        raise ValueError(
            f"{_describe(layer)}: data_format must be one of {DATA_FORMATS} or None, "
            f"received data_format={data_format!r}."
        )
    return str(value)


def strides_with_dilation(layer: Any, strides: tuple[int, ...], dilation: tuple[int, ...]) -> None:
    """Raises when both a stride and a dilation rate exceed 1 (Keras refuses that pair)."""
    if max(strides) > 1 and max(dilation) > 1:
        raise ValueError(
            f"{_describe(layer)}: strides > 1 cannot be combined with dilation_rate > 1, "
            f"received strides={strides} and dilation_rate={dilation}. Set one of them to 1."
        )
