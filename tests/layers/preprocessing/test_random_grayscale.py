"""RandomGrayscale: luma formula, the share of converted images, formats, errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers
from tests.layers.preprocessing.image_checks import (
    check_image_layer,
    image_batch,
    to_numpy,
    training_outputs,
)

_LUMA = np.array([0.2989, 0.5870, 0.1140], "float32")


def test_random_grayscale_basics():
    images = image_batch()
    check_image_layer(
        layers.RandomGrayscale,
        {"factor": 0.5, "seed": 2},
        images,
        expected_output_shape=images.shape,
        inference_reference=lambda x: x,
    )


def test_random_grayscale_with_factor_one_converts_every_image():
    images = image_batch()
    outputs = to_numpy(layers.RandomGrayscale(1.0)(images, training=True))
    gray = (images @ _LUMA)[..., None].repeat(3, axis=-1)
    np.testing.assert_allclose(outputs, gray, rtol=1e-5, atol=1e-3)


def test_random_grayscale_channels_first():
    images = np.moveaxis(image_batch(), -1, 1)
    layer = layers.RandomGrayscale(1.0, data_format="channels_first")
    gray = np.einsum("bchw,c->bhw", images, _LUMA)[:, None].repeat(3, axis=1)
    np.testing.assert_allclose(to_numpy(layer(images)), gray, rtol=1e-5, atol=1e-3)


def test_random_grayscale_converts_a_share_of_whole_images():
    images, outputs = training_outputs(layers.RandomGrayscale(0.5, seed=9), image_batch())
    gray = (images @ _LUMA)[..., None].repeat(3, axis=-1)
    converted = [np.allclose(o, g, atol=1e-3) for o, g in zip(outputs, gray)]
    kept = [np.array_equal(o, i) for o, i in zip(outputs, images)]
    assert all(c or k for c, k in zip(converted, kept))
    assert 0 < sum(converted) < len(images)
    untouched = layers.RandomGrayscale(0.0)(images[:4])
    np.testing.assert_array_equal(to_numpy(untouched), images[:4])


def test_random_grayscale_keeps_single_channel_images():
    images = image_batch((2, 2, 2, 1))
    np.testing.assert_array_equal(to_numpy(layers.RandomGrayscale(1.0)(images)), images)


def test_random_grayscale_rejects_four_channels():
    layer = layers.RandomGrayscale(name="gray")
    with pytest.raises(ValueError, match="'gray' expects images with 1 or 3 channels"):
        layer(np.ones((1, 2, 2, 4), "float32"))
    with pytest.raises(ValueError, match="expects images with 1 or 3 channels"):
        layer(lamina.Input((2, 2, 4)))


@pytest.mark.parametrize("factor", [-0.1, 1.5, "half"])
def test_random_grayscale_rejects_bad_factor(factor):
    with pytest.raises(ValueError, match=r"factor must be a probability in \[0, 1\]"):
        layers.RandomGrayscale(factor)
