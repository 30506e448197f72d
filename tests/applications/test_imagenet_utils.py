"""preprocess_input's three modes, decode_predictions with a local class index, and the
input-shape, padding and activation checks the applications share."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

import lamina
from lamina.applications import imagenet_utils

CAFFE_MEAN_BGR = np.array([103.939, 116.779, 123.68])
TORCH_MEAN = np.array([0.485, 0.456, 0.406])
TORCH_STD = np.array([0.229, 0.224, 0.225])


def _reference(images: np.ndarray, mode: str) -> np.ndarray:
    """The modes written out for channels-last images."""
    images = images.astype("float64")
    if mode == "tf":
        return images / 127.5 - 1.0
    if mode == "torch":
        return (images / 255.0 - TORCH_MEAN) / TORCH_STD
    return images[..., ::-1] - CAFFE_MEAN_BGR


@pytest.mark.parametrize("mode", ["caffe", "tf", "torch"])
def test_numpy_and_tensor_inputs_follow_the_mode(mode):
    images = np.random.default_rng(1).uniform(0, 255, (2, 3, 4, 3)).astype("float32")
    expected = _reference(images, mode)
    from_numpy = imagenet_utils.preprocess_input(images.copy(), mode=mode)
    tensor = lamina.ops.convert_to_tensor(images)
    from_tensor = imagenet_utils.preprocess_input(tensor, mode=mode)
    np.testing.assert_allclose(from_numpy, expected, rtol=1e-5, atol=1e-4)
    np.testing.assert_allclose(lamina.ops.convert_to_numpy(from_tensor), expected, atol=1e-4)


@pytest.mark.parametrize("mode", ["caffe", "torch"])
def test_channels_first_uses_the_first_axis_of_3d_and_second_of_4d(mode):
    images = np.random.default_rng(2).uniform(0, 255, (2, 5, 4, 3)).astype("float32")
    expected = _reference(images, mode)
    first = np.ascontiguousarray(np.moveaxis(images, -1, 1))
    batch = imagenet_utils.preprocess_input(first.copy(), "channels_first", mode)
    np.testing.assert_allclose(np.moveaxis(batch, 1, -1), expected, rtol=1e-5, atol=1e-4)
    single = imagenet_utils.preprocess_input(first[0].copy(), "channels_first", mode)
    np.testing.assert_allclose(np.moveaxis(single, 0, -1), expected[0], rtol=1e-5, atol=1e-4)
    tensor = imagenet_utils.preprocess_input(
        lamina.ops.convert_to_tensor(first[0]), "channels_first", mode
    )
    np.testing.assert_allclose(
        np.moveaxis(lamina.ops.convert_to_numpy(tensor), 0, -1), expected[0], atol=1e-4
    )


def test_float_arrays_change_in_place_and_integers_become_floatx():
    images = np.full((1, 1, 1, 3), 255.0, dtype="float32")
    result = imagenet_utils.preprocess_input(images, mode="tf")
    assert np.shares_memory(result, images) and images.max() == 1.0
    pixels = np.full((1, 1, 3), 255, dtype="uint8")
    converted = imagenet_utils.preprocess_input(pixels, mode="tf")
    assert converted.dtype == np.float32 and converted.tolist() == [[[1.0, 1.0, 1.0]]]
    tensor = imagenet_utils.preprocess_input(lamina.ops.convert_to_tensor(pixels), mode="tf")
    assert lamina.ops.dtype(tensor) == "float32"


def test_symbolic_inputs_give_symbolic_outputs():
    inputs = lamina.Input((8, 8, 3))
    outputs = imagenet_utils.preprocess_input(inputs)
    assert isinstance(outputs, lamina.SymbolicTensor)
    assert outputs.shape == (None, 8, 8, 3)


def test_preprocess_input_rejects_unknown_mode_and_data_format():
    with pytest.raises(ValueError, match="mode must be one of 'caffe', 'tf' or 'torch'"):
        imagenet_utils.preprocess_input(np.zeros((1, 1, 3)), mode="keras")
    with pytest.raises(ValueError, match="data_format must be 'channels_first' or"):
        imagenet_utils.preprocess_input(np.zeros((1, 1, 3)), data_format="NHWC")


@pytest.fixture
def local_class_index(tmp_path, monkeypatch):
    index = {str(i): [f"n{i:08d}", f"class_{i}"] for i in range(1000)}
    source = tmp_path / "imagenet_class_index.json"
    source.write_text(json.dumps(index))
    monkeypatch.setenv("LAMINA_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(imagenet_utils, "CLASS_INDEX", None)
    monkeypatch.setattr(imagenet_utils, "CLASS_INDEX_PATH", source.as_uri())
    monkeypatch.setattr(
        imagenet_utils, "CLASS_INDEX_HASH", hashlib.md5(source.read_bytes()).hexdigest()
    )
    return source


def test_decode_predictions_downloads_the_index_once_and_ranks(local_class_index, tmp_path):
    preds = np.zeros((2, 1000), dtype="float32")
    preds[0, [7, 3, 999]] = [0.5, 0.3, 0.2]
    preds[1, 42] = 1.0
    decoded = imagenet_utils.decode_predictions(preds, top=3)
    assert decoded[0] == [
        ("n00000007", "class_7", 0.5),
        ("n00000003", "class_3", pytest.approx(0.3)),
        ("n00000999", "class_999", pytest.approx(0.2)),
    ]
    assert decoded[1][0] == ("n00000042", "class_42", 1.0)
    assert (tmp_path / "home" / "models" / "imagenet_class_index.json").is_file()
    local_class_index.unlink()  # the index is kept in memory from now on
    tensor = lamina.ops.convert_to_tensor(preds)
    assert lamina.applications.vgg16.decode_predictions(tensor, top=1)[1] == [decoded[1][0]]


def test_decode_predictions_refuses_a_corrupted_index(local_class_index, monkeypatch):
    monkeypatch.setattr(imagenet_utils, "CLASS_INDEX_HASH", "0" * 32)
    with pytest.raises(ValueError, match="incomplete or corrupted"):
        imagenet_utils.decode_predictions(np.zeros((1, 1000)))


def test_decode_predictions_rejects_other_shapes():
    with pytest.raises(ValueError, match=r"shape \(samples, 1000\), received .* \(1000,\)"):
        imagenet_utils.decode_predictions(np.zeros(1000))


def test_obtain_input_shape_defaults_and_checks():
    obtain = imagenet_utils.obtain_input_shape
    assert obtain(None, 224, 32, "channels_last", True) == (224, 224, 3)
    assert obtain(None, 224, 32, "channels_first", False) == (3, None, None)
    assert obtain((3, 64, 48), 224, 32, "channels_first", False) == (3, 64, 48)
    assert obtain(None, 96, 32, "channels_last", True, "imagenet") == (96, 96, 3)
    with pytest.raises(ValueError, match=r"model: the input must be at least 32x32"):
        obtain((3, 16, 64), 224, 32, "channels_first", False)
    with pytest.raises(ValueError, match="needs 3 input channels"):
        obtain((1, 64, 64), 224, 32, "channels_first", False, "imagenet")


def test_correct_pad_matches_same_padding_of_a_stride_two_convolution():
    assert imagenet_utils.correct_pad(lamina.Input((32, 31, 3)), 3) == ((0, 1), (1, 1))
    assert imagenet_utils.correct_pad(lamina.Input((None, None, 3)), (5, 3)) == ((1, 2), (0, 1))


def test_validate_activation():
    imagenet_utils.validate_activation(None, "imagenet")
    imagenet_utils.validate_activation(lamina.activations.softmax, "imagenet")
    imagenet_utils.validate_activation("sigmoid", None)
    with pytest.raises(ValueError, match="received classifier_activation='sigmoid'"):
        imagenet_utils.validate_activation("sigmoid", "imagenet")
