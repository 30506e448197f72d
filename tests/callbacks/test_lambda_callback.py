"""LambdaCallback: the functions given are called as the hooks."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina.callbacks import LambdaCallback
from tests.conftest import BACKEND

RNG = np.random.default_rng(0)
needs_training = pytest.mark.skipif(
    BACKEND not in ("torch", "jax"), reason="numpy backend is inference-only"
)


def _recorder(calls: list, name: str):
    return lambda *args: calls.append((name, *args[:-1]))


@needs_training
def test_fit_calls_the_given_functions_in_order():
    calls: list = []
    callback = LambdaCallback(
        on_epoch_begin=_recorder(calls, "epoch_begin"),
        on_epoch_end=_recorder(calls, "epoch_end"),
        on_train_begin=_recorder(calls, "train_begin"),
        on_train_end=_recorder(calls, "train_end"),
        on_train_batch_begin=_recorder(calls, "batch_begin"),
        on_train_batch_end=_recorder(calls, "batch_end"),
    )
    model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x = RNG.normal(size=(4, 3)).astype("float32")
    model.fit(x, x[:, :1], batch_size=2, epochs=2, verbose=0, callbacks=[callback])
    epoch = [("batch_begin", 0), ("batch_end", 0), ("batch_begin", 1), ("batch_end", 1)]
    assert calls == [
        ("train_begin",),
        ("epoch_begin", 0),
        *epoch,
        ("epoch_end", 0),
        ("epoch_begin", 1),
        *epoch,
        ("epoch_end", 1),
        ("train_end",),
    ]


@needs_training
def test_epoch_end_receives_the_epoch_logs():
    seen: list = []
    callback = LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(dict(logs)))
    model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x = RNG.normal(size=(4, 3)).astype("float32")
    history = model.fit(x, x[:, :1], epochs=2, verbose=0, callbacks=[callback])
    assert [logs["loss"] for logs in seen] == history.history["loss"]


def test_other_hooks_by_keyword_run_in_predict():
    calls: list = []
    callback = LambdaCallback(
        on_predict_begin=lambda logs: calls.append("begin"),
        on_predict_batch_end=lambda batch, logs: calls.append(logs["outputs"].shape),
        on_predict_end=lambda logs: calls.append("end"),
    )
    model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(2)])
    model.predict(np.ones((5, 3), "float32"), batch_size=3, verbose=0, callbacks=[callback])
    assert calls == ["begin", (3, 2), (2, 2), "end"]


def test_on_batch_end_means_the_training_batch_hook():
    seen: list = []
    callback = LambdaCallback(on_batch_end=lambda batch, logs: seen.append(batch))
    callbacks = lamina.callbacks.CallbackList([callback])
    callbacks.on_train_batch_end(4, {})
    assert seen == [4]


def test_hooks_not_given_do_nothing():
    callback = LambdaCallback()
    callback.on_epoch_end(0, {"loss": 1.0})
    callback.on_test_batch_end(0, {})
    assert callback.on_epoch_end.__func__ is lamina.callbacks.Callback.on_epoch_end


def test_rejects_unknown_hooks_and_non_callables():
    with pytest.raises(TypeError, match=r"unexpected keyword argument 'on_epoch_start'"):
        LambdaCallback(on_epoch_start=print)
    with pytest.raises(TypeError, match=r"`on_epoch_end` must be callable, received int"):
        LambdaCallback(on_epoch_end=3)
