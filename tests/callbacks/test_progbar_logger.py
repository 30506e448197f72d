"""ProgbarLogger: what fit / evaluate / predict print, and when metric values are read."""

from __future__ import annotations

import io
import re
import sys
import types

import numpy as np
import pytest

import lamina
from lamina.callbacks import ProgbarLogger
from lamina.utils import progbar as progbar_module
from tests.conftest import BACKEND

RNG = np.random.default_rng(0)
needs_training = pytest.mark.skipif(
    BACKEND not in ("torch", "jax"), reason="numpy backend is inference-only"
)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
TIME = r"\d+(?::\d\d)*s? \d+(?:us|ms|s)/step"


def _model() -> lamina.Model:
    model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    return model


def _data(n: int = 10) -> tuple[np.ndarray, np.ndarray]:
    return RNG.normal(size=(n, 3)).astype("float32"), RNG.normal(size=(n, 1)).astype("float32")


def _metrics(logs: dict) -> str:
    return "".join(f" - {name}: {logs[name][-1]:.4f}" for name in sorted(logs))


@needs_training
def test_fit_verbose_1_prints_epochs_and_a_final_line_each(capsys):
    x, y = _data()
    history = _model().fit(x, y, batch_size=4, epochs=2, validation_data=_data(4), verbose=1)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2" and len(lines) == 4
    # Standard output is not a terminal here: no redraws, one line per epoch.
    assert re.fullmatch(rf"3/3 ━{{20}} {TIME} - loss: .+", lines[3])
    epoch_2 = {name: values[1:] for name, values in history.history.items()}
    assert lines[3].endswith(_metrics(epoch_2))
    assert "val_loss" in lines[3] and "\r" not in lines[3]


@needs_training
def test_fit_verbose_2_prints_one_line_per_epoch_without_a_bar(capsys):
    x, y = _data()
    history = _model().fit(x, y, batch_size=5, epochs=1, verbose=2)
    out = capsys.readouterr().out
    assert re.fullmatch(
        rf"2/2 - \d+s - \d+(?:us|ms|s)/step{re.escape(_metrics(history.history))}\n", out
    )


@needs_training
def test_fit_verbose_0_prints_nothing(capsys):
    x, y = _data()
    _model().fit(x, y, epochs=2, verbose=0)
    assert capsys.readouterr().out == ""


@needs_training
def test_evaluate_shows_progress_but_fit_validation_does_not(capsys):
    model = _model()
    x, y = _data()
    model.fit(x, y, batch_size=5, epochs=1, validation_data=_data(6), verbose=1)
    assert len(capsys.readouterr().out.splitlines()) == 1
    results = model.evaluate(x, y, batch_size=4, verbose=1, return_dict=True)
    out = capsys.readouterr().out
    assert re.fullmatch(
        rf"3/3 ━{{20}} {TIME} - loss: {results['loss']:.4f} - mae: {results['mae']:.4f}\n", out
    )


def test_predict_shows_the_steps(capsys):
    model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(1)])
    model.predict(_data(10)[0], batch_size=4, verbose=1)
    assert re.fullmatch(rf"3/3 ━{{20}} {TIME}\n", capsys.readouterr().out)


@needs_training
def test_unknown_step_count_is_measured_by_the_first_epoch(capsys):
    x, y = _data(12)

    def batches():
        for start in range(0, 12, 4):
            yield x[start : start + 4], y[start : start + 4]

    _model().fit(batches(), epochs=1, verbose=1)
    assert capsys.readouterr().out.startswith("3/3 ━━━━")


class _Scalar:
    """A stand-in for a device scalar whose reads are counted."""

    reads = 0

    def __init__(self, value: float) -> None:
        self.value = value


def _count_reads(value):
    if isinstance(value, _Scalar):
        _Scalar.reads += 1
        return np.asarray(value.value)
    return np.asarray(value)


class _Clock:
    now = 100.0

    def perf_counter(self) -> float:
        return self.now


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("terminal", [False, True])
def test_batch_values_are_read_only_when_the_line_is_redrawn(monkeypatch, terminal):
    monkeypatch.setattr(lamina.backend.core, "convert_to_numpy", _count_reads)
    clock = _Clock()
    monkeypatch.setattr(
        progbar_module, "time", types.SimpleNamespace(perf_counter=clock.perf_counter)
    )
    monkeypatch.setenv("TERM", "xterm")
    stream = _Terminal() if terminal else io.StringIO()
    monkeypatch.setattr(sys, "stdout", stream)
    _Scalar.reads = 0
    logger = ProgbarLogger()
    logger.set_params({"verbose": 1, "epochs": 1, "steps": 100})
    logger.on_train_begin()
    logger.on_epoch_begin(0)
    for batch in range(50):
        logger.on_train_batch_end(batch, {"loss": _Scalar(0.5), "mae": _Scalar(0.25)})
    # A terminal draws the first batch (two values read); the clock has not moved since.
    assert _Scalar.reads == (2 if terminal else 0)
    clock.now += 1.0
    for batch in range(50, 100):
        logger.on_train_batch_end(batch, {"loss": _Scalar(0.5), "mae": _Scalar(0.25)})
    assert _Scalar.reads == (4 if terminal else 0)
    logger.on_epoch_end(0, {"loss": 0.5, "mae": 0.25})
    logger.on_train_end()
    last_line = ANSI.sub("", stream.getvalue()).split("\r")[-1]
    assert re.fullmatch(rf"100/100 ━{{20}} {TIME} - loss: 0.5000 - mae: 0.2500\n", last_line)


def test_an_explicit_logger_follows_the_verbose_of_the_call(capsys):
    model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(1)])
    logger = ProgbarLogger()
    model.predict(_data(4)[0], verbose=2, callbacks=[logger])
    assert logger.verbose == 2
    assert re.fullmatch(r"1/1 - \d+s - \d+(?:us|ms|s)/step\n", capsys.readouterr().out)
