"""Model.fit on NumPy arrays, checked against SGD computed by hand in NumPy."""

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
pytestmark = needs_training


def _linear_model(features: int = 3, outputs: int = 1, zero: bool = False) -> lamina.Model:
    model = lamina.Sequential([lamina.Input((features,)), layers.Dense(outputs)])
    if zero:
        model.set_weights([np.zeros((features, outputs)), np.zeros((outputs,))])
    else:
        weights = RNG.normal(size=(features, outputs)).astype("float32")
        model.set_weights([weights, RNG.normal(size=(outputs,)).astype("float32")])
    return model


def _regression(n: int = 10, features: int = 3) -> tuple[np.ndarray, np.ndarray]:
    x = RNG.normal(size=(n, features)).astype("float32")
    y = (x @ np.arange(1, features + 1, dtype="float32")[:, None] + 0.5).astype("float32")
    return x, y


def _sgd_epoch(x, y, w, b, batch_size, learning_rate, sample_weight=None):
    """One epoch of SGD on `mean((x @ w + b - y) ** 2 * sample_weight)`, batches in order.
    Returns the new weights and each batch's (size, loss before its update)."""
    batch_losses = []
    for start in range(0, len(x), batch_size):
        xb, yb = x[start : start + batch_size], y[start : start + batch_size]
        weight = np.ones(len(xb)) if sample_weight is None else sample_weight[start:][: len(xb)]
        error = xb @ w + b - yb
        batch_losses.append((len(xb), np.mean(np.mean(error**2, axis=-1) * weight)))
        grad_error = 2.0 * error * weight[:, None] / error.size
        w = w - learning_rate * xb.T @ grad_error
        b = b - learning_rate * grad_error.sum(axis=0)
    return w, b, batch_losses


def _weighted_mean(batch_losses):
    sizes, losses = np.array(batch_losses).T
    return np.sum(sizes * losses) / np.sum(sizes)


class _EpochLogs(lamina.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.logs = {}

    def on_epoch_end(self, epoch, logs=None):
        self.logs[epoch] = dict(logs or {})


def test_loss_decreases_on_a_learnable_task():
    x, y = _regression(n=32)
    model = _linear_model()
    model.compile(optimizer=lamina.optimizers.SGD(0.05), loss="mse")
    history = model.fit(x, y, batch_size=8, epochs=6, verbose=0)
    losses = history.history["loss"]
    assert all(later < earlier for earlier, later in zip(losses, losses[1:]))
    assert losses[-1] < 0.1 * losses[0]


def test_unshuffled_epoch_is_hand_rolled_sgd_with_partial_batch():
    x, y = _regression(n=10)
    model = _linear_model()
    w, b = model.get_weights()
    model.compile(optimizer=lamina.optimizers.SGD(0.1), loss="mse")
    history = model.fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0)
    expected_w, expected_b, batch_losses = _sgd_epoch(x, y, w, b, 4, 0.1)
    assert [size for size, _ in batch_losses] == [4, 4, 2]
    assert int(model.optimizer.iterations) == 3
    new_w, new_b = model.get_weights()
    np.testing.assert_allclose(new_w, expected_w, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(new_b, expected_b, rtol=1e-5, atol=1e-6)
    # The epoch's loss is the batch-size-weighted mean of the batch losses.
    np.testing.assert_allclose(history.history["loss"][0], _weighted_mean(batch_losses), rtol=1e-5)


def test_sample_weight_follows_the_formula_in_training():
    x, y = _regression(n=6)
    sample_weight = RNG.uniform(0.5, 2.0, size=(6,)).astype("float32")
    model = _linear_model()
    w, b = model.get_weights()
    model.compile(optimizer=lamina.optimizers.SGD(0.1), loss="mse")
    history = model.fit(x, y, sample_weight=sample_weight, batch_size=4, shuffle=False, verbose=0)
    expected_w, expected_b, batch_losses = _sgd_epoch(x, y, w, b, 4, 0.1, sample_weight)
    np.testing.assert_allclose(model.get_weights()[0], expected_w, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(model.get_weights()[1], expected_b, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(history.history["loss"][0], _weighted_mean(batch_losses), rtol=1e-5)


def test_class_weight_scales_each_sample_loss():
    x = RNG.normal(size=(12, 3)).astype("float32")
    labels = RNG.integers(0, 3, size=(12,))
    labels[:3] = [0, 1, 2]
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(3)])
    model.compile(
        optimizer=lamina.optimizers.SGD(0.0),
        loss=lamina.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    class_weight = {0: 1.0, 1: 3.0, 2: 0.5}
    history = model.fit(x, labels, batch_size=4, class_weight=class_weight, verbose=0)
    w, b = model.get_weights()
    logits = x @ w + b
    log_probabilities = logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True))
    per_sample = -log_probabilities[np.arange(12), labels]
    weights = np.array([class_weight[c] for c in labels])
    # sum_over_batch_size per batch, batch-size-weighted over the epoch: sum(l * w) / n.
    expected = np.sum(per_sample * weights) / 12
    np.testing.assert_allclose(history.history["loss"][0], expected, rtol=1e-5)
    assert not np.isclose(expected, per_sample.mean(), rtol=1e-3)


