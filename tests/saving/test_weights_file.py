"""save_weights / load_weights: round trips, mismatches, and what a failed load leaves."""

from __future__ import annotations

import builtins
import os
import zipfile

import numpy as np
import pytest

import lamina
from lamina import layers
from lamina.saving import load_weights, save_weights

RNG = np.random.default_rng(0)


def _sequential(units: int = 4):
    return lamina.Sequential(
        [lamina.Input(shape=(3,)), layers.Dense(units, activation="relu"), layers.Dense(2)]
    )


def _functional():
    inputs = lamina.Input(shape=(3,))
    left = layers.Dense(4, activation="tanh")(inputs)
    right = layers.Dense(4)(inputs)
    return lamina.Model(inputs, layers.Dense(2)(layers.Concatenate()([left, right])))


def _nested():
    inner = lamina.Sequential([lamina.Input(shape=(3,)), layers.Dense(4, activation="relu")])
    inputs = lamina.Input(shape=(3,))
    return lamina.Model(inputs, layers.Dense(2)(inner(inputs)))


class _Subclassed(lamina.Model):
    def __init__(self):
        super().__init__()
        self.encoder = layers.Dense(4, activation="relu")
        self.heads = [layers.Dense(2), layers.Dense(2)]

    def call(self, inputs):
        x = self.encoder(inputs)
        return self.heads[0](x) + self.heads[1](x)


def _subclassed():
    model = _Subclassed()
    model(np.zeros((1, 3), "float32"))
    return model


def _predict(model, x):
    return lamina.ops.convert_to_numpy(model(x))


def _weights(model):
    return [w.copy() for w in model.get_weights()]


@pytest.mark.parametrize("build", [_sequential, _functional, _nested, _subclassed])
def test_round_trip_gives_identical_predictions(build, tmp_path):
    x = RNG.normal(size=(5, 3)).astype("float32")
    source, target = build(), build()
    assert not np.allclose(_predict(source, x), _predict(target, x)), "same initial weights"
    path = tmp_path / "model.weights.h5"
    save_weights(source, path)
    load_weights(target, path)
    np.testing.assert_array_equal(_predict(target, x), _predict(source, x))
    for saved, loaded in zip(source.get_weights(), target.get_weights()):
        np.testing.assert_array_equal(loaded, saved)


def test_optimizer_state_round_trip_builds_the_fresh_optimizer(tmp_path):
    source = _sequential()
    source.optimizer = lamina.optimizers.SGD(learning_rate=0.1, momentum=0.9)
    gradients = [np.ones(v.shape, "float32") for v in source.trainable_variables]
    source.optimizer.apply(gradients, source.trainable_variables)
    save_weights(source, tmp_path / "model.weights.h5")
    target = _sequential()
    target.optimizer = lamina.optimizers.SGD(learning_rate=0.1, momentum=0.9)
    load_weights(target, tmp_path / "model.weights.h5")
    assert target.optimizer.built
    assert int(target.optimizer.iterations) == 1
    for saved, loaded in zip(source.optimizer.variables, target.optimizer.variables):
        np.testing.assert_array_equal(loaded.numpy(), saved.numpy())


def test_optimizer_with_other_variable_count_is_skipped_with_a_warning(tmp_path):
    source = _sequential()
    source.optimizer = lamina.optimizers.Adam()
    source.optimizer.build(source.trainable_variables)
    save_weights(source, tmp_path / "model.weights.h5")
    target = _sequential()
    target.optimizer = lamina.optimizers.SGD()
    target.optimizer.build(target.trainable_variables)
    with pytest.warns(UserWarning, match=r"optimizer state .* not loaded: SGD .* has 2"):
        load_weights(target, tmp_path / "model.weights.h5")
    np.testing.assert_array_equal(target.get_weights()[0], source.get_weights()[0])


def test_shape_mismatch_names_layer_and_both_shapes_and_changes_nothing(tmp_path):
    save_weights(_sequential(units=4), tmp_path / "model.weights.h5")
    target = _sequential(units=5)
    before = _weights(target)
    with pytest.raises(
        ValueError,
        match=r"layer at 'layers/dense' \(Dense '.*'\): variable 0 \('.*kernel'\) has shape "
        r"\(3, 5\) in the model but \(3, 4\) in the file; variable 1 .*skip_mismatch=True",
    ):
        load_weights(target, tmp_path / "model.weights.h5")
    for old, new in zip(before, target.get_weights()):
        np.testing.assert_array_equal(new, old)


def test_skip_mismatch_warns_and_loads_what_fits(tmp_path):
    source = _sequential(units=4)
    save_weights(source, tmp_path / "model.weights.h5")
    target = _sequential(units=5)
    before = _weights(target)
    with pytest.warns(UserWarning) as record:
        load_weights(target, tmp_path / "model.weights.h5", skip_mismatch=True)
    messages = [str(warning.message) for warning in record]
    assert len(messages) == 2
    assert "'layers/dense'" in messages[0] and "'layers/dense_1'" in messages[1]
    assert "variable 0 (" in messages[0] and "variable 1 (" in messages[0]
    assert "has shape (4, 2) in the model but (5, 2)" not in messages[1]
    assert "has shape (5, 2) in the model but (4, 2) in the file. Skipped" in messages[1]
    loaded = target.get_weights()
    np.testing.assert_array_equal(loaded[0], before[0])  # first kernel: skipped
    np.testing.assert_array_equal(loaded[1], before[1])  # first bias (5,) vs (4,): skipped
    np.testing.assert_array_equal(loaded[3], source.get_weights()[3])  # last bias: loaded


