"""RandomZoom: exact zoom-outs against NumPy subsampling, separate axes, zoom in, errors."""

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


def test_random_zoom_basics():
    images = image_batch(GEOMETRY_SHAPE)
    check_image_layer(
        layers.RandomZoom,
        {"height_factor": 0.3, "seed": 7},
        images,
        expected_output_shape=images.shape,
        inference_reference=lambda x: x,
    )


def test_random_zoom_out_by_two_subsamples_and_fills():
    images = image_batch(GEOMETRY_SHAPE)
    layer = layers.RandomZoom((1.0, 1.0), fill_mode="constant", fill_value=-1.0)
    output = to_numpy(layer(images))
    np.testing.assert_allclose(output[:, 1:4, 1:4], images[:, ::2, ::2], atol=1e-3)
    border = np.ones(GEOMETRY_SHAPE[1:3], bool)
    border[1:4, 1:4] = False
    np.testing.assert_allclose(output[:, border], -1.0)


def test_random_zoom_width_only_channels_first():
    images = np.moveaxis(image_batch(GEOMETRY_SHAPE), -1, 1)  # (batch, channels, h, w)
    layer = layers.RandomZoom(
        0.0, (1.0, 1.0), fill_mode="constant", fill_value=-1.0, data_format="channels_first"
    )
    output = to_numpy(layer(images))
    np.testing.assert_allclose(output[..., 1:4], images[..., ::2], atol=1e-3)
    np.testing.assert_allclose(output[..., [0, 4]], -1.0)


def test_random_zoom_in_magnifies_the_center():
    images = np.zeros(GEOMETRY_SHAPE, "float32")
    images[:, 2, 2] = 1.0
    output = to_numpy(layers.RandomZoom((-0.5, -0.5))(images))[0, :, :, 0]
    assert output[2, 2] == pytest.approx(1.0)
    assert output[1, 2] == pytest.approx(0.5) and output[0, 0] == pytest.approx(0.0)


def test_random_zoom_config_keeps_the_factors_as_given():
    config = layers.RandomZoom([0.1, 0.2]).get_config()
    assert config["height_factor"] == [0.1, 0.2] and config["width_factor"] is None


def test_random_zoom_rejects_bad_factors():
    with pytest.raises(ValueError, match=r"height_factor must lie in \(-1, 1\]"):
        layers.RandomZoom(-1.0)
    with pytest.raises(ValueError, match="width_factor must be a number or a pair"):
        layers.RandomZoom(0.1, width_factor=(0.1, 2.0))
