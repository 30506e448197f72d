"""ReduceLROnPlateau: learning rates after plateaus and cooldowns, on scripted logs and in fit."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina.callbacks import ReduceLROnPlateau
from tests.conftest import BACKEND

needs_training = pytest.mark.skipif(
    BACKEND not in ("torch", "jax"), reason="numpy backend is inference-only"
)


def _compiled_model(learning_rate: float = 0.1) -> lamina.Model:
    model = lamina.Sequential([lamina.Input((1,)), lamina.layers.Dense(1, use_bias=False)])
    model.compile(optimizer=lamina.optimizers.SGD(learning_rate), loss="mse")
    return model


def _learning_rate(model: lamina.Model) -> float:
    return float(model.optimizer.learning_rate.numpy())


def _run(callback: ReduceLROnPlateau, values: list[float], key: str = "loss") -> list[float]:
    """Feeds `values` as `logs[key]`; returns the `learning_rate` logged at each epoch."""
    model = _compiled_model()
    callback.set_model(model)
    callback.on_train_begin()
    logged = []
    for epoch, value in enumerate(values):
        logs = {key: value}
        callback.on_epoch_end(epoch, logs)
        logged.append(logs["learning_rate"])
    return logged


def test_reduces_after_patience_with_cooldown_and_floor():
    callback = ReduceLROnPlateau(monitor="loss", factor=0.5, patience=2, cooldown=2, min_lr=0.02)
    losses = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6]
    logged = _run(callback, losses)
    # Reductions at the ends of epochs 2, 5 and 8 (the last one stops at min_lr); the two
    # cooldown epochs after each do not count towards patience.
    expected = [0.1] * 3 + [0.05] * 3 + [0.025] * 3 + [0.02] * 4
    np.testing.assert_allclose(logged, expected, rtol=1e-6)
    np.testing.assert_allclose(_learning_rate(callback._model), 0.02, rtol=1e-6)
    assert callback.best == 0.5
    assert callback.wait == 3  # min_lr reached: waiting goes on, nothing to reduce.
    assert not callback.in_cooldown()


def test_without_cooldown_reduces_every_patience_epochs():
    callback = ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1)
    logged = _run(callback, [1.0, 2.0, 2.0, 0.1, 2.0])
    np.testing.assert_allclose(logged, [0.1, 0.1, 0.05, 0.025, 0.025], rtol=1e-6)
    np.testing.assert_allclose(_learning_rate(callback._model), 0.0125, rtol=1e-6)


def test_auto_mode_maximizes_accuracy():
    callback = ReduceLROnPlateau(monitor="val_accuracy", patience=2)
    logged = _run(callback, [0.5, 0.4, 0.45, 0.6], key="val_accuracy")
    np.testing.assert_allclose(logged, [0.1, 0.1, 0.1, 0.01], rtol=1e-6)
    assert callback.best == 0.6


def test_min_delta_ignores_small_improvements():
    callback = ReduceLROnPlateau(monitor="loss", patience=1, min_delta=0.01)
    logged = _run(callback, [1.0, 0.995, 0.5])
    np.testing.assert_allclose(logged, [0.1, 0.1, 0.01], rtol=1e-6)


def test_missing_monitor_warns_and_still_logs_learning_rate():
    callback = ReduceLROnPlateau(monitor="val_loss", patience=0)
    callback.set_model(_compiled_model())
    logs = {"loss": 1.0}
    with pytest.warns(UserWarning, match=r"'val_loss'.*Available keys: learning_rate, loss"):
        callback.on_epoch_end(0, logs)
    np.testing.assert_allclose(logs["learning_rate"], 0.1, rtol=1e-6)
    np.testing.assert_allclose(_learning_rate(callback._model), 0.1, rtol=1e-6)


def test_needs_a_compiled_model():
    callback = ReduceLROnPlateau(monitor="loss")
    callback.set_model(lamina.Sequential([lamina.Input((1,)), lamina.layers.Dense(1)]))
    with pytest.raises(ValueError, match=r"ReduceLROnPlateau .* Call model.compile"):
        callback.on_epoch_end(0, {"loss": 1.0})


def test_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"factor must be a number in \[0, 1\).*factor=1.0"):
        ReduceLROnPlateau(factor=1.0)
    with pytest.raises(ValueError, match=r"patience must be an int >= 0"):
        ReduceLROnPlateau(patience=-2)
    with pytest.raises(ValueError, match=r"cooldown must be an int >= 0"):
        ReduceLROnPlateau(cooldown=0.5)
    with pytest.raises(ValueError, match=r"min_lr must be a number >= 0"):
        ReduceLROnPlateau(min_lr=-1.0)
    with pytest.raises(ValueError, match=r"mode must be one of"):
        ReduceLROnPlateau(mode="up")


class _FlatScore(lamina.callbacks.Callback):
    """Logs a constant "score" (a plateau) and records the kernel at every epoch end."""

    def __init__(self) -> None:
        super().__init__()
        self.kernels: list[float] = []

    def on_epoch_end(self, epoch, logs=None):
        logs["score"] = 1.0
        self.kernels.append(float(self.model.get_weights()[0][0, 0]))


@needs_training
def test_fit_trains_each_epoch_with_the_reduced_rate():
    # loss = w**2 for x = 1, y = 0: one SGD step multiplies w by (1 - 2 * learning_rate).
    model = _compiled_model(learning_rate=0.1)
    model.set_weights([np.ones((1, 1), "float32")])
    score = _FlatScore()
    callback = ReduceLROnPlateau(monitor="score", factor=0.5, patience=1, verbose=1)
    x = np.ones((4, 1), "float32")
    y = np.zeros((4, 1), "float32")
    history = model.fit(x, y, batch_size=4, epochs=5, verbose=0, callbacks=[score, callback])
    expected_rates = [0.1, 0.1, 0.05, 0.025, 0.0125]
    np.testing.assert_allclose(history.history["learning_rate"], expected_rates, rtol=1e-6)
    kernels = [1.0] + score.kernels
    ratios = [after / before for before, after in zip(kernels, kernels[1:])]
    np.testing.assert_allclose(ratios, [1 - 2 * rate for rate in expected_rates], rtol=1e-5)
    np.testing.assert_allclose(_learning_rate(model), 0.00625, rtol=1e-6)
