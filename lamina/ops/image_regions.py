"""Image ops that move whole pixels: `crop_images`, `pad_images` and `extract_patches`
(re-exported by `lamina.ops.image`). They are slices, pads and concatenations, so they are exact
on every backend and for every dtype.
"""

from __future__ import annotations

import itertools
from typing import Any

from lamina import backend
from lamina.backend.common import conv_args
from lamina.backend.common.config import standardize_data_format
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.ops.image_shapes import images_shape, spatial_axes
from lamina.ops.operation import lamina_op
from lamina.ops.shape_inference import Shape, dtype_of, shape_of, spec
from lamina.typing import Tensor


def _solve_axis(
    op_name: str, verb: str, names: tuple[str, str, str], values: tuple, length: int | None
) -> tuple[int | None, int | None, int | None]:
    """Completes (before, after, target) along one axis from the two that are given.

    Padding: target = before + length + after; cropping: target = length - before - after.
    Returns Nones where `length` is unknown.
    """
    if list(values).count(None) != 1:
        given = ", ".join(f"{n}={v}" for n, v in zip(names, values))
        raise ValueError(f"{op_name}: give exactly two of {', '.join(names)}; received {given}.")
    for name, value in zip(names, values):
        if value is not None and value < 0:
            raise ValueError(f"{op_name}: {name} must be >= 0, received {name}={value}.")
    before, after, target = values
    if length is None:
        return before, after, target if target is not None else None
    sign = 1 if verb == "pad" else -1
    if target is None:
        target = length + sign * (before + after)
    elif before is None:
        before = sign * (target - length) - after
    else:
        after = sign * (target - length) - before
    for name, value in zip(names, (before, after, target)):
        if value < 0:
            raise ValueError(
                f"{op_name}: {name} would be {value} for an axis of length {length}; the "
                "arguments ask for more than the image holds."
            )
    return before, after, target


def _region_spec(
    op_name: str, verb: str, images: Any, vertical: tuple, horizontal: tuple, data_format: Any
) -> tuple[Shape, list]:
    shape = images_shape(op_name, images)
    axes = spatial_axes(len(shape), standardize_data_format(data_format))
    prefix = "padding" if verb == "pad" else "cropping"
    solved = [
        _solve_axis(
            op_name,
            verb,
            (f"top_{prefix}", f"bottom_{prefix}", "target_height"),
            vertical,
            shape[axes[0]],
        ),
        _solve_axis(
            op_name,
            verb,
            (f"left_{prefix}", f"right_{prefix}", "target_width"),
            horizontal,
            shape[axes[1]],
        ),
    ]
    out_shape = list(shape)
    for axis, (_, _, target) in zip(axes, solved):
        out_shape[axis] = target
    return tuple(out_shape), solved


def _pad_images_spec(
    images: Any,
    top_padding: int | None = None,
    left_padding: int | None = None,
    bottom_padding: int | None = None,
    right_padding: int | None = None,
    target_height: int | None = None,
    target_width: int | None = None,
    data_format: str | None = None,
) -> SymbolicTensor:
    vertical = (top_padding, bottom_padding, target_height)
    horizontal = (left_padding, right_padding, target_width)
    shape, _ = _region_spec("pad_images", "pad", images, vertical, horizontal, data_format)
    return spec(shape, dtype_of(images, weak=False))


@lamina_op(_pad_images_spec)
def pad_images(
    images: Any,
    top_padding: int | None = None,
    left_padding: int | None = None,
    bottom_padding: int | None = None,
    right_padding: int | None = None,
    target_height: int | None = None,
    target_width: int | None = None,
    data_format: str | None = None,
) -> Tensor:
    """Pads images with zeros to a given height and width.

    Along each axis, give exactly two of the three: the two paddings and the target length
    (`top_padding`, `bottom_padding`, `target_height`; `left_padding`, `right_padding`,
    `target_width`). The third follows.

    Args:
        images: One image (rank 3) or a batch (rank 4), laid out as `data_format`.
        top_padding: Rows of zeros added above.
        left_padding: Columns of zeros added on the left.
        bottom_padding: Rows of zeros added below.
        right_padding: Columns of zeros added on the right.
        target_height: The height of the result.
        target_width: The width of the result.
        data_format: "channels_last" or "channels_first"; None means
            `lamina.config.image_data_format()`.

    Returns:
        The padded images, with the dtype of `images`.

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> y = lamina.ops.image.pad_images(np.ones((15, 25, 3)), 2, 3, target_height=20,
        ...     target_width=30)
        >>> lamina.ops.shape(y)
        (20, 30, 3)
    """
    images = backend.core.convert_to_tensor(images)
    vertical = (top_padding, bottom_padding, target_height)
    horizontal = (left_padding, right_padding, target_width)
    shape, solved = _region_spec("pad_images", "pad", images, vertical, horizontal, data_format)
    axes = spatial_axes(len(shape), standardize_data_format(data_format))
    widths = [(0, 0)] * len(shape)
    for axis, (before, after, _) in zip(axes, solved):
        widths[axis] = (before, after)
    return backend.manipulation.pad(images, widths)


