"""Legacy `.h5` files: real Keras 2.15 files (tests/fixtures/keras2, made by make_fixtures.py
there) and one by Keras 3 (make_keras3_h5.py) load and predict what Keras predicted; a
trained one resumes training as Keras 2 does; weights-only files load by order and by name;
lamina writes the legacy layout for `model.save("x.h5")` and reads it back."""

from __future__ import annotations

import glob
import os

import h5py
import numpy as np
import pytest

import lamina
from lamina import layers
from lamina.saving import load_model

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "fixtures", "keras2")
MODELS = ["sequential_mlp", "functional_cnn", "recurrent", "shared_nested"]
SAVE_WARNING = "legacy HDF5 format"


def _arrays(name, kind):
    return [np.load(p) for p in sorted(glob.glob(f"{FIXTURES}/{name}_{kind}_*.npy"))]


def _predict(model, name):
    inputs = _arrays(name, "input")
    outputs = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
    return [np.asarray(o) for o in (outputs if isinstance(outputs, (list, tuple)) else [outputs])]


def _assert_predicts_like_keras2(model, name):
    outputs, expected = _predict(model, name), _arrays(name, "output")
    assert len(outputs) == len(expected)
    for got, want in zip(outputs, expected):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=2e-6)


def _cnn(head_units=2, head_name="head"):
    """functional_cnn of make_fixtures.py, written for lamina, with Keras 2's layer names."""
    inputs = lamina.Input((8, 8, 3), name="image")
    x = layers.Conv2D(4, 3, padding="same", use_bias=False, name="conv2d")(inputs)
    x = layers.BatchNormalization(name="batch_normalization")(x)
    x = layers.Activation("relu")(x)
    x = layers.MaxPooling2D(2)(x)
    inner = [
        lamina.Input((4, 4, 4)),
        layers.Conv2D(4, 1, activation="tanh", name="conv2d_1"),
        layers.LayerNormalization(name="layer_normalization"),
    ]
    block = lamina.Sequential(inner, name="block")
    x = layers.Add()([x, block(x)])
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(0.25)(x)
    outputs = layers.Dense(head_units, activation="softmax", name=head_name)(x)
    return lamina.Model(inputs, outputs)


def _save_legacy(model, path, **kwargs):
    with pytest.warns(UserWarning, match=SAVE_WARNING):
        model.save(path, **kwargs)


# -- Keras 2 model files ---------------------------------------------------------------------


@pytest.mark.parametrize("name", MODELS)
def test_keras2_model_file_loads_and_predicts_the_same(name):
    model = load_model(os.path.join(FIXTURES, f"{name}.h5"), compile=False)
    _assert_predicts_like_keras2(model, name)


def test_keras2_compile_state_and_optimizer_are_restored():
    model = lamina.models.load_model(os.path.join(FIXTURES, "sequential_mlp.h5"))
    assert model.compiled and type(model.optimizer).__name__ == "Adam"
    assert float(model.optimizer.learning_rate) == pytest.approx(0.01)
    assert int(lamina.ops.convert_to_numpy(model.optimizer.iterations)) == 8
    names = [type(layer).__name__ for layer in model.layers]
    assert names == ["Dense", "BatchNormalization", "Dense"]
    with h5py.File(os.path.join(FIXTURES, "sequential_mlp.h5")) as file:
        group = file["optimizer_weights"]
        saved = [group[name][()] for name in group.attrs["weight_names"]]
    slots = [v for v in model.optimizer.variables if not v.path.endswith("learning_rate")]
    assert len(slots) == len(saved) == 13
    for variable, array in zip(slots, saved):
        np.testing.assert_array_equal(variable.numpy(), array)


@pytest.mark.skipif(
    lamina.backend.backend() in ("numpy", "jax"),
    reason="numpy cannot train; on jax the train step's compile costs ~15 s, and what this "
    "checks beyond the restored optimizer state (test above) is the trainer's own code",
)
def test_keras2_trained_model_resumes_like_keras2():
    name = os.path.join(FIXTURES, "sequential_mlp")
    model = load_model(f"{name}.h5")
    x, y = np.load(f"{name}_batch_x.npy"), np.load(f"{name}_batch_y.npy")
    losses = [float(model.train_on_batch(x, y, return_dict=True)["loss"]) for _ in range(2)]
    np.testing.assert_allclose(losses, np.load(f"{name}_next_losses.npy"), rtol=1e-5)


