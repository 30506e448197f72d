"""Model.evaluate / predict and the *_on_batch methods, against NumPy formulas."""

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


def _linear_model() -> tuple[lamina.Model, np.ndarray, np.ndarray]:
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(2)])
    w = RNG.normal(size=(3, 2)).astype("float32")
    b = RNG.normal(size=(2,)).astype("float32")
    model.set_weights([w, b])
    return model, w, b


def _xy(n: int = 10) -> tuple[np.ndarray, np.ndarray]:
    return RNG.normal(size=(n, 3)).astype("float32"), RNG.normal(size=(n, 2)).astype("float32")


@needs_training
def test_evaluate_order_follows_metrics_names():
    model, w, b = _linear_model()
    model.compile(optimizer="sgd", loss="mse", metrics=["mae", "mse"])
    x, y = _xy()
    # batch_size 4 leaves a partial batch: the results are still means over all samples.
    values = model.evaluate(x, y, batch_size=4, verbose=0)
    results = model.evaluate(x, y, batch_size=4, verbose=0, return_dict=True)
    error = x @ w + b - y
    expected = {"loss": np.mean(error**2), "mae": np.mean(np.abs(error)), "mse": np.mean(error**2)}
    assert model.metrics_names == ["loss", "mae", "mse"]
    assert list(results) == model.metrics_names
    assert isinstance(values, list)
    np.testing.assert_allclose(values, [expected[name] for name in model.metrics_names], rtol=1e-5)
    for name, value in results.items():
        assert isinstance(value, float)
        np.testing.assert_allclose(value, expected[name], rtol=1e-5)


@needs_training
def test_evaluate_with_only_a_loss_returns_a_float():
    model, w, b = _linear_model()
    model.compile(optimizer="sgd", loss="mae")
    x, y = _xy()
    loss = model.evaluate(x, y, verbose=0)
    assert isinstance(loss, float)
    np.testing.assert_allclose(loss, np.mean(np.abs(x @ w + b - y)), rtol=1e-5)


@needs_training
def test_evaluate_steps_limits_the_batches():
    model, w, b = _linear_model()
    model.compile(optimizer="sgd", loss="mse")
    x, y = _xy(12)
    loss = model.evaluate(x, y, batch_size=4, steps=2, verbose=0)
    np.testing.assert_allclose(loss, np.mean((x[:8] @ w + b - y[:8]) ** 2), rtol=1e-5)


@pytest.mark.parametrize("batch_size", [None, 3, 7])
def test_predict_shapes_and_values(batch_size):
    model, w, b = _linear_model()
    x, _ = _xy(10)
    predictions = model.predict(x, batch_size=batch_size, verbose=0)
    assert isinstance(predictions, np.ndarray)
    assert predictions.shape == (10, 2)
    np.testing.assert_allclose(predictions, x @ w + b, rtol=1e-5, atol=1e-6)


def test_predict_concatenates_list_outputs():
    inputs = lamina.Input((3,))
    model = lamina.Model(inputs, [layers.Dense(2)(inputs), layers.Dense(1)(inputs)])
    x, _ = _xy(7)
    first, second = model.predict(x, batch_size=3, verbose=0)
    assert first.shape == (7, 2) and second.shape == (7, 1)
    reference = model.predict_on_batch(x)
    np.testing.assert_allclose(first, reference[0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(second, reference[1], rtol=1e-5, atol=1e-6)


def test_predict_concatenates_dict_outputs():
    inputs = lamina.Input((3,))
    outputs = {"wide": layers.Dense(4)(inputs), "narrow": layers.Dense(1)(inputs)}
    model = lamina.Model(inputs, outputs)
    x, _ = _xy(5)
    predictions = model.predict(x, batch_size=2, verbose=0)
    assert isinstance(predictions, dict)
    assert {name: value.shape for name, value in predictions.items()} == {
        "wide": (5, 4),
        "narrow": (5, 1),
    }
    reference = model.predict_on_batch(x)
    for name in outputs:
        np.testing.assert_allclose(predictions[name], reference[name], rtol=1e-5, atol=1e-6)


def test_predict_ignores_targets_in_a_dataset():
    model, w, b = _linear_model()
    x, y = _xy(6)

    def batches():
        for start in range(0, 6, 4):
            yield x[start : start + 4], y[start : start + 4]

    np.testing.assert_allclose(model.predict(batches(), verbose=0), x @ w + b, rtol=1e-5)


def test_predict_on_batch_returns_numpy():
    model, w, b = _linear_model()
    x, _ = _xy(4)
    result = model.predict_on_batch(x)
    assert isinstance(result, np.ndarray)
    np.testing.assert_allclose(result, x @ w + b, rtol=1e-5, atol=1e-6)


@needs_training
def test_train_and_test_on_batch_results_follow_metrics_names():
    model, w, b = _linear_model()
    model.compile(optimizer=lamina.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
    x, y = _xy(6)
    error = x @ w + b - y
    loss, mae = model.train_on_batch(x, y)
    np.testing.assert_allclose([loss, mae], [np.mean(error**2), np.mean(np.abs(error))], rtol=1e-5)
    new_w, new_b = model.get_weights()
    assert not np.allclose(new_w, w)
    results = model.test_on_batch(x, y, return_dict=True)
    new_error = x @ new_w + new_b - y
    assert list(results) == ["loss", "mae"]
    np.testing.assert_allclose(results["loss"], np.mean(new_error**2), rtol=1e-5)
    # test_on_batch does not train; a second call gives the same numbers.
    np.testing.assert_allclose(model.test_on_batch(x, y), [results["loss"], results["mae"]])


@pytest.mark.skipif(TRAINS, reason="checks the numpy backend's inference-only error")
@pytest.mark.parametrize("method", ["fit", "evaluate"])
def test_numpy_backend_is_inference_only(method):
    model, w, b = _linear_model()
    model.compile(optimizer="sgd", loss="mse")
    x, y = _xy(4)
    with pytest.raises(NotImplementedError, match=r"numpy backend is inference-only.*predict"):
        getattr(model, method)(x, y, verbose=0)
    np.testing.assert_allclose(model.predict(x, verbose=0), x @ w + b, rtol=1e-5, atol=1e-6)
