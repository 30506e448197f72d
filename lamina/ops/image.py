"""`lamina.ops.image`: resizing, affine warps, coordinate sampling, crops, pads, patches and
color-space conversions of images (the Keras `keras.ops.image` namespace).

Images are one image of rank 3 or a batch of rank 4, laid out as `data_format`
("channels_last", `(batch, height, width, channels)`, or "channels_first"; None means
`lamina.config.image_data_format()`). Every op keeps the images' dtype: integer images are
computed in float and rounded back.

Resizing follows TensorFlow 2 / `jax.image.resize` on every backend: half-pixel centers,
kernel weights renormalized at the borders, and with `antialias` a kernel widened by the
downsampling factor.
"""

from __future__ import annotations

from typing import Any

from lamina import backend
from lamina.backend.common.config import standardize_data_format
from lamina.backend.common.image_sampling import check_fill_mode, check_resize_interpolation
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.ops.image_color import hsv_to_rgb as hsv_to_rgb
from lamina.ops.image_color import rgb_to_grayscale as rgb_to_grayscale
from lamina.ops.image_color import rgb_to_hsv as rgb_to_hsv
from lamina.ops.image_regions import crop_images as crop_images
from lamina.ops.image_regions import extract_patches as extract_patches
from lamina.ops.image_regions import pad_images as pad_images
from lamina.ops.image_shapes import check_size, images_shape, spatial_axes
from lamina.ops.operation import lamina_op
from lamina.ops.shape_inference import Shape, dtype_of, shape_of, spec
from lamina.typing import Tensor

_b = backend.image

__all__ = [
    "affine_transform",
    "crop_images",
    "extract_patches",
    "hsv_to_rgb",
    "map_coordinates",
    "pad_images",
    "resize",
    "rgb_to_grayscale",
    "rgb_to_hsv",
]


def _check_resize_args(
    images: Any,
    size: Any,
    interpolation: Any,
    crop_to_aspect_ratio: bool,
    pad_to_aspect_ratio: bool,
    fill_mode: Any,
) -> tuple[Shape, tuple[int, int]]:
    shape = images_shape("resize", images)
    size = check_size("resize", "size", size)
    check_resize_interpolation("resize", interpolation)
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError(
            "resize: only one of crop_to_aspect_ratio and pad_to_aspect_ratio can be True."
        )
    if fill_mode != "constant":
        raise ValueError(
            f"resize: fill_mode must be 'constant' (the only mode for pad_to_aspect_ratio), "
            f"received {fill_mode!r}."
        )
    return shape, size


def _resize_spec(
    images: Any,
    size: Any,
    interpolation: str = "bilinear",
    antialias: bool = False,
    crop_to_aspect_ratio: bool = False,
    pad_to_aspect_ratio: bool = False,
    fill_mode: str = "constant",
    fill_value: float = 0.0,
    data_format: str | None = None,
) -> SymbolicTensor:
    shape, size = _check_resize_args(
        images, size, interpolation, crop_to_aspect_ratio, pad_to_aspect_ratio, fill_mode
    )
    out_shape = list(shape)
    for axis, length in zip(spatial_axes(len(shape), standardize_data_format(data_format)), size):
        out_shape[axis] = length
    return spec(out_shape, dtype_of(images, weak=False))


