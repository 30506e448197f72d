"""Color-space conversions of images: `rgb_to_grayscale`, `rgb_to_hsv`, `hsv_to_rgb`
(re-exported by `lamina.ops.image`). Written once on top of lamina's element-wise ops.

HSV values are all in [0, 1]: a hue of 0 is red, 1/3 green and 2/3 blue.
"""

from __future__ import annotations

from typing import Any

from lamina import backend
from lamina.backend.common import dtypes
from lamina.backend.common.config import standardize_data_format
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.ops import core, elementwise, elementwise_logic, indexing, manipulation_join
from lamina.ops.image_shapes import channel_axis, images_shape
from lamina.ops.operation import lamina_op
from lamina.ops.shape_inference import dtype_of, spec
from lamina.typing import Tensor

# ITU-R BT.601 luma weights, as TensorFlow's rgb_to_grayscale uses.
_LUMA_WEIGHTS = (0.2989, 0.5870, 0.1140)
# Machine epsilon of each float dtype: RGB values below it count as 0 in rgb_to_hsv.
_EPSILON = {"float16": 2.0**-10, "bfloat16": 2.0**-7, "float32": 2.0**-23, "float64": 2.0**-52}


def _channels(op_name: str, images: Any, data_format: Any, allowed: tuple[int, ...]) -> int:
    """Returns the channel axis of `images` after checking its rank and channel count."""
    shape = images_shape(op_name, images)
    axis = channel_axis(len(shape), standardize_data_format(data_format))
    if shape[axis] is not None and shape[axis] not in allowed:
        wanted = " or ".join(str(n) for n in allowed)
        raise ValueError(
            f"{op_name}: expected {wanted} channels on axis {axis}, received images of shape "
            f"{shape} ({standardize_data_format(data_format)})."
        )
    return axis


def _float_images(op_name: str, images: Any) -> str:
    dtype = dtypes.standardize_dtype(dtype_of(images, weak=False))
    if dtype not in dtypes.FLOAT_TYPES:
        raise ValueError(f"{op_name}: expected images of a float dtype, received {dtype}.")
    return dtype


def _grayscale_spec(images: Any, data_format: str | None = None) -> SymbolicTensor:
    axis = _channels("rgb_to_grayscale", images, data_format, (1, 3))
    shape = list(images_shape("rgb_to_grayscale", images))
    shape[axis] = 1
    return spec(shape, dtype_of(images, weak=False))


@lamina_op(_grayscale_spec)
def rgb_to_grayscale(images: Any, data_format: str | None = None) -> Tensor:
    """Converts RGB images to grayscale: `0.2989 R + 0.5870 G + 0.1140 B`.

    Args:
        images: One image (rank 3) or a batch (rank 4) with 3 channels (1-channel images are
            returned as they are), laid out as `data_format`.
        data_format: "channels_last" or "channels_first"; None means
            `lamina.config.image_data_format()`.

    Returns:
        The images with one channel and the dtype of `images` (integers are truncated).

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> y = lamina.ops.image.rgb_to_grayscale(np.array([[[1.0, 1.0, 1.0]]]))
        >>> round(float(lamina.ops.convert_to_numpy(y).item()), 4)
        0.9999
    """
    axis = _channels("rgb_to_grayscale", images, data_format, (1, 3))
    images = backend.core.convert_to_tensor(images)
    if core.shape(images)[axis] == 1:
        return images
    dtype = dtypes.standardize_dtype(images.dtype)
    compute = dtype if dtype in dtypes.FLOAT_TYPES else backend.floatx()
    red, green, blue = core.unstack(core.cast(images, compute), axis=axis)
    gray = red * _LUMA_WEIGHTS[0] + green * _LUMA_WEIGHTS[1] + blue * _LUMA_WEIGHTS[2]
    return core.cast(manipulation_join.stack([gray], axis=axis), dtype)


def _hsv_spec_for(op_name: str):  # noqa: ANN202 - returns a spec function
    def hsv_spec(images: Any, data_format: str | None = None) -> SymbolicTensor:
        _channels(op_name, images, data_format, (3,))
        return spec(images_shape(op_name, images), _float_images(op_name, images))

    return hsv_spec


@lamina_op(_hsv_spec_for("rgb_to_hsv"))
def rgb_to_hsv(images: Any, data_format: str | None = None) -> Tensor:
    """Converts RGB images to HSV (hue, saturation, value), all in [0, 1].

    Args:
        images: One image (rank 3) or a batch (rank 4) of a float dtype, with 3 channels in
            [0, 1], laid out as `data_format`.
        data_format: "channels_last" or "channels_first"; None means
            `lamina.config.image_data_format()`.

    Returns:
        The HSV images, with the shape and dtype of `images`.

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> y = lamina.ops.image.rgb_to_hsv(np.array([[[0.0, 0.5, 0.0]]]))  # dark green
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).ravel().tolist()]
        [0.3333, 1.0, 0.5]
    """
    axis = _channels("rgb_to_hsv", images, data_format, (3,))
    dtype = _float_images("rgb_to_hsv", images)
    images = backend.core.convert_to_tensor(images)
    images = indexing.where(elementwise.abs(images) < _EPSILON[dtype], 0.0, images)
    red, green, blue = core.unstack(images, axis=axis)
    value = elementwise.maximum(elementwise.maximum(red, green), blue)
    spread = value - elementwise.minimum(elementwise.minimum(red, green), blue)
    saturation = indexing.where(value > 0, spread / indexing.where(value > 0, value, 1.0), 0.0)
    norm = 1.0 / (6.0 * indexing.where(spread > 0, spread, 1.0))
    hue = indexing.where(
        elementwise_logic.equal(value, green),
        norm * (blue - red) + 2.0 / 6.0,
        norm * (red - green) + 4.0 / 6.0,
    )
    hue = indexing.where(elementwise_logic.equal(value, red), norm * (green - blue), hue)
    hue = indexing.where(spread > 0, hue, 0.0)
    hue = hue + core.cast(hue < 0.0, dtype)
    return manipulation_join.stack([hue, saturation, value], axis=axis)


@lamina_op(_hsv_spec_for("hsv_to_rgb"))
def hsv_to_rgb(images: Any, data_format: str | None = None) -> Tensor:
    """Converts HSV images (hue, saturation, value, all in [0, 1]) to RGB.

    Args:
        images: One image (rank 3) or a batch (rank 4) of a float dtype, with 3 channels,
            laid out as `data_format`. Hues wrap around: 1.25 is 0.25.
        data_format: "channels_last" or "channels_first"; None means
            `lamina.config.image_data_format()`.

    Returns:
        The RGB images, with the shape and dtype of `images`.

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> y = lamina.ops.image.hsv_to_rgb(np.array([[[1 / 3, 1.0, 0.5]]]))
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).ravel().tolist()]
        [0.0, 0.5, 0.0]
    """
    axis = _channels("hsv_to_rgb", images, data_format, (3,))
    _float_images("hsv_to_rgb", images)
    images = backend.core.convert_to_tensor(images)
    hue, saturation, value = core.unstack(images, axis=axis)
    sector = elementwise.mod(hue, 1.0) * 6.0
    red = elementwise.clip(elementwise.abs(sector - 3.0) - 1.0, 0.0, 1.0)
    green = elementwise.clip(2.0 - elementwise.abs(sector - 2.0), 0.0, 1.0)
    blue = elementwise.clip(2.0 - elementwise.abs(sector - 4.0), 0.0, 1.0)
    gray = 1.0 - saturation
    planes = [value * (gray + saturation * plane) for plane in (red, green, blue)]
    return manipulation_join.stack(planes, axis=axis)
