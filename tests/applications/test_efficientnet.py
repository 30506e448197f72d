"""EfficientNetB0: Keras's parameter count and weight names; identity preprocessing."""

from __future__ import annotations

import numpy as np

import lamina
from lamina.applications import efficientnet
from tests.applications.app_checks import weights_digest


def test_matches_keras_parameter_count_and_weight_names(zero_random):
    model = lamina.applications.EfficientNetB0(weights=None)
    assert model.name == "efficientnetb0"
    assert model.count_params() == 5_330_571
    # Keras 3.15.1's names and shapes; the Normalization layer's name is numbered per
    # process (normalization, normalization_1, ...), so its weights are left out.
    model_weights = [w for w in model.weights if not w.path.startswith("normalization")]
    assert len(model.weights) - len(model_weights) == 3
    assert weights_digest(model_weights) == (311, "f9d3e1e9490e08e4")


def test_feature_extractor_and_dropout_top(zero_random):
    top_free = efficientnet.EfficientNetB0(
        weights=None, include_top=False, input_shape=(33, 33, 3), pooling="avg"
    )
    assert top_free.count_params() == 4_049_571
    assert top_free.output_shape == (None, 1280)
    assert top_free.layers[1].name.startswith("rescaling")


def test_preprocess_input_is_the_identity():
    images = np.array([[[[0.0, 128.0, 255.0]]]])
    assert efficientnet.preprocess_input(images) is images
