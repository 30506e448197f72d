"""RandomRotation: quarter and half turns against np.rot90 / flips, random angles, formats,
errors. The geometric tests share one image shape and two fill settings, so that jax compiles
few warps."""

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


def test_random_rotation_basics():
    images = image_batch(GEOMETRY_SHAPE)
    check_image_layer(
        layers.RandomRotation,
        {"factor": 0.2, "seed": 6},
        images,
        expected_output_shape=images.shape,
        inference_reference=lambda x: x,
    )


def test_random_rotation_quarter_turn_matches_rot90():
    images = image_batch(GEOMETRY_SHAPE)
    output = to_numpy(layers.RandomRotation((0.25, 0.25))(images))
    np.testing.assert_allclose(output, np.rot90(images, k=1, axes=(1, 2)), atol=1e-3)
    clockwise = to_numpy(layers.RandomRotation((-0.25, -0.25))(images))
    np.testing.assert_allclose(clockwise, np.rot90(images, k=-1, axes=(1, 2)), atol=1e-3)


def test_random_rotation_half_turn_channels_first():
    images = np.moveaxis(image_batch(GEOMETRY_SHAPE), -1, 1)  # (batch, channels, h, w)
    layer = layers.RandomRotation((0.5, 0.5), data_format="channels_first")
    np.testing.assert_allclose(to_numpy(layer(images)), images[:, :, ::-1, ::-1], atol=1e-3)


def test_random_rotation_draws_one_angle_per_image_and_fills():
    images = np.ones(GEOMETRY_SHAPE, "float32")
    layer = layers.RandomRotation((0.05, 0.2), fill_mode="constant", fill_value=-1.0, seed=1)
    outputs = to_numpy(layer(images))
    assert outputs[0].tobytes() != outputs[1].tobytes()
    assert np.all(outputs[:, 0, 0] < 0.0)
    np.testing.assert_allclose(outputs[:, 2, 2], 1.0, atol=1e-5)


def test_random_rotation_config():
    config = layers.RandomRotation(0.1, fill_mode="nearest", seed=2).get_config()
    assert config["factor"] == (-0.1, 0.1)
    assert (config["fill_mode"], config["interpolation"]) == ("nearest", "bilinear")
    assert (config["fill_value"], config["seed"]) == (0.0, 2)


def test_random_rotation_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"factor must be a number or a pair of numbers in"):
        layers.RandomRotation(1.5)
    with pytest.raises(ValueError, match="fill_mode must be one of"):
        layers.RandomRotation(0.1, fill_mode="mirror")
    with pytest.raises(ValueError, match="interpolation must be one of"):
        layers.RandomRotation(0.1, interpolation="bicubic")
