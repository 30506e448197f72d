"""Loading weights into applications: legacy Keras `.h5` files (Keras's ImageNet format),
Keras 3 `.weights.h5` files by layer name, and the ImageNet download path through the cache."""

from __future__ import annotations

import h5py
import numpy as np
import pytest

import lamina
from lamina.applications import mobilenet_v2, pretrained_weights
from lamina.utils import file_utils
from tests.applications.app_checks import set_deterministic_weights


def _small(classes: int = 5, **kwargs):
    kwargs.setdefault("weights", None)
    return mobilenet_v2.MobileNetV2(alpha=0.35, input_shape=(32, 32, 3), classes=classes, **kwargs)


def _tiny(classes: int = 3):
    """A small model with named layers, for the loader's own checks."""
    inputs = lamina.Input((8, 8, 3))
    x = lamina.layers.Conv2D(4, 3, name="conv")(inputs)
    x = lamina.layers.BatchNormalization(name="bn")(x)
    x = lamina.layers.GlobalAveragePooling2D(name="pool")(x)
    model = lamina.Model(inputs, lamina.layers.Dense(classes, name="predictions")(x))
    set_deterministic_weights(model)
    return model


def _write_legacy(model, path, prefix="", split=False, nested=False) -> None:
    """Writes the Keras 2 `.h5` weights layout: `layer_names`, then per layer a group with
    `weight_names` and datasets named `<layer>/<weight>:0`."""
    with h5py.File(path, "w") as file:
        root = file.create_group("model_weights") if nested else file
        names = [f"{prefix}{layer.name}".encode() for layer in model.layers]
        if split:
            root.attrs["layer_names0"] = names[: len(names) // 2]
            root.attrs["layer_names1"] = names[len(names) // 2 :]
        else:
            root.attrs["layer_names"] = names
        for layer, name in zip(model.layers, names):
            group = root.create_group(name.decode())
            weight_names = [f"{name.decode()}/{w.name}:0" for w in layer.weights]
            group.attrs["weight_names"] = [n.encode() for n in weight_names]
            for weight_name, weight in zip(weight_names, layer.weights):
                group.create_dataset(weight_name, data=weight.numpy())


def _assert_same_weights(model, reference) -> None:
    expected = {w.path: w.numpy() for w in reference.weights}
    for weight in model.weights:
        np.testing.assert_array_equal(weight.numpy(), expected[weight.path], err_msg=weight.path)


def _randomized(model):
    for weight in model.weights:
        weight.assign(np.full(weight.shape, 7, dtype=weight.dtype))
    return model


@pytest.mark.parametrize(
    "layout", [{}, {"prefix": "renamed_"}, {"split": True}, {"nested": True}], ids=str
)
def test_loads_legacy_h5_files_by_name_or_position(tmp_path, layout):
    source = _tiny()
    path = tmp_path / "weights.h5"
    _write_legacy(source, path, **layout)
    target = _randomized(_tiny())
    pretrained_weights.load_weights_file(target, str(path))
    _assert_same_weights(target, source)


def test_loads_keras3_files_by_layer_name_whatever_their_numbering(tmp_path):
    source = _tiny()
    path = tmp_path / "model.weights.h5"
    layers = [layer for layer in source.layers if layer.weights]
    with h5py.File(path, "w") as file:
        for number, layer in enumerate(reversed(layers)):  # numbered in another order
            group = file.create_group(f"layers/layer_{number}/vars")
            group.attrs["name"] = layer.name
            for index, weight in enumerate(layer.weights):
                group.create_dataset(str(index), data=weight.numpy())
    target = _randomized(_tiny())
    pretrained_weights.load_weights_file(target, str(path))
    _assert_same_weights(target, source)


def test_loads_lamina_weights_files(tmp_path):
    source = _tiny()
    path = str(tmp_path / "saved.weights.h5")
    source.save_weights(path)
    target = _randomized(_tiny())
    pretrained_weights.load_weights_file(target, path)
    _assert_same_weights(target, source)


def test_mismatched_files_raise_and_change_nothing(tmp_path):
    path = tmp_path / "weights.h5"
    _write_legacy(_tiny(classes=3), path)
    other = _tiny(classes=4)
    before = [w.numpy().copy() for w in other.weights]
    with pytest.raises(
        ValueError,
        match=r"'predictions/kernel' of model .* has shape \(4, 4\), but .* holds shape \(4, 3\)",
    ):
        pretrained_weights.load_weights_file(other, str(path))
    assert all(np.array_equal(w.numpy(), b) for w, b in zip(other.weights, before))
    inputs = lamina.Input((8, 8, 3))
    headless = lamina.Model(inputs, lamina.layers.Conv2D(4, 3, name="conv")(inputs))
    with pytest.raises(ValueError, match="holds weights for 3 layers, but model .* has 1 layers"):
        pretrained_weights.load_weights_file(headless, str(path))


def test_refuses_h5_files_that_are_not_weights(tmp_path):
    path = tmp_path / "data.h5"
    with h5py.File(path, "w") as file:
        file.create_dataset("x", data=np.zeros(3))
    with pytest.raises(ValueError, match="is not a Keras weights file"):
        pretrained_weights.load_weights_file(_tiny(), str(path))


def test_applications_load_the_file_given_as_weights(zero_random, tmp_path):
    source = _small()
    set_deterministic_weights(source)
    path = tmp_path / "mobilenet.h5"
    _write_legacy(source, path)
    _assert_same_weights(_small(weights=str(path)), source)


def test_imagenet_weights_come_from_the_cache(zero_random, tmp_path, monkeypatch):
    monkeypatch.setenv("LAMINA_HOME", str(tmp_path))
    published = mobilenet_v2.MobileNetV2(
        alpha=0.35, input_shape=(96, 96, 3), include_top=False, weights=None
    )
    set_deterministic_weights(published)
    (tmp_path / "models").mkdir()
    name = "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top.h5"
    _write_legacy(published, tmp_path / "models" / name)
    model = mobilenet_v2.MobileNetV2(
        alpha=0.35, input_shape=(96, 96, 3), include_top=False, weights="imagenet"
    )
    _assert_same_weights(model, published)


class _Requested(Exception):
    pass


@pytest.fixture
def requests(monkeypatch):
    """Records get_file's arguments instead of downloading."""
    calls = []

    def record(fname, origin, **kwargs):
        calls.append((fname, origin, kwargs.get("file_hash"), kwargs.get("cache_subdir")))
        raise _Requested

    monkeypatch.setattr(file_utils, "get_file", record)
    return calls


BASE = "https://storage.googleapis.com/"


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (
            lambda: lamina.applications.VGG16(include_top=False, input_shape=(32, 32, 3)),
            (
                "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5",
                BASE + "tensorflow/keras-applications/vgg16/"
                "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5",
                "6d6bbae143d832006294945121d1f1fc",
            ),
        ),
        (
            lambda: lamina.applications.EfficientNetB0(include_top=False, input_shape=(32, 32, 3)),
            (
                "efficientnetb0_notop.h5",
                BASE + "keras-applications/efficientnetb0_notop.h5",
                "50bc09e76180e00e4465e1a485ddc09d",
            ),
        ),
        (
            lambda: lamina.applications.MobileNetV2(include_top=False, input_shape=(100, 120, 3)),
            (
                "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5",
                BASE + "tensorflow/keras-applications/mobilenet_v2/"
                "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5",
                None,
            ),
        ),
    ],
    ids=["vgg16", "efficientnetb0", "mobilenetv2"],
)
def test_imagenet_weights_are_requested_from_keras_urls(zero_random, requests, build, expected):
    with pytest.raises(_Requested), warnings_of_mobilenet(expected[0]):
        build()
    assert requests == [(*expected, "models")]


def warnings_of_mobilenet(file_name: str):
    if file_name.startswith("mobilenet"):
        return pytest.warns(UserWarning, match="the weights for 224x224 inputs are loaded")
    return _nothing()


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *args):
        return False