def test_history_keys_and_lengths():
    x, y = _regression(n=12)
    model = _linear_model()
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    history = model.fit(x, y, epochs=3, validation_data=(x, y), batch_size=4, verbose=0)
    assert sorted(history.history) == ["loss", "mae", "val_loss", "val_mae"]
    assert all(len(values) == 3 for values in history.history.values())
    assert all(isinstance(v, float) for values in history.history.values() for v in values)
    assert history.epoch == [0, 1, 2]
    assert model.history is history


def test_validation_split_takes_the_last_fraction():
    # A zero model that does not learn: the loss is mean(y ** 2) of each part. The tail of
    # the data is distinctive (targets 10), so the split shows which samples it took.
    x = RNG.normal(size=(20, 3)).astype("float32")
    y = np.ones((20, 1), "float32")
    y[-5:] = 10.0
    model = _linear_model(zero=True)
    model.compile(optimizer=lamina.optimizers.SGD(0.0), loss="mse")
    history = model.fit(x, y, validation_split=0.25, batch_size=4, epochs=2, verbose=0)
    np.testing.assert_allclose(history.history["loss"], [1.0, 1.0], rtol=1e-6)
    np.testing.assert_allclose(history.history["val_loss"], [100.0, 100.0], rtol=1e-6)


def test_validation_data_with_sample_weights():
    # validation_data as a 2-tuple: test_history_keys_and_lengths; here the 3-tuple.
    x, y = _regression(n=8)
    x_val, y_val = _regression(n=6)
    weights_val = RNG.uniform(0.5, 2.0, size=(6,)).astype("float32")
    model = _linear_model()
    model.compile(optimizer=lamina.optimizers.SGD(0.01), loss="mse")
    history = model.fit(x, y, validation_data=(x_val, y_val, weights_val), verbose=0)
    w, b = model.get_weights()  # The validation runs after the epoch's training.
    per_sample = np.mean((x_val @ w + b - y_val) ** 2, axis=-1)
    expected = np.mean(per_sample * weights_val)
    np.testing.assert_allclose(history.history["val_loss"][0], expected, rtol=1e-5)
    assert not np.isclose(expected, per_sample.mean(), rtol=1e-3)


def test_validation_freq_validates_every_nth_epoch():
    x, y = _regression(n=8)
    model = _linear_model()
    model.compile(optimizer="sgd", loss="mse")
    recorder = _EpochLogs()
    history = model.fit(
        x, y, epochs=4, validation_data=(x, y), validation_freq=2, verbose=0, callbacks=[recorder]
    )
    validated = [epoch for epoch, logs in recorder.logs.items() if "val_loss" in logs]
    assert validated == [1, 3]
    assert len(history.history["loss"]) == 4
    assert len(history.history["val_loss"]) == 2


def test_initial_epoch_starts_the_count():
    x, y = _regression(n=8)
    model = _linear_model()
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(x, y, epochs=5, initial_epoch=2, batch_size=4, verbose=0)
    assert history.epoch == [2, 3, 4]
    assert len(history.history["loss"]) == 3
    assert int(model.optimizer.iterations) == 6


def test_seeded_shuffle_repeats_and_differs_from_no_shuffle():
    x, y = _regression(n=12)
    start = _linear_model().get_weights()

    def train(shuffle):
        lamina.utils.set_random_seed(3)
        model = _linear_model()
        model.set_weights(start)
        model.compile(optimizer=lamina.optimizers.SGD(0.1), loss="mse")
        history = model.fit(x, y, batch_size=4, epochs=2, shuffle=shuffle, verbose=0)
        return model.get_weights(), history.history["loss"]

    (w1, b1), loss1 = train(True)
    (w2, b2), loss2 = train(True)
    (w3, _), _ = train(False)
    np.testing.assert_array_equal(w1, w2)
    np.testing.assert_array_equal(b1, b2)
    assert loss1 == loss2
    assert not np.allclose(w1, w3, rtol=1e-4)


def test_steps_per_epoch_with_arrays():
    # 4 batches a pass, 2 steps an epoch: epochs 0 and 1 share a pass, epoch 2 starts a new one.
    x, y = _regression(n=16)
    model = _linear_model()
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(x, y, batch_size=4, epochs=3, steps_per_epoch=2, verbose=0)
    assert len(history.history["loss"]) == 3
    assert int(model.optimizer.iterations) == 6


