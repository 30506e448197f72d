"""VGG16: Keras's parameter count and weight names, top and pooling variants, argument checks."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina.applications import vgg16
from tests.applications.app_checks import weights_digest


def test_matches_keras_parameter_count_and_weight_names(zero_random):
    model = lamina.applications.VGG16(weights=None)
    assert model.name == "vgg16"
    assert model.count_params() == 138_357_544
    assert weights_digest(model.weights) == (
        32,
        "4cdcb84e41ee4301",
    )  # Keras 3.15.1's names and shapes
    assert model.output_shape == (None, 1000)


@pytest.mark.parametrize(
    ("pooling", "output_shape"),
    [(None, (None, 2, 2, 512)), ("avg", (None, 512)), ("max", (None, 512))],
)
def test_feature_extractor_pooling(zero_random, pooling, output_shape):
    model = vgg16.VGG16(include_top=False, weights=None, input_shape=(64, 64, 3), pooling=pooling)
    assert model.count_params() == 14_714_688
    assert model.output_shape == output_shape


def test_without_top_the_image_size_is_free(zero_random):
    model = vgg16.VGG16(include_top=False, weights=None)
    assert model.input_shape == (None, None, None, 3)


def test_rejects_imagenet_weights_with_other_classes_or_sizes():
    with pytest.raises(
        ValueError,
        match="vgg16: with weights='imagenet' and include_top=True, "
        "classes must be 1000, received classes=10",
    ):
        vgg16.VGG16(weights="imagenet", classes=10)
    with pytest.raises(
        ValueError,
        match=r"input_shape must be \(224, 224, 3\), received "
        r"input_shape=\(64, 64, 3\)",
    ):
        vgg16.VGG16(weights="imagenet", input_shape=(64, 64, 3))
    with pytest.raises(ValueError, match="needs 3 input channels"):
        vgg16.VGG16(weights="imagenet", include_top=False, input_shape=(64, 64, 1))


def test_rejects_bad_weights_shapes_and_pooling(tmp_path):
    with pytest.raises(ValueError, match="weights must be None .* received weights='nonsense'"):
        vgg16.VGG16(weights="nonsense")
    with pytest.raises(ValueError, match=r"at least 32x32, received input_shape=\(16, 40, 3\)"):
        vgg16.VGG16(weights=None, include_top=False, input_shape=(16, 40, 3))
    with pytest.raises(ValueError, match="input_shape must have three entries"):
        vgg16.VGG16(weights=None, include_top=False, input_shape=(64, 64))
    with pytest.raises(ValueError, match="with include_top=True the input_shape must be fully"):
        vgg16.VGG16(weights=None, input_shape=(None, None, 3))
    with pytest.raises(ValueError, match="pooling must be None, 'avg' or 'max'"):
        vgg16.VGG16(weights=None, include_top=False, input_shape=(32, 32, 3), pooling="mean")


def test_rejects_other_classifier_activations_with_pretrained_weights(tmp_path):
    path = tmp_path / "any.weights.h5"
    path.write_bytes(b"")
    with pytest.raises(ValueError, match="classifier_activation must be None or 'softmax'"):
        vgg16.VGG16(weights=str(path), input_shape=(32, 32, 3), classifier_activation="relu")


def test_warns_about_unusual_channel_counts(zero_random):
    with pytest.warns(UserWarning, match="expects 1 or 3 input channels"):
        vgg16.VGG16(weights=None, include_top=False, input_shape=(32, 32, 4))


def test_preprocess_input_is_caffe_mode():
    images = np.array([[[[10.0, 20.0, 30.0]]]])
    expected = np.array([[[[30.0 - 103.939, 20.0 - 116.779, 10.0 - 123.68]]]])
    np.testing.assert_allclose(vgg16.preprocess_input(images), expected, rtol=1e-6)