def test_keras3_written_file_loads_with_its_optimizer_state():
    # Keras 3's own model.save("x.h5"): Keras 3 call arguments, nested Functional model.
    model = load_model(os.path.join(FIXTURES, "keras3_written.h5"))
    _assert_predicts_like_keras2(model, "keras3_written")
    assert int(lamina.ops.convert_to_numpy(model.optimizer.iterations)) == 2
    assert float(model.optimizer.learning_rate) == pytest.approx(0.01)


def test_optimizer_state_that_does_not_fit_warns_and_starts_afresh():
    # Keras 2's SGD kept momentum slots even with momentum=0; lamina's has none.
    with pytest.warns(UserWarning, match="optimizer state .* was not loaded"):
        model = load_model(os.path.join(FIXTURES, "functional_cnn.h5"))
    assert type(model.optimizer).__name__ == "SGD"
    assert int(lamina.ops.convert_to_numpy(model.optimizer.iterations)) == 0


# -- weights -----------------------------------------------------------------------------


def test_keras2_weights_file_loads_by_layer_order():
    model = _cnn()
    model.load_weights(os.path.join(FIXTURES, "functional_cnn_weights.h5"))
    _assert_predicts_like_keras2(model, "functional_cnn")


def test_weights_of_a_keras2_model_file_load_into_a_built_model():
    model = _cnn()
    lamina.saving.load_weights(model, os.path.join(FIXTURES, "functional_cnn.h5"))
    _assert_predicts_like_keras2(model, "functional_cnn")


def test_by_name_loads_matching_layers_and_leaves_the_others():
    model = _cnn(head_name="new_head")
    before = model.get_layer("new_head").get_weights()
    model.load_weights(os.path.join(FIXTURES, "functional_cnn_weights.h5"), by_name=True)
    with h5py.File(os.path.join(FIXTURES, "functional_cnn_weights.h5")) as file:
        gamma = file["batch_normalization/batch_normalization/gamma:0"][()]
        kernel = file["block/conv2d_1/kernel:0"][()]
    np.testing.assert_array_equal(model.layers[2].get_weights()[0], gamma)
    np.testing.assert_array_equal(model.get_layer("block").get_weights()[0], kernel)
    for got, want in zip(model.get_layer("new_head").get_weights(), before):
        np.testing.assert_array_equal(got, want)


def test_by_name_shape_mismatch_raises_naming_the_layer_and_shapes():
    model = _cnn(head_units=3)
    path = os.path.join(FIXTURES, "functional_cnn_weights.h5")
    kernel = model.get_layer("head").get_weights()[0].copy()
    with pytest.raises(ValueError, match=r"'head'.*shape \(4, 3\) in the model but \(4, 2\)"):
        model.load_weights(path, by_name=True)
    np.testing.assert_array_equal(model.get_layer("head").get_weights()[0], kernel)


def test_by_name_skip_mismatch_warns_and_loads_the_rest():
    model = _cnn(head_units=3)
    path = os.path.join(FIXTURES, "functional_cnn_weights.h5")
    with pytest.warns(UserWarning, match=r"'head'.*in the model but .* in the file.*Skipped"):
        model.load_weights(path, by_name=True, skip_mismatch=True)
    with h5py.File(path) as file:
        np.testing.assert_array_equal(
            model.layers[1].get_weights()[0], file["conv2d/conv2d/kernel:0"][()]
        )


def test_order_shape_mismatch_raises_and_changes_nothing():
    model = _cnn(head_units=3)
    kernel = model.layers[1].get_weights()[0].copy()
    with pytest.raises(ValueError, match=r"layer #3 .*\(4, 3\) in the model but \(4, 2\)"):
        model.load_weights(os.path.join(FIXTURES, "functional_cnn_weights.h5"))
    np.testing.assert_array_equal(model.layers[1].get_weights()[0], kernel)


