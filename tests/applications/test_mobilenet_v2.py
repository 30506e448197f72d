"""MobileNetV2: Keras's parameter count, weight names and outputs; alpha, naming, sizes."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina.applications import mobilenet_v2
from tests.applications.app_checks import images, set_deterministic_weights, weights_digest

# Keras 3.15.1's MobileNetV2(alpha=0.35, input_shape=(32, 32, 3), classes=5) with the
# weights of set_deterministic_weights, on images().
KERAS_PROBABILITIES = np.array(
    [
        [0.19978973, 0.21060231, 0.16071296, 0.2369428, 0.19195226],
        [0.20195624, 0.20873797, 0.16058747, 0.23654798, 0.19217035],
    ]
)


def test_matches_keras_parameter_count_and_weight_names(zero_random):
    model = lamina.applications.MobileNetV2(weights=None)
    assert model.name == "mobilenetv2_1.00_224"
    assert model.count_params() == 3_538_984
    assert weights_digest(model.weights) == (262, "d77f0e020ff1316b")  # Keras 3.15.1's
    wide = mobilenet_v2.MobileNetV2(weights=None, alpha=1.4)
    assert (wide.name, wide.count_params()) == ("mobilenetv2_1.40_224", 6_156_712)


def test_small_model_predicts_what_keras_predicts(zero_random):
    model = mobilenet_v2.MobileNetV2(alpha=0.35, input_shape=(32, 32, 3), weights=None, classes=5)
    assert model.name == "mobilenetv2_0.35_32"
    assert model.count_params() == 410_208 + 1280 * 5 + 5
    set_deterministic_weights(model)
    probabilities = np.asarray(model.predict(images(), verbose=0))
    assert probabilities.shape == (2, 5)
    assert np.isfinite(probabilities).all()
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(probabilities, KERAS_PROBABILITIES, rtol=1e-4)


def test_default_size_follows_a_square_input_tensor(zero_random):
    inputs = lamina.Input((96, 96, 3))
    model = mobilenet_v2.MobileNetV2(alpha=0.5, weights=None, input_tensor=inputs)
    assert model.name == "mobilenetv2_0.50_96"
    assert model.input_shape == (None, 96, 96, 3)


def test_rejects_disagreeing_input_shape_and_tensor():
    with pytest.raises(ValueError, match=r"input_shape \(64, 64, 3\) differs from input_tensor"):
        mobilenet_v2.MobileNetV2(
            weights=None, input_shape=(64, 64, 3), input_tensor=lamina.Input((32, 32, 3))
        )


def test_rejects_imagenet_alphas_keras_publishes_no_weights_for():
    with pytest.raises(
        ValueError, match="alpha in 0.35, 0.5, 0.75, 1.0, 1.3 or 1.4, received alpha=0.6"
    ):
        mobilenet_v2.MobileNetV2(alpha=0.6, weights="imagenet", include_top=False)


def test_preprocess_input_scales_to_minus_one_one():
    images_in = np.array([[[[0, 255, 51]]]], dtype="uint8")
    processed = mobilenet_v2.preprocess_input(images_in)
    assert processed.dtype == np.float32
    np.testing.assert_allclose(processed, [[[[-1.0, 1.0, -0.6]]]], rtol=1e-6)
