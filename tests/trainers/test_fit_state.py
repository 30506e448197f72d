"""The state a training step carries: weights seen by callbacks and after fit, non-trainable
state (moving statistics, seeds) flowing out of the step, and no per-step retracing."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers
from lamina.layers import call_context
from tests.conftest import BACKEND

RNG = np.random.default_rng(0)
pytestmark = pytest.mark.skipif(
    BACKEND not in ("torch", "jax"), reason="the numpy backend is inference-only (no gradients)"
)


def _linear_model() -> lamina.Model:
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(1)])
    model.set_weights([RNG.normal(size=(3, 1)).astype("float32"), np.zeros((1,), "float32")])
    return model


def _data(n: int = 8) -> tuple[np.ndarray, np.ndarray]:
    x = RNG.normal(size=(n, 3)).astype("float32")
    return x, (x @ np.array([[2.0], [1.0], [-1.0]], "float32")).astype("float32")


class _WeightsAtBatchEnd(lamina.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.batches, self.epochs = [], []

    def on_train_batch_end(self, batch, logs=None):
        self.batches.append(self.model.get_weights())

    def on_epoch_end(self, epoch, logs=None):
        self.epochs.append(self.model.get_weights())


def test_callbacks_see_the_current_weights_mid_fit():
    x, y = _data(8)
    model = _linear_model()
    w, b = model.get_weights()
    model.compile(optimizer=lamina.optimizers.SGD(0.1), loss="mse")
    recorder = _WeightsAtBatchEnd()
    model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0, callbacks=[recorder])
    expected = []
    for _ in range(2):
        for start in (0, 4):
            error = x[start : start + 4] @ w + b - y[start : start + 4]
            grad_error = 2.0 * error / error.size
            w, b = w - 0.1 * x[start : start + 4].T @ grad_error, b - 0.1 * grad_error.sum(0)
            expected.append((w, b))
    assert len(recorder.batches) == 4
    for (got_w, got_b), (want_w, want_b) in zip(recorder.batches, expected):
        np.testing.assert_allclose(got_w, want_w, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(got_b, want_b, rtol=1e-5, atol=1e-6)
    first_epoch, second_epoch = recorder.epochs
    assert not np.allclose(first_epoch[0], second_epoch[0])
    np.testing.assert_array_equal(second_epoch[0], model.get_weights()[0])


def test_weights_after_fit_are_the_trained_ones():
    x, y = _data(8)
    model = _linear_model()
    model.compile(optimizer=lamina.optimizers.SGD(0.1), loss="mse")
    before = model.predict(x, verbose=0)
    model.fit(x, y, batch_size=4, epochs=2, verbose=0)
    after = model.predict(x, verbose=0)
    w, b = model.get_weights()
    assert not np.allclose(before, after)
    np.testing.assert_allclose(after, x @ w + b, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(lamina.ops.convert_to_numpy(model(x)), after, rtol=1e-5, atol=1e-6)
    assert np.mean((after - y) ** 2) < np.mean((before - y) ** 2)


def test_batch_normalization_moving_statistics_follow_the_batches():
    x = RNG.normal(loc=3.0, scale=2.0, size=(12, 2)).astype("float32")
    y = RNG.normal(size=(12, 1)).astype("float32")
    model = lamina.Sequential(
        [lamina.Input((2,)), layers.BatchNormalization(momentum=0.5), layers.Dense(1)]
    )
    model.compile(optimizer=lamina.optimizers.SGD(0.01), loss="mse")
    model.fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0)
    mean, variance = np.zeros(2), np.ones(2)
    for start in range(0, 12, 4):
        batch = x[start : start + 4]
        mean = 0.5 * mean + 0.5 * batch.mean(axis=0)
        variance = 0.5 * variance + 0.5 * batch.var(axis=0)
    normalization = model.layers[0]
    np.testing.assert_allclose(
        lamina.ops.convert_to_numpy(normalization.moving_mean), mean, rtol=1e-5
    )
    np.testing.assert_allclose(
        lamina.ops.convert_to_numpy(normalization.moving_variance), variance, rtol=1e-5
    )


class _BatchLosses(lamina.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.losses = []

    def on_train_batch_end(self, batch, logs=None):
        self.losses.append(float(lamina.ops.convert_to_numpy(logs["loss"])))


def test_dropout_masks_and_seed_state_advance_between_steps():
    # The same batch three times, with a learning rate of 0: only the dropout masks can
    # change the loss from one step to the next.
    x = np.tile(RNG.normal(size=(4, 6)).astype("float32"), (3, 1))
    y = np.ones((12, 1), "float32")
    dropout = layers.Dropout(0.5, seed=1)
    model = lamina.Sequential([lamina.Input((6,)), dropout, layers.Dense(1)])
    model.compile(optimizer=lamina.optimizers.SGD(0.0), loss="mse")
    before = lamina.ops.convert_to_numpy(dropout.seed_generator.state).copy()
    recorder = _BatchLosses()
    model.fit(x, y, batch_size=4, shuffle=False, verbose=0, callbacks=[recorder])
    after = lamina.ops.convert_to_numpy(dropout.seed_generator.state)
    assert after[0] == before[0]
    assert int(after[1]) == int(before[1]) + 3
    # logs["loss"] is the running mean: it stays put only if every step has the same loss.
    assert len(set(np.round(recorder.losses, 6))) > 1


@pytest.mark.skipif(BACKEND != "jax", reason="counts jax.jit traces of the train step")
def test_jax_train_step_is_traced_once_per_batch_shape():
    x, y = _data(10)  # Batches of 4, 4 and 2.
    model = _linear_model()
    model.compile(optimizer=lamina.optimizers.SGD(0.1), loss="mse")
    traces = {"train": 0, "test": 0}
    train_step, test_step = model.train_step, model.test_step

    def counted_train_step(state, data):
        traces["train"] += 1
        return train_step(state, data)

    def counted_test_step(state, data):
        traces["test"] += 1
        return test_step(state, data)

    model.train_step = counted_train_step
    model.test_step = counted_test_step
    model.fit(x, y, batch_size=4, epochs=4, validation_data=(x, y), verbose=0)
    assert traces == {"train": 2, "test": 2}
    model.fit(x, y, batch_size=4, epochs=2, validation_data=(x, y), verbose=0)
    model.evaluate(x, y, batch_size=4, verbose=0)
    assert traces == {"train": 2, "test": 2}


def test_losses_added_in_a_step_do_not_leak_out_of_it():
    # An activity regularizer adds a loss in every call; on jax those are traced values.
    x, y = _data(8)
    model = lamina.Sequential(
        [lamina.Input((3,)), layers.Dense(1, activity_regularizer=lamina.regularizers.L2(0.1))]
    )
    model.compile(optimizer=lamina.optimizers.SGD(0.1), loss="mse")
    history = model.fit(x, y, batch_size=4, validation_data=(x, y), verbose=0)
    model.predict(x, verbose=0)
    values = [float(lamina.ops.convert_to_numpy(loss)) for loss in model.losses]
    assert all(np.isfinite(values))
    w, b = model.get_weights()
    assert history.history["val_loss"][0] > np.mean((x @ w + b - y) ** 2)
    if BACKEND == "jax":  # Compiled steps only: a traced step's losses are forgotten, not held.
        model.fit(x, y, batch_size=4, verbose=0)
        held = call_context._holders()  # This thread's layers recorded as holding losses.
        assert not model.losses and not any(id(layer) in held for layer in model._flatten_layers())
