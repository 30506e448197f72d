"""Crop windows shared by CenterCrop, RandomCrop and Resizing: the centered window of a target
aspect ratio, and "smart resizing" (crop to the target aspect ratio, then resize)."""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.typing import Tensor


def aspect_ratio_window(
    height: int, width: int, target_height: int, target_width: int
) -> tuple[int, int, int, int]:
    """Returns `(top, left, crop_height, crop_width)`: the largest centered window of an image
    of size `(height, width)` whose aspect ratio is `target_width / target_height`."""
    crop_height = max(min(height, int(width * target_height / target_width)), 1)
    crop_width = max(min(width, int(height * target_width / target_height)), 1)
    return (height - crop_height) // 2, (width - crop_width) // 2, crop_height, crop_width


def crop(layer: Any, images: Tensor, top: Any, left: Any, height: int, width: int) -> Tensor:
    """Returns the window of the batch `images` (rank 4) at `(top, left)` of size
    `(height, width)`; `top` and `left` may be ints or integer scalar tensors."""
    height_axis, width_axis = layer._spatial_axes()
    if isinstance(top, int) and isinstance(left, int):
        index: list[Any] = [slice(None)] * 4
        index[height_axis] = slice(top, top + height)
        index[width_axis] = slice(left, left + width)
        return images[tuple(index)]
    # Gathering rows and columns from tensor offsets keeps the crop inside compiled graphs
    # (jax.jit, torch.compile) without reading the offsets on the host.
    rows = ops.add(ops.arange(height, dtype="int32"), top)
    columns = ops.add(ops.arange(width, dtype="int32"), left)
    return ops.take(ops.take(images, rows, axis=height_axis), columns, axis=width_axis)


def smart_resize(layer: Any, images: Tensor, height: int, width: int) -> Tensor:
    """Crops the batch `images` to the largest centered window with the aspect ratio of
    `(height, width)`, then resizes it (bilinear) to `(height, width)`."""
    image_height, image_width = layer._image_size(images)
    top, left, crop_height, crop_width = aspect_ratio_window(
        image_height, image_width, height, width
    )
    window = crop(layer, images, top, left, crop_height, crop_width)
    if (crop_height, crop_width) == (height, width):
        return window
    from lamina.ops import image as image_ops

    resized = image_ops.resize(
        window, (height, width), interpolation="bilinear", data_format=layer.data_format
    )
    return ops.cast(resized, layer.compute_dtype)