@lamina_op(_resize_spec)
def resize(
    images: Any,
    size: Any,
    interpolation: str = "bilinear",
    antialias: bool = False,
    crop_to_aspect_ratio: bool = False,
    pad_to_aspect_ratio: bool = False,
    fill_mode: str = "constant",
    fill_value: float = 0.0,
    data_format: str | None = None,
) -> Tensor:
    """Resizes images to `size` with the given interpolation.

    Args:
        images: One image (rank 3) or a batch (rank 4), laid out as `data_format`.
        size: The output `(height, width)`.
        interpolation: "bilinear" (default), "nearest", "bicubic" (Keys' cubic, a = -0.5),
            "lanczos3", "lanczos5" or "area" (each output pixel averages the input it covers).
        antialias: Whether to low-pass filter when downsampling (widens the kernel by the
            downsampling factor). Has no effect on "nearest", "area" or when upsampling.
        crop_to_aspect_ratio: Crop the largest centered window with the target aspect ratio
            before resizing, so that the image is not distorted.
        pad_to_aspect_ratio: Pad the short side evenly with `fill_value` to the target aspect
            ratio before resizing.
        fill_mode: How `pad_to_aspect_ratio` fills; only "constant" is supported.
        fill_value: The value `pad_to_aspect_ratio` pads with.
        data_format: "channels_last" or "channels_first"; None means
            `lamina.config.image_data_format()`.

    Returns:
        The resized images, with the dtype of `images` (integers are rounded).

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> x = np.arange(4.0).reshape(1, 4, 1)
        >>> y = lamina.ops.image.resize(x, (1, 2))
        >>> lamina.ops.convert_to_numpy(y).ravel().tolist()
        [0.5, 2.5]
        >>> lamina.ops.shape(lamina.ops.image.resize(np.zeros((2, 3, 8, 6)), (4, 4),
        ...     data_format="channels_first"))
        (2, 3, 4, 4)
    """
    _, size = _check_resize_args(
        images, size, interpolation, crop_to_aspect_ratio, pad_to_aspect_ratio, fill_mode
    )
    data_format = standardize_data_format(data_format)
    images = backend.core.convert_to_tensor(images)
    if crop_to_aspect_ratio:
        images = _crop_to_aspect_ratio(images, size, data_format)
    elif pad_to_aspect_ratio:
        images = _pad_to_aspect_ratio(images, size, fill_value, data_format)
    return _b.resize(images, size, interpolation, bool(antialias), data_format)


def _crop_to_aspect_ratio(images: Any, size: tuple[int, int], data_format: str) -> Any:
    """The largest centered window of `images` with the aspect ratio of `size`."""
    shape = shape_of(images)
    height_axis, width_axis = spatial_axes(len(shape), data_format)
    height, width = int(shape[height_axis]), int(shape[width_axis])  # type: ignore[arg-type]
    target_height, target_width = size
    crop_height = min(height, max(1, int(width * target_height / target_width)))
    crop_width = min(width, max(1, int(height * target_width / target_height)))
    start = [0] * len(shape)
    window = list(shape)
    start[height_axis], window[height_axis] = (height - crop_height) // 2, crop_height
    start[width_axis], window[width_axis] = (width - crop_width) // 2, crop_width
    return backend.core.slice(images, start, window)


def _pad_to_aspect_ratio(
    images: Any, size: tuple[int, int], fill_value: float, data_format: str
) -> Any:
    """`images` padded evenly on its short side (with `fill_value`) to the ratio of `size`."""
    shape = shape_of(images)
    height_axis, width_axis = spatial_axes(len(shape), data_format)
    height, width = int(shape[height_axis]), int(shape[width_axis])  # type: ignore[arg-type]
    target_height, target_width = size
    pad_rows = (max(height, int(width * target_height / target_width)) - height) // 2
    pad_cols = (max(width, int(height * target_width / target_height)) - width) // 2
    widths = [(0, 0)] * len(shape)
    if pad_rows > 0:
        widths[height_axis] = (pad_rows, pad_rows)
    elif pad_cols > 0:
        widths[width_axis] = (pad_cols, pad_cols)
    else:
        return images
    return backend.manipulation.pad(images, widths, constant_values=fill_value)


def _affine_transform_spec(
    images: Any,
    transform: Any,
    interpolation: str = "bilinear",
    fill_mode: str = "constant",
    fill_value: float = 0,
    data_format: str | None = None,
) -> SymbolicTensor:
    shape = images_shape("affine_transform", images)
    if interpolation not in ("nearest", "bilinear"):
        raise ValueError(
            "affine_transform: interpolation must be 'nearest' or 'bilinear', "
            f"received {interpolation!r}."
        )
    check_fill_mode("affine_transform", fill_mode)
    transform_shape = shape_of(transform)
    batch = shape[0] if len(shape) == 4 else 1
    count = transform_shape[0] if len(transform_shape) == 2 else 1
    mismatched_batch = None not in (batch, count) and count not in (1, batch)
    if (
        len(transform_shape) not in (1, 2)
        or transform_shape[-1] not in (8, None)
        or mismatched_batch
    ):
        raise ValueError(
            "affine_transform: expected a transform of shape (8,) or (N, 8), with N = 1 or "
            f"the batch size, received transform shape {transform_shape} for images of "
            f"shape {shape}."
        )
    return spec(shape, dtype_of(images, weak=False))


