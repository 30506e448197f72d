"""Checks of the arguments the pooling and image-reshaping layers share, with messages that
name the layer (STYLE.md §6)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import backend

DATA_FORMATS = ("channels_last", "channels_first")
PADDINGS = ("valid", "same")


def _describe(layer: Any) -> str:
    return f"{type(layer).__name__} '{layer.name}'"


def check_data_format(layer: Any, data_format: Any) -> str:
    """Returns `data_format` lower-cased, or the global `image_data_format()` when None."""
    if data_format is None:
        return backend.image_data_format()
    value = data_format.lower() if isinstance(data_format, str) else None
    if value not in DATA_FORMATS:
        raise ValueError(
            f"{_describe(layer)}: data_format must be 'channels_last' or 'channels_first' "
            f"(or None for lamina.config.image_data_format()), received {data_format!r}."
        )
    return value


def check_padding(layer: Any, padding: Any) -> str:
    """Returns `padding` lower-cased; raises unless it is "valid" or "same"."""
    value = padding.lower() if isinstance(padding, str) else None
    if value not in PADDINGS:
        raise ValueError(
            f"{_describe(layer)}: padding must be 'valid' or 'same', received {padding!r}."
        )
    return value


def positive_tuple(layer: Any, name: str, value: Any, rank: int) -> tuple[int, ...]:
    """Returns `value` (a positive int, or a sequence of `rank` positive ints) as a tuple."""
    values = (value,) * rank if _is_int(value) else value
    valid = (
        isinstance(values, (tuple, list))
        and len(values) == rank
        and all(_is_int(v) and v > 0 for v in values)
    )
    if not valid:
        raise ValueError(
            f"{_describe(layer)}: {name} must be a positive int or a tuple of {rank} positive "
            f"ints, received {name}={value!r}."
        )
    return tuple(int(v) for v in values)


def spatial_axes(rank: int, data_format: str) -> tuple[int, ...]:
    """Returns the axes of the `rank` spatial dims of an input laid out as `data_format`."""
    first = 2 if data_format == "channels_first" else 1
    return tuple(range(first, first + rank))


def spatial_dims(shape: Sequence[Any], data_format: str) -> tuple[Any, ...]:
    """Returns the spatial sizes of `shape` laid out as `data_format`."""
    return tuple(shape[2:]) if data_format == "channels_first" else tuple(shape[1:-1])


def with_spatial(shape: Sequence[Any], spatial: Sequence[Any], data_format: str) -> tuple:
    """Returns `shape` with its spatial sizes replaced by `spatial`."""
    if data_format == "channels_first":
        return (shape[0], shape[1], *spatial)
    return (shape[0], *spatial, shape[-1])


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
