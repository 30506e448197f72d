"""SwapEMAWeights: the moving averages go into the model for evaluation and come back out."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina.callbacks import SwapEMAWeights
from tests.conftest import BACKEND

RNG = np.random.default_rng(0)
needs_training = pytest.mark.skipif(
    BACKEND not in ("torch", "jax"), reason="numpy backend is inference-only"
)


def _model(use_ema: bool = True) -> lamina.Model:
    model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(2)])
    optimizer = lamina.optimizers.SGD(0.1, use_ema=use_ema, ema_momentum=0.9)
    model.compile(optimizer=optimizer, loss="mse")
    return model


def _trained_model() -> lamina.Model:
    """A model whose weights and moving averages differ after a few optimizer steps."""
    model = _model()
    for _ in range(3):
        grads = [RNG.normal(size=v.shape).astype("float32") for v in model.trainable_variables]
        model.optimizer.apply(grads, model.trainable_variables)
    return model


def _averages(model: lamina.Model) -> list[np.ndarray]:
    return [v.numpy() for v in model.optimizer._model_variables_moving_average]


def _assert_weights(model: lamina.Model, expected: list[np.ndarray]) -> None:
    for actual, wanted in zip(model.get_weights(), expected):
        np.testing.assert_array_equal(actual, wanted)


def test_evaluation_sees_averages_then_trained_weights():
    model = _trained_model()
    trained, averages = model.get_weights(), _averages(model)
    assert not np.allclose(trained[0], averages[0])
    callback = SwapEMAWeights()
    callback.set_model(model)
    callback.on_test_begin()
    _assert_weights(model, averages)
    callback.on_test_end()
    _assert_weights(model, trained)
    for kept, before in zip(_averages(model), averages):
        np.testing.assert_array_equal(kept, before)


def test_predict_sees_averages_then_trained_weights():
    model = _trained_model()
    trained, averages = model.get_weights(), _averages(model)
    callback = SwapEMAWeights()
    callback.set_model(model)
    callback.on_predict_begin()
    _assert_weights(model, averages)
    callback.on_predict_end()
    _assert_weights(model, trained)


def test_swap_on_epoch_keeps_averages_until_next_epoch():
    model = _trained_model()
    trained, averages = model.get_weights(), _averages(model)
    callback = SwapEMAWeights(swap_on_epoch=True)
    callback.set_model(model)
    callback.on_epoch_end(0)
    _assert_weights(model, averages)
    # An evaluation in between (e.g. by a later callback) leaves the averages in place.
    callback.on_test_begin()
    callback.on_test_end()
    _assert_weights(model, averages)
    callback.on_epoch_begin(1)
    _assert_weights(model, trained)


def test_without_swap_on_epoch_epoch_end_changes_nothing():
    model = _trained_model()
    trained = model.get_weights()
    callback = SwapEMAWeights()
    callback.set_model(model)
    callback.on_epoch_end(0)
    _assert_weights(model, trained)


def test_unbuilt_optimizer_swaps_nothing():
    model = _model()
    before = model.get_weights()
    callback = SwapEMAWeights()
    callback.set_model(model)
    callback.on_test_begin()
    callback.on_test_end()
    _assert_weights(model, before)


def test_needs_an_optimizer_with_use_ema():
    callback = SwapEMAWeights()
    callback.set_model(_model(use_ema=False))
    with pytest.raises(ValueError, match=r"SwapEMAWeights needs .* use_ema=False.*use_ema=True"):
        callback.on_test_begin()


class _Recorder(lamina.callbacks.Callback):
    """Records the model's weights and the optimizer's averages at hook calls."""

    def __init__(self) -> None:
        super().__init__()
        self.records: dict[str, list] = {"test_begin": [], "test_end": [], "epoch_end": []}

    def _record(self, hook: str) -> None:
        model = self.model
        self.records[hook].append((model.get_weights(), _averages(model)))

    def on_test_begin(self, logs=None):
        self._record("test_begin")

    def on_test_end(self, logs=None):
        self._record("test_end")

    def on_epoch_end(self, epoch, logs=None):
        self._record("epoch_end")


def _data() -> tuple[np.ndarray, ...]:
    x = RNG.normal(size=(16, 3)).astype("float32")
    y = RNG.normal(size=(16, 2)).astype("float32")
    return x[:12], y[:12], x[12:], y[12:]


@needs_training
def test_fit_validates_with_the_averages():
    x, y, x_val, y_val = _data()
    model = _model()
    recorder = _Recorder()
    history = model.fit(
        x,
        y,
        batch_size=4,
        epochs=3,
        verbose=0,
        validation_data=(x_val, y_val),
        callbacks=[SwapEMAWeights(), recorder],
    )
    records = recorder.records
    for epoch in range(3):
        weights, averages = records["test_begin"][epoch]
        for weight, average in zip(weights, averages):
            np.testing.assert_array_equal(weight, average)
        kernel, bias = weights
        val_loss = np.mean((x_val @ kernel + bias - y_val) ** 2)
        np.testing.assert_allclose(history.history["val_loss"][epoch], val_loss, rtol=1e-5)
        trained_after_test = records["test_end"][epoch][0]
        trained_at_epoch_end = records["epoch_end"][epoch][0]
        assert not np.allclose(trained_after_test[0], kernel)
        for after_test, at_end in zip(trained_after_test, trained_at_epoch_end):
            np.testing.assert_array_equal(after_test, at_end)


@needs_training
def test_fit_swap_on_epoch_leaves_training_unchanged():
    x, y, _, _ = _data()
    plain, swapped = _model(), _model()
    swapped.set_weights(plain.get_weights())
    recorder = _Recorder()
    for model, callbacks in (
        (plain, []),
        (swapped, [SwapEMAWeights(swap_on_epoch=True), recorder]),
    ):
        model.fit(x, y, batch_size=4, epochs=3, verbose=0, shuffle=False, callbacks=callbacks)
    for weights, averages in recorder.records["epoch_end"]:
        for weight, average in zip(weights, averages):
            np.testing.assert_array_equal(weight, average)
    # The swaps put the trained weights back before every epoch: both runs end alike, with
    # the final averages in the model.
    for swapped_weight, plain_weight in zip(swapped.get_weights(), plain.get_weights()):
        np.testing.assert_allclose(swapped_weight, plain_weight, rtol=1e-6, atol=1e-7)
    _assert_weights(swapped, _averages(swapped))
