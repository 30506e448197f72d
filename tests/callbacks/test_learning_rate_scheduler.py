"""LearningRateScheduler: the rate set at each epoch, on direct hook calls and in fit."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina.callbacks import LearningRateScheduler
from tests.conftest import BACKEND

needs_training = pytest.mark.skipif(
    BACKEND not in ("torch", "jax"), reason="numpy backend is inference-only"
)


def _compiled_model(learning_rate: float = 0.1) -> lamina.Model:
    model = lamina.Sequential([lamina.Input((1,)), lamina.layers.Dense(1, use_bias=False)])
    model.compile(optimizer=lamina.optimizers.SGD(learning_rate), loss="mse")
    return model


def _rates(callback: LearningRateScheduler, epochs: int) -> tuple[list[float], list[float]]:
    """Runs the epoch hooks; returns the optimizer's rate after each on_epoch_begin and the
    rate logged at each epoch end."""
    model = _compiled_model()
    callback.set_model(model)
    set_rates, logged = [], []
    for epoch in range(epochs):
        callback.on_epoch_begin(epoch)
        set_rates.append(float(model.optimizer.learning_rate.numpy()))
        logs: dict = {}
        callback.on_epoch_end(epoch, logs)
        logged.append(logs["learning_rate"])
    return set_rates, logged


def test_schedule_of_epoch_only():
    set_rates, logged = _rates(LearningRateScheduler(lambda epoch: 0.1 / (epoch + 1)), 4)
    expected = [0.1, 0.05, 0.1 / 3, 0.025]
    np.testing.assert_allclose(set_rates, expected, rtol=1e-6)
    np.testing.assert_allclose(logged, expected, rtol=1e-6)


def test_schedule_of_epoch_and_current_rate():
    def halve_after_first(epoch, learning_rate):
        return learning_rate if epoch == 0 else learning_rate * 0.5

    set_rates, _ = _rates(LearningRateScheduler(halve_after_first), 4)
    np.testing.assert_allclose(set_rates, [0.1, 0.05, 0.025, 0.0125], rtol=1e-6)


def test_schedule_may_return_numpy_and_engine_scalars():
    values = [np.float32(0.2), lamina.ops.convert_to_tensor(0.3), 1]
    set_rates, _ = _rates(LearningRateScheduler(lambda epoch: values[epoch]), 3)
    np.testing.assert_allclose(set_rates, [0.2, 0.3, 1.0], rtol=1e-6)


def test_verbose_prints_the_rate(capsys):
    callback = LearningRateScheduler(lambda epoch: 0.5, verbose=1)
    _rates(callback, 1)
    assert "Epoch 1: LearningRateScheduler setting learning rate to 0.5." in capsys.readouterr().out


def test_rejects_schedule_results_that_are_not_numbers():
    callback = LearningRateScheduler(lambda epoch: "0.1")
    callback.set_model(_compiled_model())
    with pytest.raises(ValueError, match=r"schedule must return a float.*received '0.1'"):
        callback.on_epoch_begin(0)
    callback = LearningRateScheduler(lambda epoch: [0.1, 0.2])
    callback.set_model(_compiled_model())
    with pytest.raises(ValueError, match=r"schedule must return a float"):
        callback.on_epoch_begin(0)


def test_rejects_a_schedule_that_is_not_callable():
    with pytest.raises(TypeError, match=r"schedule must be a function.*received 0.1"):
        LearningRateScheduler(0.1)


def test_needs_a_compiled_model():
    callback = LearningRateScheduler(lambda epoch: 0.1)
    callback.set_model(lamina.Sequential([lamina.Input((1,)), lamina.layers.Dense(1)]))
    with pytest.raises(ValueError, match=r"LearningRateScheduler .* Call model.compile"):
        callback.on_epoch_begin(0)


class _KernelRecorder(lamina.callbacks.Callback):
    def __init__(self) -> None:
        super().__init__()
        self.kernels: list[float] = []

    def on_epoch_end(self, epoch, logs=None):
        self.kernels.append(float(self.model.get_weights()[0][0, 0]))


@needs_training
def test_fit_trains_each_epoch_with_the_scheduled_rate():
    # loss = w**2 for x = 1, y = 0: one SGD step multiplies w by (1 - 2 * learning_rate).
    schedule = [0.1, 0.05, 0.2, 0.0]
    model = _compiled_model(learning_rate=0.3)
    model.set_weights([np.ones((1, 1), "float32")])
    recorder = _KernelRecorder()
    callbacks = [LearningRateScheduler(lambda epoch, lr: schedule[epoch]), recorder]
    x = np.ones((4, 1), "float32")
    y = np.zeros((4, 1), "float32")
    history = model.fit(x, y, batch_size=4, epochs=4, verbose=0, callbacks=callbacks)
    np.testing.assert_allclose(history.history["learning_rate"], schedule, rtol=1e-6)
    kernels = [1.0] + recorder.kernels
    ratios = [after / before for before, after in zip(kernels, kernels[1:])]
    np.testing.assert_allclose(ratios, [1 - 2 * rate for rate in schedule], rtol=1e-5)
