"""RandomContrast: the (x - mean) * factor + mean formula, factor ranges, clipping, errors."""

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


def test_random_contrast_basics():
    images = image_batch()
    check_image_layer(
        layers.RandomContrast,
        {"factor": 0.4, "seed": 1},
        images,
        expected_output_shape=images.shape,
        inference_reference=lambda x: x,
    )


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_random_contrast_follows_the_formula(data_format):
    images = image_batch()
    if data_format == "channels_first":
        images = np.moveaxis(images, -1, 1)
    spatial = (1, 2) if data_format == "channels_last" else (2, 3)
    layer = layers.RandomContrast(
        factor=(0.2, 0.5), value_range=(-1e4, 1e4), seed=4, data_format=data_format
    )
    outputs = to_numpy(layer(images, training=True))
    means = images.mean(axis=spatial, keepdims=True)
    factors = (outputs - means) / (images - means)
    per_image = factors.reshape(len(images), -1)
    np.testing.assert_allclose(per_image, per_image[:, :1].repeat(per_image.shape[1], 1), rtol=1e-3)
    assert np.all(per_image >= 0.8 - 1e-4) and np.all(per_image <= 1.5 + 1e-4)
    assert np.ptp(per_image[:, 0]) > 0.0


def test_random_contrast_single_factor_spans_both_sides_of_one():
    layer = layers.RandomContrast(0.5, value_range=(-1e4, 1e4), seed=3)
    images, outputs = training_outputs(layer, image_batch())
    means = images.mean(axis=(1, 2), keepdims=True)
    factors = ((outputs - means) / (images - means))[:, 0, 0, 0]
    assert factors.min() < 0.9 and factors.max() > 1.1
    assert factors.min() >= 0.5 - 1e-4 and factors.max() <= 1.5 + 1e-4


def test_random_contrast_clips_to_the_value_range():
    images = np.array([[[[0.0], [1.0]], [[0.0], [1.0]]]], "float32")
    outputs = to_numpy(layers.RandomContrast((1.0, 1.0), value_range=(0.2, 0.8))(images))
    assert outputs.min() >= 0.2 and outputs.max() <= 0.8


def test_random_contrast_config_keeps_the_factor_pair():
    config = layers.RandomContrast(0.3, value_range=[1, 0]).get_config()
    assert config["factor"] == (0.3, 0.3)
    assert config["value_range"] == (0.0, 1.0)


@pytest.mark.parametrize("factor", [1.5, -0.1, (0.1, 2.0), "big", (0.1, 0.2, 0.3)])
def test_random_contrast_rejects_bad_factors(factor):
    with pytest.raises(ValueError, match=r"factor must be a number or a pair of numbers in"):
        layers.RandomContrast(factor)


def test_random_contrast_rejects_bad_value_range():
    with pytest.raises(ValueError, match="value_range must be a pair of numbers"):
        layers.RandomContrast(0.1, value_range=(0, 1, 2))
