"""ResNet50 (V1): Keras's parameter count, weight names and outputs; input_tensor handling."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina.applications import resnet, resnet50
from tests.applications.app_checks import images, set_deterministic_weights, weights_digest

# Keras 3.15.1's ResNet50(include_top=False, input_shape=(32, 32, 3)) with the weights of
# set_deterministic_weights, on images(): the first 6 features of each image.
KERAS_FEATURES = np.array(
    [
        [151.4423, 271.20377, 0.0, 622.74567, 3.2485452, 0.0],
        [127.41974, 282.74933, 0.0, 568.56586, 0.0, 0.0],
    ]
)
KERAS_FEATURE_MEANS = np.array([90.50223, 87.97462])


def test_matches_keras_parameter_count_and_weight_names(zero_random):
    model = lamina.applications.ResNet50(weights=None)
    assert model.name == "resnet50"
    assert model.count_params() == 25_636_712
    assert weights_digest(model.weights) == (
        320,
        "f27f6ed26188b24e",
    )  # Keras 3.15.1's names and shapes
    top_free = resnet.ResNet50(weights=None, include_top=False, pooling="max")
    assert top_free.count_params() == 23_587_712
    assert top_free.output_shape == (None, 2048)
    assert top_free.layers[-1].name == "max_pool"


def test_features_equal_keras_on_every_backend(zero_random):
    model = resnet50.ResNet50(include_top=False, weights=None, input_shape=(32, 32, 3))
    set_deterministic_weights(model)
    features = np.asarray(model.predict(images(), verbose=0))
    assert features.shape == (2, 1, 1, 2048)
    assert np.isfinite(features).all()
    flat = features.reshape(2, -1)
    np.testing.assert_allclose(flat[:, :6], KERAS_FEATURES, rtol=1e-4, atol=1e-2)
    np.testing.assert_allclose(flat.mean(axis=1), KERAS_FEATURE_MEANS, rtol=1e-4)


def test_input_tensor_keeps_the_layers_before_it(zero_random):
    inputs = lamina.Input((48, 48, 3), name="pixels")
    scaled = lamina.layers.Rescaling(1.0 / 255.0, name="scale")(inputs)
    model = resnet.ResNet50(include_top=False, weights=None, input_tensor=scaled, pooling="avg")
    assert model.inputs[0] is inputs
    assert [layer.name for layer in model.layers[:2]] == ["pixels", "scale"]
    assert model.output_shape == (None, 2048)


def test_rejects_an_input_tensor_that_is_not_symbolic():
    with pytest.raises(TypeError, match="resnet50: input_tensor must be a symbolic tensor"):
        resnet.ResNet50(weights=None, include_top=False, input_tensor=np.zeros((1, 32, 32, 3)))


def test_module_exports_match_keras():
    assert resnet50.ResNet50 is resnet.ResNet50 is lamina.applications.ResNet50
    assert resnet50.preprocess_input is resnet.preprocess_input
    assert resnet50.decode_predictions is lamina.applications.imagenet_utils.decode_predictions
    images_in = np.array([[[[1.0, 2.0, 3.0]]]])
    np.testing.assert_allclose(
        resnet50.preprocess_input(images_in), [[[[3 - 103.939, 2 - 116.779, 1 - 123.68]]]]
    )
