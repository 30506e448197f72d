"""RandomTranslation: exact shifts against NumPy with constant and reflect fills, errors."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import layers
from tests.layers.preprocessing.image_checks import (
    GEOMETRY_SHAPE,
    check_image_layer,
    image_batch,
    to_numpy,
)


def test_random_translation_basics():
    images = image_batch(GEOMETRY_SHAPE)
    check_image_layer(
        layers.RandomTranslation,
        {"height_factor": 0.2, "width_factor": 0.3, "seed": 9},
        images,
        expected_output_shape=images.shape,
        inference_reference=lambda x: x,
    )


def test_random_translation_shifts_down_and_left_with_constant_fill():
    images = image_batch(GEOMETRY_SHAPE)
    layer = layers.RandomTranslation(
        (0.2, 0.2), (-0.4, -0.4), fill_mode="constant", fill_value=-1.0
    )
    expected = np.full_like(images, -1.0)
    expected[:, 1:, :3] = images[:, :4, 2:]
    np.testing.assert_allclose(to_numpy(layer(images)), expected, atol=1e-3)


def test_random_translation_reflect_fill_channels_first():
    images = np.moveaxis(image_batch(GEOMETRY_SHAPE), -1, 1)  # (batch, channels, h, w)
    layer = layers.RandomTranslation(0.0, (0.2, 0.2), data_format="channels_first")
    expected = np.concatenate([images[..., :1], images[..., :4]], axis=-1)
    np.testing.assert_allclose(to_numpy(layer(images)), expected, atol=1e-3)


def test_random_translation_draws_shifts_within_the_range():
    images = np.ones(GEOMETRY_SHAPE, "float32")
    layer = layers.RandomTranslation(0.0, 0.4, fill_mode="constant", fill_value=-1.0, seed=3)
    outputs = to_numpy(layer(images))
    np.testing.assert_allclose(outputs[:, :, 2], 1.0, atol=1e-5)  # shifts of at most 2 pixels
    assert outputs[0].tobytes() != outputs[1].tobytes()
    assert outputs.min() < 1.0


def test_random_translation_rejects_bad_factors():
    with pytest.raises(ValueError, match="RandomTranslation '.*': width_factor must be"):
        layers.RandomTranslation(0.1, 1.5)
