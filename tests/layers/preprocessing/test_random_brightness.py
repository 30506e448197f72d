"""RandomBrightness: one offset per image scaled by the value range, clipping, errors."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import layers
from tests.layers.preprocessing.image_checks import (
    check_image_layer,
    image_batch,
    to_numpy,
    training_outputs,
)


def test_random_brightness_basics():
    images = image_batch()
    check_image_layer(
        layers.RandomBrightness,
        {"factor": 0.2, "seed": 5},
        images,
        expected_output_shape=images.shape,
        inference_reference=lambda x: x,
    )


def test_random_brightness_adds_one_scaled_offset_per_image():
    images = image_batch(high=1.0) * 0.5 + 0.25  # away from the clip bounds
    layer = layers.RandomBrightness((-0.2, 0.2), value_range=(0.0, 1.0), seed=8)
    inputs, outputs = training_outputs(layer, images)
    offsets = (outputs - inputs).reshape(len(inputs), -1)
    np.testing.assert_allclose(offsets, offsets[:, :1].repeat(offsets.shape[1], 1), atol=1e-6)
    assert np.all(np.abs(offsets) <= 0.2 + 1e-6)
    assert offsets.min() < 0.0 < offsets.max()


def test_random_brightness_offset_scales_with_the_value_range_and_clips():
    images = np.full((2, 2, 2, 1), 100.0, "float32")
    layer = layers.RandomBrightness((0.1, 0.1), value_range=(0, 255))
    np.testing.assert_allclose(to_numpy(layer(images)), 125.5, rtol=1e-6)
    white = layers.RandomBrightness((1.0, 1.0), value_range=(0, 255))(images)
    np.testing.assert_allclose(to_numpy(white), 255.0)


def test_random_brightness_single_factor_is_symmetric():
    config = layers.RandomBrightness(-0.3).get_config()
    assert config["factor"] == (-0.3, 0.3)
    assert config["value_range"] == (0.0, 255.0)


@pytest.mark.parametrize("factor", [1.2, (-2.0, 0.1), None])
def test_random_brightness_rejects_bad_factors(factor):
    with pytest.raises(ValueError, match=r"RandomBrightness '.*': factor must be a number"):
        layers.RandomBrightness(factor)


def test_random_brightness_rejects_bad_value_range():
    with pytest.raises(ValueError, match="value_range must be a pair of numbers"):
        layers.RandomBrightness(0.1, value_range=255)
