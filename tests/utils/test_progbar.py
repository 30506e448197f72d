"""lamina.utils.Progbar: its lines, averages, in-place redraws and their timing."""

from __future__ import annotations

import io
import re
import sys
import types

import numpy as np
import pytest

import lamina
from lamina.utils import progbar as progbar_module
from lamina.utils.progbar import Progbar

ANSI = re.compile(r"\x1b\[[0-9;]*m")


class _Terminal(io.StringIO):
    """A captured stream that says it is a terminal."""

    encoding = "utf-8"

    def isatty(self) -> bool:
        return True


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def perf_counter(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> _Clock:
    fake = _Clock()
    monkeypatch.setattr(
        progbar_module, "time", types.SimpleNamespace(perf_counter=fake.perf_counter)
    )
    return fake


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch):
    """Returns a function that makes sys.stdout a terminal; called in the test itself, since
    pytest puts its own capture back on sys.stdout between a fixture and the test."""
    for name in ("FORCE_TERMINAL", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("COLUMNS", "200")

    def use_terminal() -> _Terminal:
        stream = _Terminal()
        monkeypatch.setattr(sys, "stdout", stream)
        return stream

    return use_terminal


def test_verbose_2_prints_one_line_with_step_weighted_averages(capsys, clock):
    bar = Progbar(target=4, verbose=2)
    clock.now += 1.0
    bar.update(1, [("loss", 1.0), ("acc", 0.5)])
    clock.now += 3.0
    bar.update(4, [("loss", 4.0), ("acc", 0.25)])
    # Averages weight each value by the steps it covers: (1 * 1 + 4 * 3) / 4.
    assert capsys.readouterr().out == "4/4 - 4s - 1s/step - acc: 0.3125 - loss: 3.2500\n"


def test_stateful_metrics_are_shown_as_given(capsys, clock):
    bar = Progbar(target=2, verbose=2, stateful_metrics=["auc"])
    bar.update(1, [("auc", 0.2), ("loss", 2.0)])
    bar.update(2, [("auc", 0.9), ("loss", 4.0)])
    out = capsys.readouterr().out
    assert "auc: 0.9000" in out
    assert "loss: 3.0000" in out


def test_add_advances_by_steps(capsys, clock):
    bar = Progbar(target=6, verbose=2, unit_name="sample")
    bar.add(2, [("loss", 1.0)])
    bar.add(4, [("loss", 4.0)])
    assert re.fullmatch(r"6/6 - 0s - \d+us/sample - loss: 3\.0000\n", capsys.readouterr().out)


def test_nothing_more_is_printed_after_finalizing(capsys, clock):
    bar = Progbar(target=2, verbose=2)
    bar.update(2)
    bar.update(3)
    bar.add(1)
    assert capsys.readouterr().out.count("\n") == 1


def test_verbose_0_is_silent(capsys):
    bar = Progbar(target=3, verbose=0)
    for step in range(1, 4):
        bar.update(step, [("loss", 1.0)])
    assert capsys.readouterr().out == ""


def test_unknown_target_shows_a_count_and_finalizes_on_request(capsys, clock):
    bar = Progbar(target=None, verbose=2)
    bar.update(3, [("loss", 0.5)])
    assert capsys.readouterr().out == ""
    bar.update(5, [("loss", 0.5)], finalize=True)
    assert capsys.readouterr().out.startswith("5/Unknown - 0s - ")


def test_verbose_1_without_a_terminal_writes_only_the_final_line(capsys, clock):
    bar = Progbar(target=3, verbose=1, width=6)
    for step in range(1, 4):
        clock.now += 1.0
        bar.update(step, [("loss", float(step))])
    out = capsys.readouterr().out
    assert "\r" not in out and "\x1b" not in out
    assert out == "3/3 ━━━━━━ 3s 1s/step - loss: 2.0000\n"


def test_a_stopped_bar_shows_the_part_left(capsys, clock):
    bar = Progbar(target=4, verbose=1, width=8)
    bar.update(1)
    bar.update(2, finalize=True)
    assert capsys.readouterr().out.startswith("2/4 ━━━━──── ")


def test_bar_falls_back_to_ascii_for_streams_that_cannot_encode_it(monkeypatch, clock):
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    monkeypatch.setattr(sys, "stdout", stream)
    bar = Progbar(target=2, verbose=1, width=4)
    bar.update(1)
    bar.update(2)
    stream.seek(0)
    assert stream.read().startswith("2/2 ==== ")


def test_terminal_line_is_redrawn_in_place_at_most_every_interval(terminal, clock):
    terminal = terminal()
    bar = Progbar(target=10, verbose=1, width=10, interval=0.5)
    bar.update(1, [("loss", 1.0)])  # The first update always draws.
    clock.now += 0.1
    bar.update(2, [("loss", 1.0)])  # Too soon: not drawn.
    clock.now += 0.5
    bar.update(3, [("loss", 1.0)])
    clock.now += 0.1
    bar.update(10, [("loss", 1.0)])  # Finalizing always draws.
    frames = ANSI.sub("", terminal.getvalue()).split("\r")[1:]
    assert [frame.split()[0] for frame in frames] == ["1/10", "3/10", "10/10"]
    # 3 of 10 steps: 3 characters in the colour of the part done, 7 dimmed.
    raw = terminal.getvalue().split("\r")[2]
    assert raw.startswith(" 3/10 \x1b[32m━━━\x1b[0m\x1b[2m━━━━━━━\x1b[0m ")
    assert frames[-1].endswith("\n") and not frames[0].endswith("\n")


def test_terminal_line_shows_time_left_then_total_time(terminal, clock):
    terminal = terminal()
    bar = Progbar(target=10, verbose=1, width=10, interval=0)
    bar.update(1)
    clock.now += 4.0
    bar.update(3)  # 2 s per step since the first update: 14 s left.
    clock.now += 14.0
    bar.update(10)
    frames = ANSI.sub("", terminal.getvalue()).split("\r")[1:]
    assert frames[1].split("━")[-1].split("─")[-1].strip().startswith("14s 2s/step")
    assert "18s 2s/step" in frames[2]


def test_shorter_line_pads_over_the_previous_one(terminal, clock):
    terminal = terminal()
    bar = Progbar(target=4, verbose=1, width=4, interval=0)
    bar.update(1)  # "0s 0us/step"
    clock.now += 2.0
    bar.update(2)  # "4s 2s/step": one character shorter.
    first, second = ANSI.sub("", terminal.getvalue()).split("\r")[1:]
    assert first.endswith(" 0s 0us/step")
    assert second == first.replace("1/4", "2/4").replace("0s 0us/step", "4s 2s/step ")


def test_in_place_line_leaves_out_metrics_that_do_not_fit(terminal, clock, monkeypatch):
    terminal = terminal()
    monkeypatch.setenv("COLUMNS", "50")
    bar = Progbar(target=4, verbose=1, width=10, interval=0)
    values = [("loss", 0.5), ("metric_b", 0.5), ("metric_c", 0.5)]
    bar.update(1, values)
    bar.update(4, values)
    frames = ANSI.sub("", terminal.getvalue()).split("\r")[1:]
    assert len(frames[0]) <= 49
    assert "loss: 0.5000" in frames[0] and "metric_c" not in frames[0]
    assert "metric_c: 0.5000" in frames[1]  # The final line is complete.


def test_unknown_target_in_a_terminal_shows_a_count(terminal, clock):
    terminal = terminal()
    bar = Progbar(target=None, verbose=1, interval=0)
    bar.update(7, [("loss", 0.5)])
    assert ANSI.sub("", terminal.getvalue()).startswith("\r      7/Unknown 0s ")


def test_values_may_be_engine_scalars_and_arrays(capsys, clock):
    bar = Progbar(target=1, verbose=2)
    scalar = lamina.ops.convert_to_tensor(np.float32(0.25))
    vector = lamina.ops.convert_to_tensor(np.array([1.0, 2.0], "float32"))
    bar.update(1, [("loss", scalar), ("per_class", vector), ("tiny", 1e-5)])
    out = capsys.readouterr().out
    assert "loss: 0.2500" in out
    assert "per_class: [1., 2.]" in out
    assert "tiny: 1.0000e-05" in out


@pytest.mark.parametrize(("seconds", "expected"), [(5.9, "5s"), (75, "1:15"), (3725, "1:02:05")])
def test_durations(seconds, expected):
    assert progbar_module._format_duration(seconds) == expected


@pytest.mark.parametrize(
    ("seconds", "expected"), [(3.0, "3s/step"), (0.0031, "3ms/step"), (2e-5, "20us/step")]
)
def test_time_per_step(seconds, expected):
    assert progbar_module._format_per_step(seconds, "step") == expected


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"target": -1}, r"Progbar: `target` must be a non-negative int or None, received -1"),
        ({"target": 3, "width": 0}, r"`width` must be a positive int, received 0"),
        ({"target": 3, "verbose": 3}, r"`verbose` must be 0, 1 or 2, received 3"),
        ({"target": 3, "interval": -1.0}, r"`interval` must be a non-negative number"),
    ],
)
def test_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Progbar(**kwargs)
