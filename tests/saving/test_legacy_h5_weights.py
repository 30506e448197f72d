"""The legacy weights layout (`legacy_h5_weights`) and files written by hand in Keras 2's
layout: old-style configs load, hostile or malformed files are refused."""

from __future__ import annotations

import json

import h5py
import numpy as np
import pytest

import lamina
from lamina import layers
from lamina.saving import legacy_h5_weights, load_model

RNG = np.random.default_rng(0)


def _keras2_model_file(path, model_config, weights, training_config=None):
    """Writes a model file as Keras 2.3 did: configs without "module", `weight_names`
    listing `<layer>/<name>:0` datasets, bytes attributes."""
    with h5py.File(path, "w") as file:
        file.attrs["keras_version"] = b"2.3.1"
        file.attrs["backend"] = b"tensorflow"
        file.attrs["model_config"] = json.dumps(model_config).encode("utf8")
        if training_config is not None:
            file.attrs["training_config"] = json.dumps(training_config).encode("utf8")
        group = file.create_group("model_weights")
        _write_weights_group(group, weights)


def _write_weights_group(group, weights):
    group.attrs["layer_names"] = [name.encode("utf8") for name in weights]
    group.attrs["backend"] = b"tensorflow"
    group.attrs["keras_version"] = b"2.3.1"
    for layer_name, arrays in weights.items():
        layer_group = group.create_group(layer_name)
        names = [f"{layer_name}/{key}:0" for key in arrays]
        layer_group.attrs["weight_names"] = [name.encode("utf8") for name in names]
        for name, array in zip(names, arrays.values()):
            layer_group.create_dataset(name, data=array)


def _mlp_config():
    def dense(name, units, **extra):
        config = {
            "name": name,
            "trainable": True,
            "dtype": "float32",
            "units": units,
            "activation": "relu" if name == "hidden" else "linear",
            "use_bias": True,
            "kernel_initializer": {"class_name": "VarianceScaling", "config": {"scale": 1.0}},
            "bias_initializer": {"class_name": "Zeros", "config": {}},
            **extra,
        }
        return {"class_name": "Dense", "config": config}

    first = dense("hidden", 4, batch_input_shape=[None, 3])
    return {
        "class_name": "Sequential",
        "config": {"name": "old", "layers": [first, dense("out", 2)]},
    }


def _mlp_weights():
    return {
        "hidden": {
            "kernel": RNG.normal(size=(3, 4)).astype("float32"),
            "bias": np.ones(4, "float32"),
        },
        "out": {
            "kernel": RNG.normal(size=(4, 2)).astype("float32"),
            "bias": np.zeros(2, "float32"),
        },
    }


def test_keras2_3_model_file_loads_compiles_and_predicts(tmp_path):
    weights = _mlp_weights()
    training = {
        "optimizer_config": {"class_name": "Adam", "config": {"lr": 0.005, "decay": 0.0}},
        "loss": "mse",
        "metrics": ["mae"],
        "loss_weights": None,
        "sample_weight_mode": None,
    }
    _keras2_model_file(tmp_path / "old.h5", _mlp_config(), weights, training)
    model = load_model(tmp_path / "old.h5")
    x = RNG.normal(size=(2, 3)).astype("float32")
    hidden = np.maximum(x @ weights["hidden"]["kernel"] + 1.0, 0.0)
    expected = hidden @ weights["out"]["kernel"]
    np.testing.assert_allclose(
        np.asarray(model.predict(x, verbose=0)), expected, rtol=1e-5, atol=1e-6
    )
    assert type(model.optimizer).__name__ == "Adam"
    assert float(model.optimizer.learning_rate) == pytest.approx(0.005)


def test_weights_only_file_is_not_a_model(tmp_path):
    with h5py.File(tmp_path / "w.h5", "w") as file:
        _write_weights_group(file, _mlp_weights())
    with pytest.raises(ValueError, match="holds no 'model_config', so it is a weights file"):
        load_model(tmp_path / "w.h5")
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(4), layers.Dense(2)])
    model.load_weights(str(tmp_path / "w.h5"))
    np.testing.assert_array_equal(model.layers[1].get_weights()[1], np.zeros(2))


def test_missing_and_non_hdf5_files(tmp_path):
    with pytest.raises(FileNotFoundError, match="there is no file"):
        load_model(tmp_path / "missing.h5")
    (tmp_path / "text.h5").write_text("not hdf5")
    with pytest.raises(ValueError, match="is not an HDF5 file"):
        load_model(tmp_path / "text.h5")


def test_config_that_is_no_model_is_refused(tmp_path):
    config = {"class_name": "Dense", "config": {"units": 2}}
    _keras2_model_file(tmp_path / "layer.h5", config, {})
    with pytest.raises(ValueError, match="describes a Dense, not a model"):
        load_model(tmp_path / "layer.h5")