def _crop_images_spec(
    images: Any,
    top_cropping: int | None = None,
    left_cropping: int | None = None,
    bottom_cropping: int | None = None,
    right_cropping: int | None = None,
    target_height: int | None = None,
    target_width: int | None = None,
    data_format: str | None = None,
) -> SymbolicTensor:
    vertical = (top_cropping, bottom_cropping, target_height)
    horizontal = (left_cropping, right_cropping, target_width)
    shape, _ = _region_spec("crop_images", "crop", images, vertical, horizontal, data_format)
    return spec(shape, dtype_of(images, weak=False))


@lamina_op(_crop_images_spec)
def crop_images(
    images: Any,
    top_cropping: int | None = None,
    left_cropping: int | None = None,
    bottom_cropping: int | None = None,
    right_cropping: int | None = None,
    target_height: int | None = None,
    target_width: int | None = None,
    data_format: str | None = None,
) -> Tensor:
    """Crops images to a given height and width.

    Along each axis, give exactly two of the three: the two croppings and the target length
    (`top_cropping`, `bottom_cropping`, `target_height`; `left_cropping`, `right_cropping`,
    `target_width`). The third follows.

    Args:
        images: One image (rank 3) or a batch (rank 4), laid out as `data_format`.
        top_cropping: Rows removed at the top.
        left_cropping: Columns removed on the left.
        bottom_cropping: Rows removed at the bottom.
        right_cropping: Columns removed on the right.
        target_height: The height of the result.
        target_width: The width of the result.
        data_format: "channels_last" or "channels_first"; None means
            `lamina.config.image_data_format()`.

    Returns:
        The cropped images, with the dtype of `images`.

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> x = np.arange(9.0).reshape(3, 3, 1)
        >>> y = lamina.ops.image.crop_images(x, 1, 0, target_height=2, target_width=2)
        >>> lamina.ops.convert_to_numpy(y)[:, :, 0].tolist()
        [[3.0, 4.0], [6.0, 7.0]]
    """
    images = backend.core.convert_to_tensor(images)
    vertical = (top_cropping, bottom_cropping, target_height)
    horizontal = (left_cropping, right_cropping, target_width)
    shape, solved = _region_spec("crop_images", "crop", images, vertical, horizontal, data_format)
    axes = spatial_axes(len(shape), standardize_data_format(data_format))
    start = [0] * len(shape)
    for axis, (before, _, _) in zip(axes, solved):
        start[axis] = before
    return backend.core.slice(images, start, shape)


def _patch_args(
    images: Any, size: Any, strides: Any, dilation_rate: Any, padding: Any, data_format: Any
) -> tuple:
    """Checked arguments of `extract_patches`: (shape, sizes, strides, dilations, padding,
    data_format, batched)."""
    if isinstance(size, int) or (isinstance(size, (tuple, list)) and len(size) in (2, 3)):
        rank = 2 if isinstance(size, int) else len(size)
    else:
        raise ValueError(
            f"extract_patches: size must be an int or a tuple of 2 or 3 ints, received {size!r}."
        )
    shape = shape_of(images)
    if len(shape) not in (rank + 1, rank + 2):
        raise ValueError(
            f"extract_patches: {rank}D patches need inputs of rank {rank + 1} (unbatched) or "
            f"{rank + 2} (batched), received shape {shape}."
        )
    sizes = conv_args.normalize_tuple("extract_patches", "size", size, rank)
    strides = sizes if strides is None else strides
    strides = conv_args.normalize_tuple("extract_patches", "strides", strides, rank)
    dilations = conv_args.normalize_tuple("extract_patches", "dilation_rate", dilation_rate, rank)
    padding = conv_args.normalize_padding("extract_patches", padding)
    data_format = standardize_data_format(data_format)
    batched = len(shape) == rank + 2
    full_shape = shape if batched else (1, *shape)
    return full_shape, sizes, strides, dilations, padding, data_format, batched


