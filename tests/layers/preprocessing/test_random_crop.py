"""RandomCrop: windows inside the image, one position per batch, seeds, shapes, errors."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import layers
from tests.layers.preprocessing.image_checks import image_batch, to_numpy


def _window_position(images, window):
    """The (top, left) where `window` (batch, h, w, c) sits in `images`, or None."""
    height, width = window.shape[1:3]
    for top in range(images.shape[1] - height + 1):
        for left in range(images.shape[2] - width + 1):
            if np.array_equal(images[:, top : top + height, left : left + width], window):
                return top, left
    return None


def test_random_crop_training_windows_lie_inside_the_batch():
    images = image_batch((2, 6, 5, 1))
    layer = layers.RandomCrop(3, 2, seed=4)
    positions = {_window_position(images, to_numpy(layer(images))) for _ in range(6)}
    assert None not in positions
    assert len(positions) > 2


def test_random_crop_channels_first_and_single_image():
    images = image_batch((1, 2, 5, 5))
    layer = layers.RandomCrop(2, 3, seed=1, data_format="channels_first")
    window = to_numpy(layer(images[0]))
    as_last = np.moveaxis(images, 1, -1)
    assert window.shape == (2, 2, 3)
    assert _window_position(as_last, np.moveaxis(window, 0, -1)[None]) is not None


def test_random_crop_is_reproducible_and_keeps_its_seed_in_the_config():
    images = image_batch((1, 8, 8, 1))
    first = layers.RandomCrop(3, 3)
    second = layers.RandomCrop.from_config(first.get_config())
    assert isinstance(first.get_config()["seed"], int)
    for _ in range(3):
        np.testing.assert_array_equal(to_numpy(first(images)), to_numpy(second(images)))


def test_random_crop_shapes():
    layer = layers.RandomCrop(3, 2)
    assert layer.compute_output_shape((None, 8, 9, 3)) == (None, 3, 2, 3)
    images = image_batch((1, 3, 2, 1))
    np.testing.assert_array_equal(to_numpy(layer(images)), images)


def test_random_crop_rejects_bad_sizes():
    with pytest.raises(ValueError, match="RandomCrop '.*': width must be a positive int"):
        layers.RandomCrop(2, 0)


def test_random_crop_inference_resizes_the_aspect_window():
    images = image_batch((2, 8, 6, 1))
    layer = layers.RandomCrop(3, 3, seed=2)
    window = images[:, 1:7]  # the centered 6 x 6 window, then halved by 2 x 2 block means
    expected = window.reshape(2, 3, 2, 3, 2, 1).mean(axis=(2, 4))
    np.testing.assert_allclose(to_numpy(layer(images, training=False)), expected, rtol=1e-5)


def test_random_crop_training_on_a_smaller_image_resizes():
    images = image_batch((1, 2, 2, 1))
    output = to_numpy(layers.RandomCrop(4, 4, seed=1)(images))
    np.testing.assert_allclose(output, to_numpy(layers.Resizing(4, 4)(images)), rtol=1e-5)