def test_invalid_json_is_refused(tmp_path):
    with h5py.File(tmp_path / "bad.h5", "w") as file:
        file.attrs["model_config"] = b"{not json"
    with pytest.raises(ValueError, match="'model_config' of .* is not valid JSON"):
        load_model(tmp_path / "bad.h5")


def test_config_naming_arbitrary_objects_is_refused(tmp_path):
    config = _mlp_config()
    config["config"]["layers"][1]["config"]["activation"] = {
        "class_name": "function",
        "config": "system",
        "module": "os",
    }
    _keras2_model_file(tmp_path / "evil.h5", config, _mlp_weights())
    with pytest.raises(ValueError, match="refusing function 'os.system'"):
        load_model(tmp_path / "evil.h5")


@pytest.mark.parametrize("link", ["external", "soft"])
def test_links_are_refused(tmp_path, link):
    _keras2_model_file(tmp_path / "linked.h5", _mlp_config(), _mlp_weights())
    with h5py.File(tmp_path / "other.h5", "w") as other:
        other["data"] = np.ones((3, 4), "float32")
    with h5py.File(tmp_path / "linked.h5", "a") as file:
        group = file["model_weights/hidden/hidden"]
        del group["kernel:0"]
        if link == "external":
            group["kernel:0"] = h5py.ExternalLink(str(tmp_path / "other.h5"), "/data")
        else:
            group["kernel:0"] = h5py.SoftLink("/model_weights/out/out/kernel:0")
    with pytest.raises(ValueError, match=f"an? {link} link"):
        load_model(tmp_path / "linked.h5")
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(4), layers.Dense(2)])
    with pytest.raises(ValueError, match=f"an? {link} link"):
        model.load_weights(str(tmp_path / "linked.h5"))


@pytest.mark.parametrize("name", ["../out/kernel:0", "/model_weights/out/out/kernel:0", "a//b"])
def test_weight_names_must_be_plain_relative_paths(tmp_path, name):
    _keras2_model_file(tmp_path / "escape.h5", _mlp_config(), _mlp_weights())
    with h5py.File(tmp_path / "escape.h5", "a") as file:
        file["model_weights/hidden"].attrs["weight_names"] = [name.encode(), b"hidden/bias:0"]
    with pytest.raises(ValueError, match="is not a plain relative name"):
        load_model(tmp_path / "escape.h5")


def test_weight_name_of_a_group_or_missing_dataset_is_refused(tmp_path):
    _keras2_model_file(tmp_path / "odd.h5", _mlp_config(), _mlp_weights())
    with h5py.File(tmp_path / "odd.h5", "a") as file:
        file["model_weights/hidden"].attrs["weight_names"] = [b"hidden", b"hidden/bias:0"]
        file["model_weights/out"].attrs["weight_names"] = [b"out/nothing:0", b"out/bias:0"]
    with pytest.raises(ValueError, match="weight 'hidden' of '/model_weights/hidden' is not a"):
        load_model(tmp_path / "odd.h5")


def test_non_numeric_weights_are_refused(tmp_path):
    weights = _mlp_weights()
    _keras2_model_file(tmp_path / "text.h5", _mlp_config(), weights)
    with h5py.File(tmp_path / "text.h5", "a") as file:
        del file["model_weights/out/out/bias:0"]
        file["model_weights/out/out/bias:0"] = np.array([b"a", b"b"])
    with pytest.raises(ValueError, match="not numbers"):
        load_model(tmp_path / "text.h5")


def test_long_name_lists_are_chunked_and_read_back(tmp_path):
    names = [f"layer_{index:05d}/" + "k" * 200 for index in range(400)]
    with h5py.File(tmp_path / "names.h5", "w") as file:
        legacy_h5_weights.write_names(file, "weight_names", names)
        assert "weight_names" not in file.attrs and "weight_names1" in file.attrs
        assert legacy_h5_weights.read_names(file, "weight_names", "names.h5") == names
        file.attrs["numbers"] = np.arange(3)
        with pytest.raises(ValueError, match="should hold names, found"):
            legacy_h5_weights.read_names(file, "numbers", "names.h5")


def test_top_level_weights_count_mismatch(tmp_path):
    with h5py.File(tmp_path / "w.h5", "w") as file:
        _write_weights_group(file, _mlp_weights())
        top = file.create_group("top_level_model_weights")
        top.attrs["weight_names"] = [b"extra:0"]
        top["extra:0"] = np.ones(1, "float32")
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(4), layers.Dense(2)])
    with pytest.raises(ValueError, match="itself: the model has 0 but the file holds 1"):
        model.load_weights(str(tmp_path / "w.h5"))
    with pytest.warns(UserWarning, match="itself: the model has 0 but the file holds 1"):
        model.load_weights(str(tmp_path / "w.h5"), by_name=True, skip_mismatch=True)
