"""save_model / load_model: round trips, compile and optimizer state, options and errors."""

from __future__ import annotations

import io
import json
import os
import zipfile

import h5py
import numpy as np
import pytest

import lamina
from lamina import layers
from lamina.saving import load_model, save_model

RNG = np.random.default_rng(0)


@lamina.saving.register_keras_serializable(package="SavingTests")
class TwoLayerModel(lamina.Model):
    """A subclassed model with get_config, registered."""

    def __init__(self, units=3, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.hidden = layers.Dense(units, activation="relu")
        self.head = layers.Dense(1)

    def call(self, inputs):
        return self.head(self.hidden(inputs))

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def _sequential():
    return lamina.Sequential(
        [
            lamina.Input((4,)),
            layers.Dense(6, activation="relu"),
            layers.BatchNormalization(),
            layers.Dense(2, activation="softmax"),
        ]
    )


def _functional():
    a = lamina.Input((3,), name="a")
    b = lamina.Input((2,), name="b")
    joined = layers.Concatenate()([a, b])
    hidden = layers.Dense(4, activation="tanh", name="hidden")(joined)
    first = layers.Dense(1, name="first")(hidden)
    second = lamina.ops.multiply(layers.Dense(2, name="second")(hidden), 2.0)
    return lamina.Model({"a": a, "b": b}, [first, second], name="two_heads")


def _predict(model, x):
    outputs = model.predict(x, verbose=0)
    return [np.asarray(o) for o in (outputs if isinstance(outputs, list) else [outputs])]


def _assert_same_model(model, loaded, x):
    assert type(loaded) is type(model)
    assert [w.shape for w in loaded.get_weights()] == [w.shape for w in model.get_weights()]
    for expected, got in zip(model.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(got, expected)
    for expected, got in zip(_predict(model, x), _predict(loaded, x)):
        np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-6)


def test_sequential_round_trip(tmp_path):
    model = _sequential()
    bn = model.layers[1]
    bn.moving_mean.assign(RNG.normal(size=(6,)).astype("float32"))
    save_model(model, tmp_path / "s.keras")
    loaded = load_model(tmp_path / "s.keras")
    _assert_same_model(model, loaded, RNG.normal(size=(5, 4)).astype("float32"))
    assert json.dumps(loaded.get_config()) == json.dumps(model.get_config())


def test_functional_multi_input_output_round_trip(tmp_path):
    model = _functional()
    path = str(tmp_path / "f.keras")
    model.save_weights(str(tmp_path / "f.weights.h5"))
    save_model(model, path)
    loaded = load_model(path)
    x = {"a": RNG.normal(size=(3, 3)).astype("float32"), "b": RNG.normal(size=(3, 2))}
    _assert_same_model(model, loaded, {k: v.astype("float32") for k, v in x.items()})
    assert loaded.name == "two_heads"
    with zipfile.ZipFile(path) as archive:
        in_archive = _h5_tree(io.BytesIO(archive.read("model.weights.h5")))
    assert in_archive == _h5_tree(str(tmp_path / "f.weights.h5")), "same tree as save_weights"


def _h5_tree(source):
    found = {}
    with h5py.File(source, "r") as file:
        file.visititems(lambda name, item: found.setdefault(name, _h5_value(item)))
    return found


def _h5_value(item):
    if isinstance(item, h5py.Dataset):
        return item[()].tolist()
    return dict(item.attrs)


def test_subclassed_registered_model_round_trip(tmp_path):
    model = TwoLayerModel(units=5)
    x = RNG.normal(size=(4, 3)).astype("float32")
    model(x)
    save_model(model, tmp_path / "sub.keras")
    config = json.loads(zipfile.ZipFile(tmp_path / "sub.keras").read("config.json"))
    assert config["registered_name"] == "SavingTests>TwoLayerModel"
    loaded = load_model(tmp_path / "sub.keras")
    assert loaded.units == 5
    _assert_same_model(model, loaded, x)


def test_metadata_and_members(tmp_path):
    save_model(_sequential(), tmp_path / "s.keras")
    with zipfile.ZipFile(tmp_path / "s.keras") as archive:
        assert archive.namelist() == ["metadata.json", "config.json", "model.weights.h5"]
        metadata = json.loads(archive.read("metadata.json"))
    assert metadata["keras_version"].startswith("3.")
    assert metadata["lamina_version"] == lamina.__version__
    assert set(metadata) == {"keras_version", "date_saved", "lamina_version"}


def test_compile_state_restored_and_compile_false(tmp_path):
    model = _sequential()
    model.compile(
        optimizer=lamina.optimizers.Adam(0.003),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
    )
    save_model(model, tmp_path / "c.keras")
    loaded = load_model(tmp_path / "c.keras")
    assert loaded.compiled and float(loaded.optimizer.learning_rate) == pytest.approx(0.003)
    uncompiled = load_model(tmp_path / "c.keras", compile=False)
    assert not uncompiled.compiled


@pytest.mark.skipif(lamina.backend.backend() == "numpy", reason="the numpy backend cannot train")
def test_training_resumes_with_same_next_step_loss(tmp_path):
    x = RNG.normal(size=(16, 4)).astype("float32")
    y = np.eye(2, dtype="float32")[RNG.integers(0, 2, size=16)]
    model = _sequential()
    model.compile(optimizer=lamina.optimizers.Adam(0.05), loss="categorical_crossentropy")
    model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    save_model(model, tmp_path / "t.keras")
    loaded = load_model(tmp_path / "t.keras")
    assert int(lamina.ops.convert_to_numpy(loaded.optimizer.iterations)) == 8
    for _ in range(3):
        expected = float(model.train_on_batch(x[:8], y[:8]))
        got = float(loaded.train_on_batch(x[:8], y[:8]))
        assert got == pytest.approx(expected, rel=1e-5, abs=1e-6)


def test_unzipped_folder_round_trip(tmp_path):
    model = _functional()
    save_model(model, tmp_path / "folder.keras", zipped=False)
    assert os.path.isdir(tmp_path / "folder.keras")
    loaded = load_model(tmp_path / "folder.keras")
    x = {"a": np.ones((2, 3), "float32"), "b": np.ones((2, 2), "float32")}
    _assert_same_model(model, loaded, x)


def test_overwrite_false_asks(tmp_path, monkeypatch):
    path = tmp_path / "s.keras"
    save_model(_sequential(), path)
    before = path.read_bytes()
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    save_model(_sequential(), path, overwrite=False)
    assert path.read_bytes() == before


class AssetLayer(layers.Layer):
    """A layer that keeps a vocabulary as an asset file."""

    def __init__(self, vocabulary=None, **kwargs):
        super().__init__(**kwargs)
        self.vocabulary = list(vocabulary or [])

    def call(self, inputs):
        return inputs

    def save_assets(self, folder):
        with open(os.path.join(folder, "vocabulary.txt"), "w") as f:
            f.write("\n".join(self.vocabulary))

    def load_assets(self, folder):
        with open(os.path.join(folder, "vocabulary.txt")) as f:
            self.vocabulary = f.read().split("\n")

    def get_config(self):
        return super().get_config()


def test_assets_round_trip(tmp_path):
    model = lamina.Sequential([lamina.Input((2,)), AssetLayer(["a", "b"], name="..")])
    save_model(model, tmp_path / "a.keras")
    with zipfile.ZipFile(tmp_path / "a.keras") as archive:
        assert "assets/layers/asset_layer/vocabulary.txt" in archive.namelist()
    assert sorted(os.listdir(tmp_path)) == ["a.keras"], "a layer name steers no write"
    loaded = load_model(tmp_path / "a.keras", custom_objects={"AssetLayer": AssetLayer})
    assert loaded.layers[0].vocabulary == ["a", "b"]


def test_save_errors(tmp_path):
    with pytest.raises(ValueError, match="must end in '.keras'.*save_weights"):
        save_model(_sequential(), tmp_path / "m.weights.h5")
    with pytest.raises(ValueError, match="not built"):
        save_model(lamina.Sequential([layers.Dense(2)]), tmp_path / "m.keras")
    with pytest.raises(ValueError, match="unexpected argument.*save_format"):
        save_model(_sequential(), tmp_path / "m.keras", save_format="tf")


def test_load_errors(tmp_path):
    with pytest.raises(ValueError, match="there is no file or folder"):
        load_model(tmp_path / "missing.keras")
    model = _sequential()
    model.save_weights(str(tmp_path / "m.weights.h5"))
    with pytest.raises(ValueError, match="is a weights file, not a model"):
        load_model(tmp_path / "m.weights.h5")
    (tmp_path / "m.txt").write_text("x")
    with pytest.raises(ValueError, match="reads '.keras' files"):
        load_model(tmp_path / "m.txt")


def test_mismatched_weights_name_layer_and_shapes(tmp_path):
    model = _sequential()
    save_model(model, tmp_path / "m.keras")
    with zipfile.ZipFile(tmp_path / "m.keras") as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    config = json.loads(members["config.json"])
    config["config"]["layers"][-1]["config"]["units"] = 3
    members["config.json"] = json.dumps(config).encode()
    with zipfile.ZipFile(tmp_path / "bad.keras", "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(ValueError, match="dense_.*shape \\(6, 3\\) in the model but \\(6, 2\\)"):
        load_model(tmp_path / "bad.keras")
