"""Resizing: block means and repeats against NumPy, aspect-ratio modes, integer dtypes,
shapes and errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers, ops
from tests.layers.preprocessing.image_checks import check_image_layer, image_batch, to_numpy


def _block_mean(x, size=2):
    batch, height, width, channels = x.shape
    blocks = x.reshape(batch, height // size, size, width // size, size, channels)
    return blocks.mean(axis=(2, 4))


def test_resizing_basics_halving_averages_blocks():
    images = image_batch((2, 4, 6, 3))
    check_image_layer(
        layers.Resizing,
        {"height": 2, "width": 3},
        images,
        expected_output_shape=(2, 2, 3, 3),
        inference_reference=_block_mean,
        atol=1e-3,
    )


def test_resizing_nearest_upsampling_repeats_pixels_channels_first():
    images = image_batch((1, 2, 2, 3))  # (batch, channels, height, width)
    layer = layers.Resizing(4, 6, interpolation="nearest", data_format="channels_first")
    expected = images.repeat(2, axis=2).repeat(2, axis=3)
    np.testing.assert_array_equal(to_numpy(layer(images)), expected)


def test_resizing_crop_to_aspect_ratio_resizes_the_central_window():
    images = image_batch((1, 8, 4, 1))
    layer = layers.Resizing(2, 2, crop_to_aspect_ratio=True)
    np.testing.assert_allclose(to_numpy(layer(images)), _block_mean(images[:, 2:6]), rtol=1e-5)


def test_resizing_pad_to_aspect_ratio_pads_with_the_fill_value():
    images = np.ones((1, 2, 4, 1), "float32")
    layer = layers.Resizing(4, 4, pad_to_aspect_ratio=True, fill_value=-1.0)
    output = to_numpy(layer(images))[0, :, :, 0]
    np.testing.assert_allclose(output[[0, 3]], -1.0)
    np.testing.assert_allclose(output[1:3], 1.0)


def test_resizing_keeps_integer_dtypes():
    images = np.array([[[[0], [255], [255], [255]]]], "uint8")  # (1, 1, 4, 1)
    layer = layers.Resizing(1, 2)
    output = layer(images)
    assert ops.dtype(output) == "uint8"
    np.testing.assert_array_equal(to_numpy(output)[0, 0, :, 0], [128, 255])
    assert layer(lamina.Input((1, 4, 1), dtype="uint8")).dtype == "uint8"


def test_resizing_rejects_conflicting_aspect_ratio_modes():
    with pytest.raises(ValueError, match="cannot both be True"):
        layers.Resizing(2, 2, crop_to_aspect_ratio=True, pad_to_aspect_ratio=True)


def test_resizing_rejects_bad_arguments():
    with pytest.raises(ValueError, match="interpolation must be one of"):
        layers.Resizing(2, 2, interpolation="cubic")
    with pytest.raises(ValueError, match="height must be a positive int"):
        layers.Resizing(0, 2)
    with pytest.raises(ValueError, match="fill_mode must be one of"):
        layers.Resizing(2, 2, fill_mode="reflect")
