"""Model.fit on data other than single arrays: generators, PyDataset, DataLoader, dicts."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers
from tests.conftest import BACKEND
from tests.trainers.test_fit import _sgd_epoch, _weighted_mean

RNG = np.random.default_rng(0)
TRAINS = BACKEND in ("torch", "jax")
pytestmark = pytest.mark.skipif(
    not TRAINS, reason="the numpy backend is inference-only (no gradients)"
)


def _data(n: int = 12) -> tuple[np.ndarray, np.ndarray]:
    x = RNG.normal(size=(n, 3)).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5]], "float32") + 0.25).astype("float32")
    return x, y


def _model_from(weights: list) -> lamina.Model:
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(1)])
    model.set_weights(weights)
    model.compile(optimizer=lamina.optimizers.SGD(0.1), loss="mse")
    return model


def _start_weights() -> list:
    return [RNG.normal(size=(3, 1)).astype("float32"), np.zeros((1,), "float32")]


def _assert_trained_like_sgd(model, history, x, y, weights, epochs):
    """The model and history match SGD computed in NumPy on batches of 4 in order."""
    w, b = weights
    for epoch in range(epochs):
        w, b, batch_losses = _sgd_epoch(x, y, w, b, batch_size=4, learning_rate=0.1)
        expected_loss = _weighted_mean(batch_losses)
        np.testing.assert_allclose(history.history["loss"][epoch], expected_loss, rtol=1e-5)
    np.testing.assert_allclose(model.get_weights()[0], w, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(model.get_weights()[1], b, rtol=1e-5, atol=1e-6)


class _Batches(lamina.utils.PyDataset):
    def __init__(self, x, y, batch_size, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.batch_size = x, y, batch_size

    def __len__(self):
        return -(-len(self.x) // self.batch_size)

    def __getitem__(self, index):
        part = slice(index * self.batch_size, (index + 1) * self.batch_size)
        return self.x[part], self.y[part]


def test_generator_with_steps_per_epoch():
    x, y = _data(12)
    weights = _start_weights()

    def endless():
        while True:
            for start in range(0, 12, 4):
                yield x[start : start + 4], y[start : start + 4]

    model = _model_from(weights)
    history = model.fit(endless(), steps_per_epoch=3, epochs=2, verbose=0)
    assert int(model.optimizer.iterations) == 6
    _assert_trained_like_sgd(model, history, x, y, weights, epochs=2)


@pytest.mark.parametrize("workers", [1, 2])
def test_py_dataset(workers):
    x, y = _data(10)
    weights = _start_weights()
    model = _model_from(weights)
    dataset = _Batches(x, y, batch_size=4, workers=workers)
    history = model.fit(dataset, epochs=2, shuffle=False, verbose=0)
    assert int(model.optimizer.iterations) == 6
    _assert_trained_like_sgd(model, history, x, y, weights, epochs=2)


def test_torch_data_loader_on_every_backend():
    torch = pytest.importorskip("torch")
    x, y = _data(10)
    weights = _start_weights()
    dataset = torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y))
    loader = torch.utils.data.DataLoader(dataset, batch_size=4, shuffle=False)
    model = _model_from(weights)
    history = model.fit(loader, epochs=2, verbose=0)
    assert int(model.optimizer.iterations) == 6
    _assert_trained_like_sgd(model, history, x, y, weights, epochs=2)
    w, b = model.get_weights()
    expected = np.mean((x @ w + b - y) ** 2)
    np.testing.assert_allclose(model.evaluate(loader, verbose=0), expected, rtol=1e-5)


def test_dict_inputs_to_a_multi_input_model():
    first = lamina.Input((2,), name="first")
    second = lamina.Input((1,), name="second")
    joined = layers.Concatenate()([first, second])
    model = lamina.Model({"first": first, "second": second}, layers.Dense(1)(joined))
    x, y = _data(8)
    model.set_weights(_start_weights())
    w, b = model.get_weights()
    model.compile(optimizer=lamina.optimizers.SGD(0.1), loss="mse")
    inputs = {"second": x[:, 2:], "first": x[:, :2]}
    model.fit(inputs, y, batch_size=8, shuffle=False, verbose=0)
    error = x @ w + b - y
    grad_error = 2.0 * error / error.size
    np.testing.assert_allclose(model.get_weights()[0], w - 0.1 * x.T @ grad_error, rtol=1e-5)
    np.testing.assert_allclose(model.predict(inputs, verbose=0), model.predict_on_batch(inputs))


def test_mismatched_x_and_y_lengths_fail_before_training():
    model = _model_from(_start_weights())
    with pytest.raises(ValueError, match=r"x sizes: 10, y sizes: 7"):
        model.fit(np.ones((10, 3), "float32"), np.ones((7, 1), "float32"), verbose=0)
    assert int(model.optimizer.iterations) == 0


def test_mismatched_input_lengths_fail_before_training():
    first = lamina.Input((2,), name="first")
    second = lamina.Input((1,), name="second")
    model = lamina.Model([first, second], layers.Dense(1)(layers.Concatenate()([first, second])))
    model.compile(optimizer="sgd", loss="mse")
    x = [np.ones((6, 2), "float32"), np.ones((5, 1), "float32")]
    with pytest.raises(ValueError, match=r"x sizes: 6, 5, y sizes: 6"):
        model.fit(x, np.ones((6, 1), "float32"), verbose=0)
    assert not model.optimizer.built or int(model.optimizer.iterations) == 0
