"""VGG19: Keras's parameter count and weight names."""

from __future__ import annotations

import numpy as np

import lamina
from lamina.applications import vgg19
from tests.applications.app_checks import weights_digest


def test_matches_keras_parameter_count_and_weight_names(zero_random):
    model = lamina.applications.VGG19(weights=None)
    assert model.name == "vgg19"
    assert model.count_params() == 143_667_240
    assert weights_digest(model.weights) == (
        38,
        "439697ef70ca9e9b",
    )  # Keras 3.15.1's names and shapes


def test_feature_extractor(zero_random):
    model = vgg19.VGG19(include_top=False, weights=None, input_shape=(32, 32, 3), pooling="max")
    assert model.count_params() == 20_024_384
    assert model.output_shape == (None, 512)


def test_preprocess_input_is_caffe_mode():
    images = np.array([[[[0.0, 0.0, 255.0]]]], dtype="float32")
    np.testing.assert_allclose(
        vgg19.preprocess_input(images), [[[[151.061, -116.779, -123.68]]]], rtol=1e-5
    )
