"""EarlyStopping: the stopping rule on scripted logs, and real fit runs."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest

import lamina
from lamina.callbacks import EarlyStopping, monitor_utils
from tests.conftest import BACKEND

RNG = np.random.default_rng(0)
needs_training = pytest.mark.skipif(
    BACKEND not in ("torch", "jax"), reason="numpy backend is inference-only"
)


def _model() -> lamina.Model:
    return lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(2)])


def _run(callback: EarlyStopping, values: list[float], key: str = "loss") -> list[int]:
    """Feeds `values` as `logs[key]` epoch by epoch until the callback stops training;
    returns the epochs that ran."""
    model = _model()
    callback.set_model(model)
    callback.on_train_begin()
    ran = []
    for epoch, value in enumerate(values):
        ran.append(epoch)
        callback.on_epoch_end(epoch, {key: value})
        if model.stop_training:
            break
    callback.on_train_end()
    return ran


def test_stops_after_patience_epochs_without_improvement():
    callback = EarlyStopping(monitor="loss", patience=2)
    ran = _run(callback, [1.0, 0.8, 0.7, 0.75, 0.72, 0.5])
    assert ran == [0, 1, 2, 3, 4]
    assert callback.stopped_epoch == 4
    assert callback.best == 0.7
    assert callback.best_epoch == 2
    assert callback.wait == 2


def test_patience_zero_stops_at_first_epoch_without_improvement():
    callback = EarlyStopping(monitor="loss")
    assert _run(callback, [1.0, 0.9, 0.9, 0.1]) == [0, 1, 2]
    assert callback.stopped_epoch == 2


def test_runs_every_epoch_while_improving():
    callback = EarlyStopping(monitor="loss", patience=1)
    assert _run(callback, [5.0, 4.0, 3.0, 2.0]) == [0, 1, 2, 3]
    assert callback.stopped_epoch == 0
    assert callback.wait == 0


def test_auto_mode_maximizes_accuracy():
    callback = EarlyStopping(monitor="val_accuracy", patience=1)
    ran = _run(callback, [0.5, 0.6, 0.55, 0.9], key="val_accuracy")
    assert ran == [0, 1, 2]
    assert callback.best == 0.6


def test_max_mode_for_any_name():
    callback = EarlyStopping(monitor="score", mode="max", patience=1)
    assert _run(callback, [1.0, 2.0, 1.5], key="score") == [0, 1, 2]
    assert callback.best == 2.0


def test_min_delta_ignores_small_improvements():
    callback = EarlyStopping(monitor="loss", patience=1, min_delta=0.1)
    # 0.95 beats 1.0 by less than min_delta: no improvement.
    assert _run(callback, [1.0, 0.95, 0.5]) == [0, 1]
    assert callback.best == 1.0
    negative = EarlyStopping(monitor="loss", min_delta=-0.1)
    assert negative.min_delta == 0.1


def test_baseline_never_reached_stops_after_patience():
    callback = EarlyStopping(monitor="loss", patience=2, baseline=0.5)
    # Epochs 0 and 1 improve but miss the baseline, so the count of waiting epochs goes on.
    assert _run(callback, [1.0, 0.9, 0.95, 0.97, 0.3]) == [0, 1, 2]
    assert callback.best == 0.9
    assert callback.stopped_epoch == 2


def test_baseline_reached_resets_wait():
    callback = EarlyStopping(monitor="loss", patience=2, baseline=0.5)
    assert _run(callback, [1.0, 0.4, 0.45, 0.3, 0.35, 0.36]) == [0, 1, 2, 3, 4, 5]
    assert callback.best == 0.3
    assert callback.stopped_epoch == 5


def test_start_from_epoch_ignores_warm_up():
    callback = EarlyStopping(monitor="loss", patience=0, start_from_epoch=2)
    # Epochs 0 and 1 get worse but are not watched.
    assert _run(callback, [1.0, 2.0, 3.0, 2.5, 2.6]) == [0, 1, 2, 3, 4]
    assert callback.best == 2.5
    assert callback.stopped_epoch == 4


def test_reused_instance_starts_fresh():
    callback = EarlyStopping(monitor="loss", patience=0)
    _run(callback, [1.0, 2.0])
    assert callback.stopped_epoch == 1
    assert _run(callback, [5.0, 4.0, 3.0]) == [0, 1, 2]
    assert callback.stopped_epoch == 0
    assert callback.best == 3.0


def test_missing_monitor_warns_with_available_keys():
    callback = EarlyStopping(monitor="val_loss")
    callback.set_model(_model())
    callback.on_train_begin()
    with pytest.warns(UserWarning, match=r"'val_loss'.*Available keys: accuracy, loss"):
        callback.on_epoch_end(0, {"loss": 1.0, "accuracy": 0.5})
    assert callback.wait == 0


def test_restores_best_weights_from_scripted_epochs():
    model = _model()
    callback = EarlyStopping(monitor="loss", patience=1, restore_best_weights=True)
    callback.set_model(model)
    callback.on_train_begin()
    per_epoch = []
    for epoch, loss in enumerate([1.0, 0.5, 0.7, 0.6]):
        weights = [RNG.normal(size=w.shape).astype("float32") for w in model.get_weights()]
        model.set_weights(weights)
        per_epoch.append(weights)
        callback.on_epoch_end(epoch, {"loss": loss})
        if model.stop_training:
            break
    callback.on_train_end()
    assert callback.stopped_epoch == 2
    for restored, expected in zip(model.get_weights(), per_epoch[1]):
        np.testing.assert_array_equal(restored, expected)


def test_verbose_prints_stop_and_restore(capsys):
    callback = EarlyStopping(monitor="loss", verbose=1, restore_best_weights=True)
    _run(callback, [1.0, 2.0])
    printed = capsys.readouterr().out
    assert "Epoch 2: early stopping" in printed
    assert "best epoch: 1." in printed


def test_resolve_direction_follows_model_metric():
    up = SimpleNamespace(name="hits", _direction="up")
    compiled = SimpleNamespace(metric_list=[up])
    model = SimpleNamespace(metrics=[SimpleNamespace(name="loss"), compiled])
    assert monitor_utils.resolve_direction("val_hits", "auto", model) == "max"
    assert monitor_utils.resolve_direction("val_hits", "auto", None) == "min"
    assert monitor_utils.resolve_direction("val_auc", "auto", None) == "max"
    assert monitor_utils.resolve_direction("accuracy", "min", None) == "min"
    assert monitor_utils.initial_best("max") == -math.inf


def test_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"mode must be one of 'auto', 'min' or 'max'"):
        EarlyStopping(mode="lowest")
    with pytest.raises(ValueError, match=r"patience must be an int >= 0, received -1"):
        EarlyStopping(patience=-1)
    with pytest.raises(ValueError, match=r"start_from_epoch must be an int >= 0"):
        EarlyStopping(start_from_epoch=1.5)
    with pytest.raises(TypeError, match=r"monitor must be a non-empty str"):
        EarlyStopping(monitor=None)


# -- real fit runs ------------------------------------------------------------------------------
class _ScriptedScore(lamina.callbacks.Callback):
    """Puts `scores[epoch]` in the logs as "score" and records the weights of every epoch."""

    def __init__(self, scores: list[float]) -> None:
        super().__init__()
        self.scores = scores
        self.weights: list[list[np.ndarray]] = []

    def on_epoch_end(self, epoch, logs=None):
        logs["score"] = self.scores[epoch]
        self.weights.append(self.model.get_weights())


def _fit(callbacks: list, epochs: int, learning_rate: float = 0.05) -> lamina.callbacks.History:
    x = RNG.normal(size=(16, 3)).astype("float32")
    y = RNG.normal(size=(16, 2)).astype("float32")
    model = _model()
    model.compile(optimizer=lamina.optimizers.SGD(learning_rate), loss="mse")
    return model.fit(
        x, y, batch_size=8, epochs=epochs, verbose=0, callbacks=callbacks, shuffle=False
    )


@needs_training
def test_fit_stops_when_loss_is_flat():
    callback = EarlyStopping(monitor="loss", patience=2)
    history = _fit([callback], epochs=10, learning_rate=0.0)
    assert len(history.history["loss"]) == 3
    assert callback.stopped_epoch == 2


@needs_training
def test_fit_restores_best_epoch_weights_when_stopped():
    script = _ScriptedScore([0.1, 0.3, 0.2, 0.25, 0.9, 0.9])
    callback = EarlyStopping(monitor="score", mode="max", patience=2, restore_best_weights=True)
    history = _fit([script, callback], epochs=6)
    assert history.epoch == [0, 1, 2, 3]
    assert callback.stopped_epoch == 3
    final = callback._model.get_weights()
    assert not np.allclose(script.weights[1][0], script.weights[3][0])
    for restored, expected in zip(final, script.weights[1]):
        np.testing.assert_array_equal(restored, expected)


@needs_training
def test_fit_restores_best_weights_when_epochs_run_out():
    script = _ScriptedScore([0.5, 0.2, 0.4, 0.3])
    callback = EarlyStopping(monitor="score", mode="min", patience=5, restore_best_weights=True)
    history = _fit([script, callback], epochs=4)
    assert history.epoch == [0, 1, 2, 3]
    assert callback.stopped_epoch == 0
    for restored, expected in zip(callback._model.get_weights(), script.weights[1]):
        np.testing.assert_array_equal(restored, expected)
