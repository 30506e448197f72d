"""rgb_to_grayscale, rgb_to_hsv and hsv_to_rgb against the luma formula and `colorsys`."""

from __future__ import annotations

import colorsys

import numpy as np
import pytest

from lamina import ops
from lamina.ops import image
from tests.support.op_check import check_op

RNG = np.random.default_rng(0)
FORMATS = ["channels_last", "channels_first"]


def _per_pixel(convert):
    """A reference applying `convert(a, b, c) -> (x, y, z)` to every pixel."""

    def reference(x, data_format=None):
        last = np.moveaxis(x, -3, -1) if data_format == "channels_first" else x
        flat = last.reshape(-1, 3).astype(np.float64)
        result = np.array([convert(*pixel) for pixel in flat]).reshape(last.shape)
        result = np.moveaxis(result, -1, -3) if data_format == "channels_first" else result
        return result.astype(x.dtype)

    return reference


def _grayscale_reference(x, data_format=None):
    axis = -3 if data_format == "channels_first" else -1
    weights = np.array([0.2989, 0.5870, 0.1140])
    gray = np.tensordot(np.moveaxis(x.astype(np.float64), axis, -1), weights, axes=1)
    return np.expand_dims(gray, axis).astype(x.dtype)


@pytest.mark.parametrize("data_format", FORMATS)
def test_rgb_to_grayscale_matches_luma_formula(data_format):
    x = RNG.uniform(size=(2, 3, 4, 5) if data_format == "channels_first" else (2, 4, 5, 3))
    kwargs = {"data_format": data_format}
    check_op(image.rgb_to_grayscale, [x.astype("float32")], _grayscale_reference, kwargs)
    single = x[0].astype("float32")
    check_op(image.rgb_to_grayscale, [single], _grayscale_reference, kwargs, "float32")


def test_rgb_to_grayscale_integer_and_single_channel_images():
    x = RNG.integers(0, 256, (4, 5, 3)).astype("uint8")
    # Integers are truncated after the weighted sum (as Keras does).
    check_op(image.rgb_to_grayscale, [x], _grayscale_reference, expected_dtype="uint8")
    gray = RNG.uniform(size=(2, 4, 5, 1)).astype("float32")
    check_op(image.rgb_to_grayscale, [gray], lambda a: a)


@pytest.mark.parametrize("data_format", FORMATS)
def test_rgb_to_hsv_and_back_match_colorsys(data_format):
    # A batch channels_last, one image channels_first.
    x = RNG.uniform(size=(3, 4, 5) if data_format == "channels_first" else (2, 4, 5, 3))
    x = x.astype("float32")
    gray_pixel = (slice(None), 0, 0) if data_format == "channels_first" else (0, 0, 0)
    x[gray_pixel] = 0.25  # no spread between channels: hue and saturation 0
    kwargs = {"data_format": data_format}
    to_hsv, to_rgb = _per_pixel(colorsys.rgb_to_hsv), _per_pixel(colorsys.hsv_to_rgb)
    hsv = check_op(image.rgb_to_hsv, [x], to_hsv, kwargs, "float32", 1e-5, 1e-5)
    check_op(image.hsv_to_rgb, [hsv], to_rgb, kwargs, "float32", 1e-5, 1e-5)
    shift = np.array([1.0, 0.0, 0.0], "float32")  # one more turn of hue
    turned = hsv + (shift[:, None, None] if data_format == "channels_first" else shift)
    back = ops.convert_to_numpy(image.hsv_to_rgb(turned, data_format=data_format))
    np.testing.assert_allclose(back, x, atol=1e-5)  # hue 1 + h is hue h


def test_color_errors():
    with pytest.raises(ValueError, match="rgb_to_grayscale: expected 1 or 3 channels on axis 2"):
        image.rgb_to_grayscale(np.zeros((4, 4, 2), "float32"))
    with pytest.raises(ValueError, match="rgb_to_hsv: expected images of a float dtype"):
        image.rgb_to_hsv(np.zeros((4, 4, 3), "uint8"))
    with pytest.raises(ValueError, match="hsv_to_rgb: expected 3 channels on axis 1"):
        image.hsv_to_rgb(np.zeros((2, 4, 4, 3), "float32"), data_format="channels_first")
    with pytest.raises(ValueError, match="rgb_to_hsv: expected images of rank 3"):
        image.rgb_to_hsv(np.zeros((3,), "float32"))