def _extract_patches_spec(
    images: Any,
    size: Any,
    strides: Any = None,
    dilation_rate: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
) -> SymbolicTensor:
    args = _patch_args(images, size, strides, dilation_rate, padding, data_format)
    shape, sizes, strides, dilations, padding, data_format, batched = args
    spatial = conv_args.spatial_dims(shape, data_format)
    extents = [conv_args.dilated_size(k, d) for k, d in zip(sizes, dilations)]
    if padding == "valid" and any(n is not None and n < e for n, e in zip(spatial, extents)):
        raise ValueError(
            f"extract_patches: patches spanning {tuple(extents)} pixels do not fit in images "
            f"of spatial size {tuple(spatial)} with padding='valid'."
        )
    out_spatial = [
        conv_args.output_length(n, k, s, d, padding)
        for n, k, s, d in zip(spatial, sizes, strides, dilations)
    ]
    channels = conv_args.channels_dim(shape, data_format)
    features = None if channels is None else channels * _product(sizes)
    out_shape = conv_args.with_spatial(shape[0], out_spatial, features, data_format)
    return spec(out_shape if batched else out_shape[1:], dtype_of(images, weak=False))


def _product(values: Any) -> int:
    result = 1
    for value in values:
        result *= value
    return result


@lamina_op(_extract_patches_spec)
def extract_patches(
    images: Any,
    size: Any,
    strides: Any = None,
    dilation_rate: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
) -> Tensor:
    """Extracts patches of images (2D) or volumes (3D) into the channel axis.

    Args:
        images: For 2D patches, images of shape `(height, width, channels)` or a batch of
            them; for 3D patches, volumes `(depth, height, width, channels)` or a batch
            (channels first when `data_format="channels_first"`).
        size: The patch size: an int or `(patch_height, patch_width)` for 2D patches,
            `(patch_depth, patch_height, patch_width)` for 3D patches.
        strides: The step between patches; None (default) means `size`, non-overlapping.
        dilation_rate: The step between the pixels of a patch.
        padding: "valid" (only whole patches) or "same" (zero padding so that there are
            `ceil(length / stride)` patches along each axis).
        data_format: "channels_last" or "channels_first"; None means
            `lamina.config.image_data_format()`.

    Returns:
        A tensor `(batch, *patch_grid, patch_pixels * channels)` (channels_last; the feature
        axis comes second with channels_first), with the batch axis only if `images` has
        one. Each patch's features are ordered (row, column, channel), as a flattened
        `(patch_height, patch_width, channels)` patch.

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> patches = lamina.ops.image.extract_patches(np.zeros((2, 20, 20, 3)), (5, 5))
        >>> lamina.ops.shape(patches)
        (2, 4, 4, 75)
    """
    args = _patch_args(images, size, strides, dilation_rate, padding, data_format)
    _extract_patches_spec(images, size, strides, dilation_rate, padding, data_format)
    shape, sizes, strides, dilations, padding, data_format, batched = args
    x = backend.core.convert_to_tensor(images)
    if not batched:
        x = backend.manipulation.expand_dims(x, 0)
    if data_format == "channels_first":
        x = backend.manipulation.moveaxis(x, 1, -1)
    spatial = tuple(int(n) for n in shape_of(x)[1:-1])  # type: ignore[arg-type]
    pads = conv_args.pads(spatial, sizes, strides, dilations, padding)
    if any(before or after for before, after in pads):
        x = backend.manipulation.pad(x, [(0, 0), *pads, (0, 0)])
    out_spatial = [
        conv_args.output_length(n, k, s, d, padding)
        for n, k, s, d in zip(spatial, sizes, strides, dilations)
    ]
    pieces = []
    for offsets in itertools.product(*(range(k) for k in sizes)):
        window = tuple(
            slice(o * d, o * d + (n - 1) * s + 1, s)  # type: ignore[operator]
            for o, d, n, s in zip(offsets, dilations, out_spatial, strides)
        )
        pieces.append(x[(slice(None), *window, slice(None))])
    result = backend.manipulation.concatenate(pieces, axis=-1)
    if data_format == "channels_first":
        result = backend.manipulation.moveaxis(result, -1, 1)
    return result if batched else backend.manipulation.squeeze(result, 0)
