"""Callback, CallbackList and History as fit / evaluate / predict drive them."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina.callbacks import Callback, CallbackList, History
from tests.conftest import BACKEND

RNG = np.random.default_rng(0)
needs_training = pytest.mark.skipif(
    BACKEND not in ("torch", "jax"), reason="numpy backend is inference-only"
)
HOOKS = [name for name in vars(Callback) if name.startswith("on_")]


class _Recorder(Callback):
    """Records every hook call as (hook, epoch or batch, logs)."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple] = []


def _recording_hook(name: str):
    def hook(self, *args, **kwargs):
        self.calls.append((name, *args, *kwargs.values()))

    return hook


for _name in HOOKS:
    setattr(_Recorder, _name, _recording_hook(_name))


def _model() -> lamina.Model:
    model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(1)])
    model.compile(optimizer=lamina.optimizers.SGD(0.05), loss="mse", metrics=["mae"])
    return model


def _data(n: int) -> tuple[np.ndarray, np.ndarray]:
    return RNG.normal(size=(n, 3)).astype("float32"), RNG.normal(size=(n, 1)).astype("float32")


def _names(calls: list[tuple]) -> list[tuple]:
    return [call[:2] if len(call) > 2 else call[:1] for call in calls]


@needs_training
def test_fit_calls_every_hook_in_order():
    recorder = _Recorder()
    x, y = _data(10)
    _model().fit(
        x, y, batch_size=4, epochs=2, validation_data=_data(4), verbose=0, callbacks=[recorder]
    )
    epoch = []
    for index in range(2):
        epoch += [("on_epoch_begin", index)]
        for batch in range(3):
            epoch += [("on_train_batch_begin", batch), ("on_train_batch_end", batch)]
        epoch += [("on_test_begin",), ("on_test_batch_begin", 0), ("on_test_batch_end", 0)]
        epoch += [("on_test_end",), ("on_epoch_end", index)]
    assert _names(recorder.calls) == [("on_train_begin",), *epoch, ("on_train_end",)]


@needs_training
def test_fit_gives_params_and_the_model():
    recorder = _Recorder()
    model = _model()
    x, y = _data(10)
    model.fit(x, y, batch_size=4, epochs=3, verbose=0, callbacks=[recorder])
    assert {key: recorder.params[key] for key in ("epochs", "steps", "verbose")} == {
        "epochs": 3,
        "steps": 3,
        "verbose": 0,
    }
    assert recorder.model is model


@needs_training
def test_fit_logs_batch_running_means_and_epoch_floats():
    recorder = _Recorder()
    model = _model()
    x, y = _data(10)
    val = _data(4)
    model.fit(x, y, batch_size=4, epochs=1, validation_data=val, verbose=0, callbacks=[recorder])
    calls = {call[0]: call for call in recorder.calls}  # The last call of each hook.
    batch_logs = calls["on_train_batch_end"][2]
    epoch_logs = calls["on_epoch_end"][2]
    assert sorted(batch_logs) == ["loss", "mae"]
    assert sorted(epoch_logs) == ["loss", "mae", "val_loss", "val_mae"]
    assert all(type(value) is float for value in epoch_logs.values())
    # The last batch's running mean is the epoch's value.
    last_loss = float(lamina.ops.convert_to_numpy(batch_logs["loss"]))
    np.testing.assert_allclose(last_loss, epoch_logs["loss"], rtol=1e-6)
    # Validation runs with the weights at the end of the epoch.
    weights, bias = model.get_weights()
    error = val[0] @ weights + bias - val[1]
    np.testing.assert_allclose(epoch_logs["val_loss"], np.mean(error**2), rtol=1e-5)
    np.testing.assert_allclose(epoch_logs["val_mae"], np.mean(np.abs(error)), rtol=1e-5)
    assert calls["on_test_end"][1] == {"loss": epoch_logs["val_loss"], "mae": epoch_logs["val_mae"]}
    assert calls["on_train_end"][1] == epoch_logs


@needs_training
def test_initial_epoch_numbers_the_epochs():
    recorder = _Recorder()
    x, y = _data(4)
    history = _model().fit(x, y, epochs=4, initial_epoch=2, verbose=0, callbacks=[recorder])
    epochs = [call[1] for call in recorder.calls if call[0] == "on_epoch_begin"]
    assert epochs == [2, 3]
    assert history.epoch == [2, 3]


