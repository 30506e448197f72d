"""CenterCrop: the central window against NumPy slicing in both formats, shapes, errors."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import layers
from tests.layers.preprocessing.image_checks import check_image_layer, image_batch, to_numpy


def test_center_crop_basics():
    images = image_batch((2, 7, 6, 3))
    check_image_layer(
        layers.CenterCrop,
        {"height": 4, "width": 3},
        images,
        expected_output_shape=(2, 4, 3, 3),
        inference_reference=lambda x: x[:, 1:5, 1:4, :],
    )


def test_center_crop_channels_first_and_training():
    images = image_batch((2, 3, 7, 6))
    layer = layers.CenterCrop(3, 4, data_format="channels_first")
    expected = images[:, :, 2:5, 1:5]
    np.testing.assert_array_equal(to_numpy(layer(images, training=True)), expected)
    assert layer.compute_output_shape((None, 3, 7, 6)) == (None, 3, 3, 4)
    assert layer.compute_output_shape((3, 7, 6)) == (3, 3, 4)


def test_center_crop_of_the_full_size_is_identity_and_casts_ints():
    images = np.arange(2 * 3 * 3, dtype="uint8").reshape(2, 3, 3, 1)
    output = to_numpy(layers.CenterCrop(3, 3)(images))
    assert output.dtype == np.float32
    np.testing.assert_array_equal(output, images.astype("float32"))


@pytest.mark.parametrize("height", [0, -2, 2.5, None])
def test_center_crop_rejects_bad_sizes(height):
    with pytest.raises(ValueError, match="CenterCrop '.*': height must be a positive int"):
        layers.CenterCrop(height, 2)


def test_center_crop_of_a_smaller_image_resizes_the_aspect_window():
    images = image_batch((1, 3, 6, 2))
    layer = layers.CenterCrop(4, 4)
    expected = layers.Resizing(4, 4)(images[:, :, 1:4])
    np.testing.assert_allclose(to_numpy(layer(images)), to_numpy(expected), rtol=1e-5)
    assert tuple(to_numpy(layer(images)).shape) == (1, 4, 4, 2)
