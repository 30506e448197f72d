"""TerminateOnNaN: training stops at the first batch whose loss is NaN or infinite."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina.callbacks import Callback, TerminateOnNaN
from tests.conftest import BACKEND

RNG = np.random.default_rng(0)
needs_training = pytest.mark.skipif(
    BACKEND not in ("torch", "jax"), reason="numpy backend is inference-only"
)


class _Batches(Callback):
    def __init__(self) -> None:
        super().__init__()
        self.batches: list[tuple[int, int]] = []
        self.ended = False

    def on_train_batch_end(self, batch, logs=None):
        self.batches.append((len(self.batches), batch))

    def on_train_end(self, logs=None):
        self.ended = True


def _fit(y: np.ndarray, *callbacks: Callback) -> lamina.callbacks.History:
    model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(1)])
    model.compile(optimizer=lamina.optimizers.SGD(0.01), loss="mse")
    x = RNG.normal(size=(len(y), 3)).astype("float32")
    return model.fit(
        x, y, batch_size=2, epochs=3, shuffle=False, verbose=0, callbacks=list(callbacks)
    )


@needs_training
def test_nan_target_stops_training_at_its_batch(capsys):
    y = RNG.normal(size=(10, 1)).astype("float32")
    y[5] = np.nan  # In batch 2 (batch_size=2, no shuffling).
    batches = _Batches()
    history = _fit(y, TerminateOnNaN(), batches)
    assert capsys.readouterr().out == "Batch 2: Invalid loss, terminating training\n"
    assert [batch for _, batch in batches.batches] == [0, 1, 2]
    assert history.epoch == [0]
    assert np.isnan(history.history["loss"][0])
    assert batches.ended


@needs_training
def test_infinite_loss_stops_training(capsys):
    y = np.full((6, 1), 1e30, "float32")  # Squared, it overflows float32.
    batches = _Batches()
    _fit(y, TerminateOnNaN(), batches)
    assert capsys.readouterr().out == "Batch 0: Invalid loss, terminating training\n"
    assert len(batches.batches) == 1


@needs_training
def test_finite_losses_do_not_stop_training():
    y = RNG.normal(size=(6, 1)).astype("float32")
    history = _fit(y, TerminateOnNaN())
    assert history.epoch == [0, 1, 2]


@needs_training
def test_raise_error_raises_and_skips_on_train_end():
    y = RNG.normal(size=(6, 1)).astype("float32")
    y[3] = np.nan
    batches = _Batches()
    with pytest.raises(RuntimeError, match=r"TerminateOnNaN: the loss is nan at batch 1"):
        _fit(y, TerminateOnNaN(raise_error=True), batches)
    assert not batches.ended


def test_checks_engine_scalars_and_ignores_logs_without_loss(capsys):
    model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(1)])
    model.stop_training = False
    callback = TerminateOnNaN()
    callback.set_model(model)
    callback.on_train_batch_end(0, {"accuracy": float("nan")})
    callback.on_train_batch_end(1, {"loss": lamina.ops.convert_to_tensor(np.float32(0.5))})
    assert not model.stop_training
    callback.on_train_batch_end(2, {"loss": lamina.ops.convert_to_tensor(np.float32(np.inf))})
    assert model.stop_training
    assert capsys.readouterr().out == "Batch 2: Invalid loss, terminating training\n"