@needs_training
def test_a_callback_stops_training_after_the_current_batch():
    class StopAtBatch1(Callback):
        def on_train_batch_end(self, batch, logs=None):
            if batch == 1:
                self.model.stop_training = True

    recorder = _Recorder()
    x, y = _data(12)
    history = _model().fit(
        x, y, batch_size=2, epochs=5, verbose=0, callbacks=[StopAtBatch1(), recorder]
    )
    batches = [call[1] for call in recorder.calls if call[0] == "on_train_batch_end"]
    assert batches == [0, 1]
    assert history.epoch == [0]
    assert recorder.calls[-1][0] == "on_train_end"


@needs_training
def test_history_records_every_epoch_incl_validation():
    x, y = _data(8)
    model = _model()
    history = model.fit(x, y, batch_size=8, epochs=3, validation_data=_data(4), verbose=0)
    assert isinstance(history, History) and model.history is history
    assert history.epoch == [0, 1, 2]
    assert sorted(history.history) == ["loss", "mae", "val_loss", "val_mae"]
    assert all(len(values) == 3 for values in history.history.values())
    # One full batch per epoch: each epoch's loss is that of the weights before its step,
    # and full-batch gradient descent on a convex loss with a small step lowers it.
    assert history.history["loss"][2] < history.history["loss"][0]


@needs_training
def test_validation_freq_leaves_out_val_keys_in_other_epochs():
    x, y = _data(8)
    history = _model().fit(x, y, epochs=4, validation_data=_data(4), validation_freq=2, verbose=0)
    assert len(history.history["loss"]) == 4
    assert len(history.history["val_loss"]) == 2


@needs_training
def test_evaluate_calls_the_test_hooks():
    recorder = _Recorder()
    model = _model()
    x, y = _data(10)
    results = model.evaluate(x, y, batch_size=4, verbose=0, callbacks=[recorder], return_dict=True)
    expected = [("on_test_begin",)]
    for batch in range(3):
        expected += [("on_test_batch_begin", batch), ("on_test_batch_end", batch)]
    assert _names(recorder.calls) == [*expected, ("on_test_end",)]
    assert recorder.calls[-1][1] == results
    assert recorder.params["steps"] == 3


def test_predict_calls_the_predict_hooks_with_outputs():
    recorder = _Recorder()
    model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(2)])
    x = _data(10)[0]
    predictions = model.predict(x, batch_size=4, verbose=0, callbacks=[recorder])
    expected = [("on_predict_begin",)]
    for batch in range(3):
        expected += [("on_predict_batch_begin", batch), ("on_predict_batch_end", batch)]
    assert _names(recorder.calls) == [*expected, ("on_predict_end",)]
    batch_ends = [call[2] for call in recorder.calls if call[0] == "on_predict_batch_end"]
    outputs = [lamina.ops.convert_to_numpy(logs["outputs"]) for logs in batch_ends]
    np.testing.assert_allclose(np.concatenate(outputs), predictions, rtol=1e-6)


def test_callback_list_calls_batch_hooks_only_on_overriders():
    class EpochOnly(Callback):
        def on_epoch_end(self, epoch, logs=None):
            pass

    recorder = _Recorder()
    callbacks = CallbackList([EpochOnly(), recorder], epochs=1, steps=1)
    assert callbacks._batch_callbacks("on_train_batch_end") == [recorder]
    callbacks.on_train_batch_end(0, {"loss": 1.0})
    assert recorder.calls == [("on_train_batch_end", 0, {"loss": 1.0})]


def test_callback_list_adds_history_and_progbar_once():
    logger = lamina.callbacks.ProgbarLogger()
    callbacks = CallbackList([logger], add_history=True, add_progbar=True, verbose=1)
    names = [type(c).__name__ for c in callbacks.callbacks]
    assert names == ["ProgbarLogger", "History"]
    assert callbacks.callbacks[0] is logger and logger.params["verbose"] == 1


def test_callback_list_rejects_other_objects():
    with pytest.raises(TypeError, match=r"expected lamina.callbacks.Callback instances"):
        CallbackList([lambda logs: None])
