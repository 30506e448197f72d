"""Axis handling shared by the normalization layers: checking `axis` arguments, resolving them
against an input rank, and shaping per-feature weights to broadcast against the inputs."""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.typing import Shape, Tensor

HALF_DTYPES = ("float16", "bfloat16")


def check_axis_argument(layer: Any, axis: Any, allow_list: bool = True) -> int | list[int]:
    """Returns `axis` as an int or a list of ints; raises a TypeError naming `layer` otherwise."""
    if _is_int(axis):
        return int(axis)
    if allow_list and isinstance(axis, (list, tuple)) and axis and all(_is_int(a) for a in axis):
        return [int(a) for a in axis]
    expected = "an int or a non-empty list of ints" if allow_list else "an int"
    raise TypeError(
        f"{type(layer).__name__} '{layer.name}': axis must be {expected}, received {axis!r}."
    )


def resolve_axes(layer: Any, axis: int | list[int], input_shape: Shape) -> list[int]:
    """Returns `axis` as non-negative axes of `input_shape`, in the order given.

    Raises a ValueError naming `layer` when an axis is out of range, repeated, the batch axis,
    or of unknown size.
    """
    rank = len(input_shape)
    given = [axis] if isinstance(axis, int) else list(axis)
    resolved = []
    for entry in given:
        if not -rank <= entry < rank:
            raise ValueError(
                f"{type(layer).__name__} '{layer.name}': axis {entry} is out of range for "
                f"inputs of rank {rank} (shape {tuple(input_shape)}); expected an axis in "
                f"[{-rank}, {rank - 1}]."
            )
        resolved.append(entry % rank)
    if len(set(resolved)) != len(resolved):
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}': axis {axis!r} names an axis twice for "
            f"inputs of rank {rank}."
        )
    if 0 in resolved and rank > 1:
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}': axis {axis!r} includes the batch axis 0 "
            f"of inputs of shape {tuple(input_shape)}; normalize over feature axes instead."
        )
    unknown = [a for a in resolved if input_shape[a] is None]
    if unknown:
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}' needs a known size on axis {unknown[0]} to "
            f"build its weights, received input shape {tuple(input_shape)}."
        )
    return resolved


def axis_sizes(input_shape: Shape, axes: list[int]) -> tuple[int, ...]:
    """The sizes of `input_shape` on `axes` (known once `resolve_axes` accepted them)."""
    return tuple(int(input_shape[a] or 0) for a in axes)


def broadcast_parameter(parameter: Any, axes: list[int], rank: int, dtype: str) -> Tensor:
    """Reshapes a weight spanning `axes` (its shape in the order of `axes`) so that it
    broadcasts against inputs of rank `rank`, and casts it to `dtype`."""
    sizes = tuple(parameter.shape)
    value = ops.cast(parameter, dtype)
    if axes == [rank - 1]:
        return value
    shape = [1] * rank
    for axis, size in zip(axes, sizes):
        shape[axis] = size
    return ops.reshape(value, tuple(shape))


def computation_dtype(inputs: Tensor) -> str:
    """Float32 for half-precision inputs (statistics lose too much in 16 bits), else their
    dtype."""
    dtype = ops.dtype(inputs)
    return "float32" if dtype in HALF_DTYPES else dtype


def serialize_optional(serialize: Any, value: Any) -> Any:
    """`serialize(value)`, or None when `value` is None."""
    return None if value is None else serialize(value)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
