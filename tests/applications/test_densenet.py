"""DenseNet121: Keras's parameter count and weight names; channels_first is refused."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina.applications import densenet
from tests.applications.app_checks import weights_digest


def test_matches_keras_parameter_count_and_weight_names(zero_random):
    model = lamina.applications.DenseNet121(weights=None)
    assert model.name == "densenet121"
    assert model.count_params() == 8_062_504
    assert weights_digest(model.weights) == (
        606,
        "b8dce341e5ec380f",
    )  # Keras 3.15.1's names and shapes
    top_free = densenet.DenseNet121(weights=None, include_top=False, pooling="avg")
    assert top_free.count_params() == 7_037_504
    assert top_free.output_shape == (None, 1024)


def test_refuses_channels_first():
    lamina.config.set_image_data_format("channels_first")
    try:
        with pytest.raises(ValueError, match="supports only the 'channels_last'"):
            densenet.DenseNet121(weights=None)
    finally:
        lamina.config.set_image_data_format("channels_last")


def test_preprocess_input_is_torch_mode():
    images = np.full((1, 1, 1, 3), 255.0)
    expected = [[[[(1 - 0.485) / 0.229, (1 - 0.456) / 0.224, (1 - 0.406) / 0.225]]]]
    np.testing.assert_allclose(densenet.preprocess_input(images), expected, rtol=1e-6)