@lamina_op(_affine_transform_spec)
def affine_transform(
    images: Any,
    transform: Any,
    interpolation: str = "bilinear",
    fill_mode: str = "constant",
    fill_value: float = 0,
    data_format: str | None = None,
) -> Tensor:
    """Warps images by projective transforms, sampling the input at the mapped points.

    A transform `[a0, a1, a2, b0, b1, b2, c0, c1]` maps the output point `(x, y)` (column,
    row) to the input point `((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k)` with
    `k = c0 x + c1 y + 1`: it is the inverse of the warp applied to the image. Affine
    transforms have `c0 = c1 = 0`.

    Args:
        images: One image (rank 3) or a batch (rank 4), laid out as `data_format`.
        transform: A tensor of shape `(8,)` for every image, or `(N, 8)` with one row per
            image (or one row, N = 1, for all).
        interpolation: "bilinear" (default) or "nearest".
        fill_mode: How points outside the image are filled: "constant" (`fill_value`),
            "nearest" (the edge pixel, `a a | a b c d | d d`), "wrap" (`c d | a b c d | a b`),
            "mirror" (`c b | a b c d | c b`) or "reflect" (`b a | a b c d | d c`).
        fill_value: The value of points outside the image when `fill_mode="constant"`.
        data_format: "channels_last" or "channels_first"; None means
            `lamina.config.image_data_format()`.

    Returns:
        The warped images, with the shape and dtype of `images`.

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> x = np.arange(4.0).reshape(1, 4, 1)
        >>> shift_left = np.array([1.0, 0, 1, 0, 1, 0, 0, 0])  # output (x, y) <- input (x + 1, y)
        >>> y = lamina.ops.image.affine_transform(x, shift_left, fill_value=-1.0)
        >>> lamina.ops.convert_to_numpy(y).ravel().tolist()
        [1.0, 2.0, 3.0, -1.0]
    """
    _affine_transform_spec(images, transform, interpolation, fill_mode, fill_value, data_format)
    return _b.affine_transform(images, transform, interpolation, fill_mode, fill_value, data_format)


def _map_coordinates_spec(
    inputs: Any, coordinates: Any, order: int, fill_mode: str = "constant", fill_value: float = 0
) -> SymbolicTensor:
    shape = shape_of(inputs)
    coordinates_shape = shape_of(coordinates)
    if len(coordinates_shape) < 2 or coordinates_shape[0] not in (len(shape), None):
        raise ValueError(
            "map_coordinates: expected coordinates of shape (rank of inputs, ...) with at "
            f"least rank 2, received coordinates shape {coordinates_shape} for inputs of "
            f"shape {shape}."
        )
    if order not in (0, 1):
        raise ValueError(f"map_coordinates: order must be 0 or 1, received {order!r}.")
    check_fill_mode("map_coordinates", fill_mode)
    return spec(coordinates_shape[1:], dtype_of(inputs, weak=False))


@lamina_op(_map_coordinates_spec)
def map_coordinates(
    inputs: Any, coordinates: Any, order: int, fill_mode: str = "constant", fill_value: float = 0
) -> Tensor:
    """Samples `inputs` at arbitrary (fractional) coordinates.

    Args:
        inputs: A tensor of any rank `n`.
        coordinates: A tensor (or list of `n` tensors) of shape `(n, ...)`: `coordinates[:, i]`
            is the index (per axis of `inputs`) of the point that output `i` samples.
        order: 0 (nearest: coordinates rounded half away from zero) or 1 (linear).
        fill_mode: How points outside `inputs` are filled: "constant", "nearest", "wrap",
            "mirror" or "reflect" (see `affine_transform`). With "constant", every
            interpolation tap outside `inputs` counts as `fill_value`.
        fill_value: The value outside `inputs` when `fill_mode="constant"`.

    Returns:
        A tensor of shape `coordinates.shape[1:]` with the dtype of `inputs`.

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> x = np.arange(12.0).reshape(3, 4)
        >>> points = np.array([[0.5, 1.5], [1.5, 2.5]])  # (row, col) pairs: (0.5, 1.5), (1.5, 2.5)
        >>> y = lamina.ops.image.map_coordinates(x, points, order=1)
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [3.5, 8.5]
    """
    _map_coordinates_spec(inputs, coordinates, order, fill_mode, fill_value)
    return _b.map_coordinates(inputs, coordinates, order, fill_mode, fill_value)
