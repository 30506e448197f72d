"""Shape rules shared by the image ops: image ranks, where height, width and channels sit."""

from __future__ import annotations

from typing import Any

from lamina.ops.shape_inference import Shape, shape_of


def images_shape(op_name: str, images: Any) -> Shape:
    """Returns the shape of `images`; raises unless it is one image (rank 3) or a batch (4)."""
    shape = shape_of(images)
    if len(shape) not in (3, 4):
        raise ValueError(
            f"{op_name}: expected images of rank 3 (one image) or 4 (a batch of images), "
            f"received shape {shape}."
        )
    return shape


def spatial_axes(rank: int, data_format: str) -> tuple[int, int]:
    """Returns the (height, width) axes of an image tensor of `rank` laid out as `data_format`."""
    if data_format == "channels_last":
        return rank - 3, rank - 2
    return rank - 2, rank - 1


def channel_axis(rank: int, data_format: str) -> int:
    """Returns the channel axis of an image tensor of `rank` laid out as `data_format`."""
    return rank - 1 if data_format == "channels_last" else rank - 3


def check_size(op_name: str, name: str, value: Any) -> tuple[int, int]:
    """Returns `value` as a `(height, width)` pair of positive ints, or raises."""
    try:
        height, width = (int(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(
            f"{op_name}: {name} must be a (height, width) pair of ints, received {value!r}."
        ) from None
    if height <= 0 or width <= 0:
        raise ValueError(
            f"{op_name}: {name} must have a positive height and width, received {value!r}."
        )
    return height, width
