"""ResNet50V2: Keras's parameter count and weight names; its preprocessing."""

from __future__ import annotations

import numpy as np

import lamina
from lamina.applications import resnet_v2
from tests.applications.app_checks import weights_digest


def test_matches_keras_parameter_count_and_weight_names(zero_random):
    model = lamina.applications.ResNet50V2(weights=None)
    assert model.name == "resnet50v2"
    assert model.count_params() == 25_613_800
    assert weights_digest(model.weights) == (
        272,
        "e90909ba7a080257",
    )  # Keras 3.15.1's names and shapes
    top_free = resnet_v2.ResNet50V2(weights=None, include_top=False, input_shape=(32, 32, 3))
    assert top_free.count_params() == 23_564_800
    assert top_free.output_shape == (None, 1, 1, 2048)


def test_preprocess_input_scales_to_minus_one_one():
    images = np.array([[[[0.0, 51.0, 255.0]]]], dtype="float32")
    np.testing.assert_allclose(resnet_v2.preprocess_input(images), [[[[-1.0, -0.6, 1.0]]]])
