"""Model.compile / train_on_batch / test_on_batch / predict_on_batch against NumPy."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers
from tests.conftest import BACKEND

RNG = np.random.default_rng(0)
TRAINS = BACKEND in ("torch", "jax")
needs_training = pytest.mark.skipif(
    not TRAINS, reason="the numpy backend is inference-only (no gradients)"
)


def _linear_model(weights: np.ndarray, bias: np.ndarray) -> lamina.Model:
    model = lamina.Sequential([lamina.Input((weights.shape[0],)), layers.Dense(weights.shape[1])])
    model.set_weights([weights, bias])
    return model


def _data(n: int = 8, features: int = 3, outputs: int = 2) -> tuple:
    x = RNG.normal(size=(n, features)).astype("float32")
    y = RNG.normal(size=(n, outputs)).astype("float32")
    w = RNG.normal(size=(features, outputs)).astype("float32")
    b = RNG.normal(size=(outputs,)).astype("float32")
    return x, y, w, b


def test_compile_resolves_strings():
    model = _linear_model(*_data()[2:])
    assert model.loss is None
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    assert type(model.optimizer).__name__ == "Adam"
    assert model.compiled
    assert model.loss == "mse"  # What compile received, as Keras keeps it.


@needs_training
def test_train_on_batch_is_one_sgd_step():
    x, y, w, b = _data()
    model = _linear_model(w, b)
    model.compile(optimizer=lamina.optimizers.SGD(0.1), loss="mse")
    loss = model.train_on_batch(x, y)
    error = x @ w + b - y
    expected_loss = np.mean(error**2)
    grad_w = 2.0 / error.size * x.T @ error
    grad_b = 2.0 / error.size * error.sum(axis=0)
    new_w, new_b = model.get_weights()
    np.testing.assert_allclose(loss, expected_loss, rtol=1e-5)
    np.testing.assert_allclose(new_w, w - 0.1 * grad_w, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(new_b, b - 0.1 * grad_b, rtol=1e-5, atol=1e-6)
    assert int(model.optimizer.iterations) == 1


@needs_training
def test_repeated_train_on_batch_reports_each_batch_and_keeps_held_values():
    x, y, w, b = _data()
    model = _linear_model(w, b)
    model.compile(optimizer=lamina.optimizers.SGD(0.0), loss="mse", metrics=["mae"])
    held = model.layers[0].kernel.value  # A user's reference to the current value.
    for scale in (1.0, 3.0, 0.5):  # Metrics restart each call, as in Keras.
        loss, mae = model.train_on_batch(x, y * scale)
        error = x @ w + b - y * scale
        np.testing.assert_allclose(loss, np.mean(error**2), rtol=1e-5)
        np.testing.assert_allclose(mae, np.mean(np.abs(error)), rtol=1e-5)
    # The step got copies of the variables: the array the user held is still readable.
    np.testing.assert_array_equal(lamina.ops.convert_to_numpy(held), w)
    assert int(model.optimizer.iterations) == 3


@needs_training
def test_test_on_batch_reports_loss_and_metrics_without_training():
    x, y, w, b = _data()
    model = _linear_model(w, b)
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    results = model.test_on_batch(x, y, return_dict=True)
    error = x @ w + b - y
    np.testing.assert_allclose(results["loss"], np.mean(error**2), rtol=1e-5)
    np.testing.assert_allclose(results["mae"], np.mean(np.abs(error)), rtol=1e-5)
    np.testing.assert_array_equal(model.get_weights()[0], w)


def test_predict_on_batch_is_the_forward_pass():
    x, _, w, b = _data()
    model = _linear_model(w, b)
    np.testing.assert_allclose(model.predict_on_batch(x), x @ w + b, rtol=1e-5, atol=1e-6)


@needs_training
def test_sample_weight_weights_the_loss():
    x, y, w, b = _data()
    sample_weight = RNG.uniform(size=(len(x),)).astype("float32")
    model = _linear_model(w, b)
    model.compile(optimizer="sgd", loss="mse")
    loss = model.test_on_batch(x, y, sample_weight=sample_weight)
    per_sample = np.mean((x @ w + b - y) ** 2, axis=-1)
    np.testing.assert_allclose(loss, np.mean(per_sample * sample_weight), rtol=1e-5)


@needs_training
def test_regularization_losses_join_the_loss():
    x, y, w, b = _data()
    model = lamina.Sequential(
        [lamina.Input((3,)), layers.Dense(2, kernel_regularizer=lamina.regularizers.L2(0.5))]
    )
    model.set_weights([w, b])
    model.compile(optimizer="sgd", loss="mse")
    loss = model.test_on_batch(x, y)
    expected = np.mean((x @ w + b - y) ** 2) + 0.5 * np.sum(w**2)
    np.testing.assert_allclose(loss, expected, rtol=1e-5)


@needs_training
def test_multi_output_losses_by_name_with_weights():
    inputs = lamina.Input((3,))
    first = layers.Dense(2, name="first")(inputs)
    second = layers.Dense(1, name="second")(inputs)
    model = lamina.Model(inputs, [first, second])
    model.compile(
        optimizer="sgd",
        loss={"first": "mse", "second": "mae"},
        loss_weights={"first": 1.0, "second": 2.0},
        metrics={"second": ["mse"]},
    )
    x = RNG.normal(size=(6, 3)).astype("float32")
    y1 = RNG.normal(size=(6, 2)).astype("float32")
    y2 = RNG.normal(size=(6, 1)).astype("float32")
    results = model.test_on_batch(x, {"first": y1, "second": y2}, return_dict=True)
    p1, p2 = model.predict_on_batch(x)
    first_loss = np.mean((p1 - y1) ** 2)
    second_loss = np.mean(np.abs(p2 - y2))
    assert sorted(results) == ["first_loss", "loss", "second_loss", "second_mse"]
    np.testing.assert_allclose(results["first_loss"], first_loss, rtol=1e-5)
    np.testing.assert_allclose(results["second_loss"], second_loss, rtol=1e-5)
    np.testing.assert_allclose(results["loss"], first_loss + 2 * second_loss, rtol=1e-5)
    np.testing.assert_allclose(results["second_mse"], np.mean((p2 - y2) ** 2), rtol=1e-5)


@needs_training
def test_accuracy_string_follows_the_targets():
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(4, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    x = RNG.normal(size=(10, 3)).astype("float32")
    labels = RNG.integers(0, 4, size=(10,))
    results = model.test_on_batch(x, labels, return_dict=True)
    predicted = model.predict_on_batch(x).argmax(axis=-1)
    np.testing.assert_allclose(results["accuracy"], np.mean(predicted == labels), rtol=1e-6)
    assert model.metrics_names == ["loss", "accuracy"]


def test_uncompiled_training_names_compile():
    model = _linear_model(*_data()[2:])
    with pytest.raises(ValueError, match=r"call model.compile"):
        model.train_on_batch(np.ones((2, 3)), np.ones((2, 2)))


@needs_training
def test_missing_loss_is_explained():
    model = _linear_model(*_data()[2:])
    model.compile(optimizer="sgd")
    with pytest.raises(ValueError, match=r"has no loss to compute"):
        model.train_on_batch(np.ones((2, 3), "float32"), np.ones((2, 2), "float32"))


def test_loss_list_length_must_match_outputs():
    inputs = lamina.Input((3,))
    model = lamina.Model(inputs, [layers.Dense(1)(inputs), layers.Dense(1)(inputs)])
    with pytest.raises(ValueError, match=r"received 3 losses for a model with 2 outputs"):
        model.compile(loss=["mse", "mse", "mse"])


def test_unknown_output_name_in_loss_dict():
    model = _linear_model(*_data()[2:])
    with pytest.raises(ValueError, match=r"unknown output name\(s\) \['nope'\]"):
        model.compile(loss={"nope": "mse"})


def test_bad_steps_per_execution():
    model = _linear_model(*_data()[2:])
    with pytest.raises(ValueError, match=r"steps_per_execution must be a positive int"):
        model.compile(loss="mse", steps_per_execution=0)


@pytest.mark.skipif(TRAINS, reason="checks the numpy backend's inference-only error")
def test_numpy_backend_cannot_train():
    model = _linear_model(*_data()[2:])
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(NotImplementedError, match=r"the numpy backend is inference-only"):
        model.train_on_batch(np.ones((2, 3), "float32"), np.ones((2, 2), "float32"))