def test_order_layer_count_mismatch_raises():
    model = lamina.Sequential([lamina.Input((8, 8, 3)), layers.Conv2D(4, 3, use_bias=False)])
    with pytest.raises(ValueError, match="weights for 4 layers .* has 1 layers with weights"):
        model.load_weights(os.path.join(FIXTURES, "functional_cnn_weights.h5"))


def test_by_name_is_refused_for_keras3_weights_files(tmp_path):
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(2)])
    model.save_weights(tmp_path / "w.weights.h5")
    with pytest.raises(ValueError, match="by_name= applies only to legacy"):
        model.load_weights(tmp_path / "w.weights.h5", by_name=True)


def test_save_weights_refuses_legacy_h5_like_keras3(tmp_path):
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(2)])
    with pytest.raises(ValueError, match="must end in '.weights.h5'"):
        model.save_weights(str(tmp_path / "w.h5"))


# -- writing -----------------------------------------------------------------------------


def test_save_h5_round_trip_keeps_architecture_weights_and_optimizer(tmp_path):
    inputs = lamina.Input((3,), name="x")
    hidden = layers.Dense(4, activation="relu", name="hidden")(inputs)
    inner = lamina.Sequential(
        [lamina.Input((4,)), layers.Dense(2, name="inner_dense")], name="inner"
    )
    model = lamina.Model(inputs, layers.Concatenate()([inner(hidden), hidden]), name="saved")
    model.compile(optimizer=lamina.optimizers.Adam(0.02), loss="mse", metrics=["mae"])
    model.optimizer.build(model.trainable_variables)
    for index, variable in enumerate(model.optimizer.variables):  # a state as after training
        if not variable.path.endswith("learning_rate"):
            variable.assign(np.full(variable.shape, index + 1, variable.dtype))
    x = np.linspace(-1, 1, 12, dtype="float32").reshape(4, 3)
    path = str(tmp_path / "model.hdf5")
    _save_legacy(model, path)
    assert os.listdir(tmp_path) == ["model.hdf5"]
    with h5py.File(path) as file:
        assert {"model_config", "training_config", "keras_version", "backend"} <= set(file.attrs)
        assert "optimizer_weights" in file
    loaded = load_model(path)
    np.testing.assert_allclose(_outputs(loaded, x), _outputs(model, x), rtol=1e-6)
    assert float(loaded.optimizer.learning_rate) == pytest.approx(0.02)
    assert int(lamina.ops.convert_to_numpy(loaded.optimizer.iterations)) == 1
    for got, want in zip(loaded.optimizer.variables, model.optimizer.variables):
        np.testing.assert_array_equal(got.numpy(), want.numpy())


def test_unbuilt_optimizer_is_compiled_but_has_no_saved_state(tmp_path):
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(2)])
    model.compile(optimizer="sgd", loss="mse")
    path = str(tmp_path / "model.h5")
    _save_legacy(model, path)
    with h5py.File(path) as file:
        assert "training_config" in file.attrs and "optimizer_weights" not in file
    assert type(load_model(path).optimizer).__name__ == "SGD"


def test_save_h5_without_optimizer_loads_uncompiled(tmp_path):
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(2)])
    model.compile(optimizer="adam", loss="mse")
    path = str(tmp_path / "model.h5")
    _save_legacy(model, path, include_optimizer=False)
    with h5py.File(path) as file:
        assert "training_config" not in file.attrs and "optimizer_weights" not in file
    assert not getattr(load_model(path), "compiled", False)


def test_save_h5_rejects_unknown_arguments(tmp_path):
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(2)])
    with pytest.raises(ValueError, match=r"unexpected argument\(s\) \['zoom'\]"):
        model.save(str(tmp_path / "model.h5"), zoom=1)


def test_failed_save_leaves_the_previous_file(tmp_path, monkeypatch):
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(2)])
    path = tmp_path / "model.h5"
    path.write_bytes(b"previous")

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(lamina.saving.legacy_h5_weights, "write_weights", fail)
    with pytest.warns(UserWarning, match=SAVE_WARNING), pytest.raises(RuntimeError):
        model.save(str(path))
    assert path.read_bytes() == b"previous" and os.listdir(tmp_path) == ["model.h5"]


def _outputs(model, x):
    return np.asarray(model.predict(x, verbose=0))