def test_layer_missing_from_file_is_named(tmp_path):
    save_weights(_sequential(), tmp_path / "model.weights.h5")
    target = lamina.Sequential(
        [lamina.Input(shape=(3,)), layers.Dense(4), layers.Dense(2), layers.Dense(2)]
    )
    with pytest.raises(
        ValueError, match=r"layer at 'layers/dense_2' .* has 2 variables, but the file holds none"
    ):
        load_weights(target, tmp_path / "model.weights.h5")
    with pytest.warns(UserWarning, match=r"'layers/dense_2'.*Skipped"):
        load_weights(target, tmp_path / "model.weights.h5", skip_mismatch=True)


def test_variable_count_mismatch_is_an_error(tmp_path):
    save_weights(_sequential(), tmp_path / "model.weights.h5")
    target = lamina.Sequential(
        [lamina.Input(shape=(3,)), layers.Dense(4, use_bias=False), layers.Dense(2)]
    )
    with pytest.raises(ValueError, match=r"has 1 variables, but the file holds 2 for it"):
        load_weights(target, tmp_path / "model.weights.h5")


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"there is no file '.*absent\.weights\.h5'"):
        load_weights(_sequential(), tmp_path / "absent.weights.h5")


def test_file_names_must_have_the_keras_suffixes(tmp_path):
    with pytest.raises(ValueError, match=r"must end in '\.weights\.h5', received"):
        save_weights(_sequential(), tmp_path / "model.h5")
    with pytest.raises(ValueError, match=r"must end in '\.weights\.json'"):
        save_weights(_sequential(), tmp_path / "model.bin", max_shard_size=1.0)
    with pytest.raises(ValueError, match=r"cannot read '.*model\.bin'.*must end in"):
        load_weights(_sequential(), tmp_path / "model.bin")


def test_unbuilt_model_is_refused(tmp_path):
    model = lamina.Sequential([layers.Dense(2)])
    with pytest.raises(ValueError, match=r"save_weights: Sequential '.*' is not built yet"):
        save_weights(model, tmp_path / "model.weights.h5")


def test_overwrite_false_asks_before_replacing(tmp_path, monkeypatch):
    path = tmp_path / "model.weights.h5"
    path.write_bytes(b"previous")
    answers = iter(["maybe", "n"])
    monkeypatch.setattr(builtins, "input", lambda prompt="": next(answers))
    save_weights(_sequential(), path, overwrite=False)
    assert path.read_bytes() == b"previous"
    monkeypatch.setattr(builtins, "input", lambda prompt="": "y")
    save_weights(_sequential(), path, overwrite=False)
    assert path.read_bytes() != b"previous"


class _Failing(layers.Layer):
    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1],))

    def call(self, inputs):
        return inputs * self.kernel

    def save_own_variables(self, store):
        raise RuntimeError("disk full")


def test_failed_save_keeps_the_previous_file(tmp_path):
    path = tmp_path / "model.weights.h5"
    path.write_bytes(b"previous")
    model = lamina.Sequential([lamina.Input(shape=(3,)), _Failing()])
    with pytest.raises(RuntimeError, match="disk full"):
        save_weights(model, path)
    assert path.read_bytes() == b"previous"
    assert os.listdir(tmp_path) == ["model.weights.h5"]


class _Packed(layers.Layer):
    """Stores its two weights as one concatenated array, with its own save/load."""

    def build(self, input_shape):
        self.a = self.add_weight(shape=(2,))
        self.b = self.add_weight(shape=(3,))

    def call(self, inputs):
        return inputs

    def save_own_variables(self, store):
        store["packed"] = np.concatenate([self.a.numpy(), self.b.numpy()])

    def load_own_variables(self, store):
        assert list(store.keys()) == ["packed"] and len(store) == 1
        packed = store["packed"]
        self.a.assign(packed[:2])
        self.b.assign(packed[2:])


def test_layers_with_their_own_save_and_load(tmp_path):
    def build():
        return lamina.Sequential([lamina.Input(shape=(4,)), _Packed()])

    source, target = build(), build()
    save_weights(source, tmp_path / "model.weights.h5")
    load_weights(target, tmp_path / "model.weights.h5")
    for saved, loaded in zip(source.get_weights(), target.get_weights()):
        np.testing.assert_array_equal(loaded, saved)


def test_loads_the_weights_inside_a_keras_archive(tmp_path):
    source, target = _functional(), _functional()
    save_weights(source, tmp_path / "model.weights.h5")
    with zipfile.ZipFile(tmp_path / "model.keras", "w") as archive:
        archive.writestr("config.json", "{}")
        archive.write(tmp_path / "model.weights.h5", "model.weights.h5")
    load_weights(target, tmp_path / "model.keras")
    for saved, loaded in zip(source.get_weights(), target.get_weights()):
        np.testing.assert_array_equal(loaded, saved)