class _BatchIndices(lamina.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.begin, self.end = [], []

    def on_train_batch_begin(self, batch, logs=None):
        self.begin.append(batch)

    def on_train_batch_end(self, batch, logs=None):
        self.end.append(batch)


def test_steps_per_execution_gives_the_same_weights():
    x, y = _regression(n=10)
    model = _linear_model()
    w, b = model.get_weights()
    model.compile(optimizer=lamina.optimizers.SGD(0.1), loss="mse", steps_per_execution=3)
    indices = _BatchIndices()
    history = model.fit(x, y, batch_size=2, epochs=2, shuffle=False, verbose=0, callbacks=[indices])
    assert int(model.optimizer.iterations) == 10
    for epoch in range(2):
        w, b, batch_losses = _sgd_epoch(x, y, w, b, 2, 0.1)
        np.testing.assert_allclose(
            history.history["loss"][epoch], _weighted_mean(batch_losses), rtol=1e-5
        )
    np.testing.assert_allclose(model.get_weights()[0], w, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(model.get_weights()[1], b, rtol=1e-5, atol=1e-6)
    # Five batches an epoch, run 3 + 2: batch_end names the last batch of each group.
    assert indices.begin == [0, 3, 0, 3]
    assert indices.end == [2, 4, 2, 4]


@pytest.mark.skipif(BACKEND != "torch", reason="torch.compile is the torch backend's jit")
# torch.compile's lazy imports of inductor warn about torch's own deprecated torch.jit use.
@pytest.mark.filterwarnings("ignore:`torch.jit.script_method` is deprecated:DeprecationWarning")
def test_torch_jit_compile_matches_the_eager_step():
    from torch._dynamo.utils import counters

    x, y = _regression(n=8)
    start = _linear_model().get_weights()
    results = []
    for jit_compile in (False, True):
        model = lamina.Sequential(
            [lamina.Input((3,)), layers.Dense(1, activity_regularizer=lamina.regularizers.L2(0.1))]
        )
        model.set_weights(start)
        model.compile(optimizer=lamina.optimizers.SGD(0.1), loss="mse", jit_compile=jit_compile)
        assert model.jit_compile is jit_compile
        counters.clear()
        # Few steps of one batch size: torch.compile takes seconds per graph here.
        history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
        results.append((model.get_weights(), history.history["loss"]))
    # Six steps, compiled once: the graph up to backward() and the one after it (a step that
    # changed what the step reads, e.g. a counter, would recompile each time).
    assert counters["stats"]["unique_graphs"] == 2
    (eager_w, eager_b), eager_loss = results[0]
    (compiled_w, compiled_b), compiled_loss = results[1]
    assert not np.allclose(compiled_w, start[0])
    np.testing.assert_allclose(compiled_w, eager_w, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(compiled_b, eager_b, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(compiled_loss, eager_loss, rtol=1e-5)


@pytest.mark.skipif(BACKEND != "jax", reason="jax jits its step unless run_eagerly")
def test_jax_run_eagerly_matches_jit():
    x, y = _regression(n=10)
    start = _linear_model().get_weights()
    results = []
    for run_eagerly in (False, True):
        model = _linear_model()
        model.set_weights(start)
        model.compile(optimizer=lamina.optimizers.SGD(0.1), loss="mse", run_eagerly=run_eagerly)
        # Eager jax compiles each op for each new shape: equal batches keep that short.
        history = model.fit(x, y, batch_size=5, epochs=2, shuffle=False, verbose=0)
        results.append((model.get_weights(), history.history["loss"]))
    (jit_w, jit_b), jit_loss = results[0]
    (eager_w, eager_b), eager_loss = results[1]
    np.testing.assert_allclose(eager_w, jit_w, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(eager_b, jit_b, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(eager_loss, jit_loss, rtol=1e-5)


@pytest.mark.skipif(BACKEND != "torch", reason="only eager (torch) steps defer their results")
def test_results_are_computed_only_when_a_callback_keeps_batch_logs():
    x, y = _regression(n=8)
    model = _linear_model()
    model.compile(optimizer=lamina.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
    calls = []
    compute = model.get_metrics_result
    model.get_metrics_result = lambda: calls.append(1) or compute()
    history = model.fit(x, y, batch_size=2, epochs=2, verbose=0)
    assert len(calls) == 2  # Once per epoch end; none for the 8 steps.
    kept = []

    class KeepLogs(lamina.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            kept.append(logs)

    calls.clear()
    model.fit(x, y, batch_size=2, epochs=1, verbose=0, callbacks=[KeepLogs()])
    assert len(calls) == 4 + 1
    # A callback keeping logs gets each step's own values, not later ones.
    assert type(kept[0]) is dict and kept[0]["loss"] != kept[-1]["loss"]
    assert history.history["mae"][0] > 0
