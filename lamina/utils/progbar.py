"""`Progbar`: a text progress bar with running metrics (Keras's `keras.utils.Progbar`)."""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Iterable
from typing import Any, TextIO

import numpy as np

from lamina import backend

# The bar's characters: heavy line for the part done, light line for the rest (dimmed in colour
# terminals); ASCII for streams that can't encode them.
_UNICODE_BAR = ("━", "─")
_ASCII_BAR = ("=", ".")


class Progbar:
    """Displays a progress bar with running metrics on standard output.

    In a terminal (or a notebook) the line is redrawn in place, at most every `interval`
    seconds. When standard output is a file or a pipe nothing is redrawn: one line is written
    when the bar is finalized, so logs stay readable.

    Args:
        target: Total number of steps expected, or `None` if unknown (a count is shown
            instead of a bar).
        width: Width of the bar, in characters.
        verbose: 0 silent, 1 a bar redrawn in place, 2 one line when finalized.
        interval: Minimum time between two redraws, in seconds.
        stateful_metrics: Names of metrics shown as given. Every other metric is shown as
            its average over the steps seen so far.
        unit_name: Name of a step in the per-step time (`"step"` or `"sample"`).

    Example:
        >>> import lamina
        >>> bar = lamina.utils.Progbar(target=4, verbose=2)
        >>> for step in range(4):
        ...     bar.update(step + 1, values=[("loss", float(step))])  # doctest: +ELLIPSIS
        4/4 - 0s - ...s/step - loss: 1.5000
        >>> bar.add(0)  # a finalized bar prints nothing more
    """

    def __init__(
        self,
        target: int | None,
        width: int = 20,
        verbose: int = 1,
        interval: float = 0.05,
        stateful_metrics: Iterable[str] | None = None,
        unit_name: str = "step",
    ) -> None:
        _check_arguments(target, width, verbose, interval)
        self.target = None if target is None else int(target)
        self.width = int(width)
        self.verbose = int(verbose)
        self.interval = float(interval)
        self.unit_name = unit_name
        self.stateful_metrics = set(stateful_metrics or ())
        # name -> [weighted sum, weight] for averaged metrics, [value, 1] for stateful ones.
        self._values: dict[str, list[Any]] = {}
        self._seen_so_far = 0
        self._start = time.perf_counter()
        self._last_update = -math.inf
        self._first_update: tuple[float, int] | None = None
        self._previous_width = 0
        self._finalized = False
        self._display = _Display(sys.stdout) if self.verbose == 1 else None

    def update(
        self,
        current: int,
        values: list[tuple[str, Any]] | None = None,
        finalize: bool | None = None,
    ) -> None:
        """Moves the bar to step `current` and records metric values.

        Args:
            current: Index of the current step (steps done so far).
            values: `(name, value)` pairs for the last step; a value may be a Python number,
                a NumPy value or a backend scalar.
            finalize: Whether this is the last update; `None` means `current >= target`.
        """
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        self._record(current, values or [])
        self._seen_so_far = current
        if self._finalized:
            return
        now = time.perf_counter()
        if self._first_update is None:
            self._first_update = (now, current)
        if finalize:
            self._finalized = True
        if self.verbose == 1 and self._display is not None:
            if finalize or (self._display.dynamic and now - self._last_update >= self.interval):
                self._draw(current, now, finalize, self._display)
                self._last_update = now
        elif self.verbose == 2 and finalize:
            counter = self._counter(current).lstrip()
            _write(f"{counter} - {self._plain_info(current, now)}\n")

    def add(self, n: int, values: list[tuple[str, Any]] | None = None) -> None:
        """Advances the bar by `n` steps (see `update`)."""
        self.update(self._seen_so_far + n, values)

    # -- private ------------------------------------------------------------------------------
    def _should_draw(self) -> bool:
        """Whether an update now would redraw the line: callers with values that are costly
        to read (device scalars) check this first."""
        display = self._display
        return (
            display is not None
            and display.dynamic
            and not self._finalized
            and time.perf_counter() - self._last_update >= self.interval
        )

    def _record(self, current: int, values: list[tuple[str, Any]]) -> None:
        weight = max(current - self._seen_so_far, 1)
        for name, value in values:
            value = _to_host(value)
            if name in self.stateful_metrics or not isinstance(value, float):
                self._values[name] = [value, 1]
            elif name in self._values:
                self._values[name][0] += value * weight
                self._values[name][1] += weight
            else:
                self._values[name] = [value * weight, weight]

    def _draw(self, current: int, now: float, finalize: bool, display: _Display) -> None:
        head = self._counter(current)
        head_width = len(head)
        if self.target is not None:
            done = min(int(self.width * current / max(self.target, 1)), self.width)
            head = f"{head} {display.bar(done, self.width - done)}"
            head_width += 1 + self.width
        parts = [f" {self._timing(current, now, finalize)}", *self._metric_parts()]
        text, visible = display.fit(head, head_width, parts, finalize)
        padding = " " * max(self._previous_width - visible, 0)
        self._previous_width = visible
        prefix = "\r" if display.dynamic else ""
        end = "\n" if finalize else ""
        _write(f"{prefix}{text}{padding}{end}")

    def _counter(self, current: int) -> str:
        if self.target is None:
            return f"{current:7d}/Unknown"
        digits = len(str(self.target))
        return f"{current:{digits}d}/{self.target}"

    def _timing(self, current: int, now: float, finalize: bool) -> str:
        per_step = self._time_per_step(current, now)
        if finalize or self.target is None:
            elapsed = _format_duration(now - self._start)
        else:
            elapsed = _format_duration(per_step * max(self.target - current, 0))
        return f"{elapsed} {_format_per_step(per_step, self.unit_name)}"

    def _plain_info(self, current: int, now: float) -> str:
        per_step = _format_per_step(self._time_per_step(current, now), self.unit_name)
        return f"{_format_duration(now - self._start)} - {per_step}{''.join(self._metric_parts())}"

    def _time_per_step(self, current: int, now: float) -> float:
        # Measured from the first update on, so a first step that compiles doesn't skew it.
        first = self._first_update
        if first is not None and current > first[1]:
            return (now - first[0]) / (current - first[1])
        return (now - self._start) / current if current else 0.0

    def _metric_parts(self) -> list[str]:
        parts = []
        for name in sorted(self._values):
            total, weight = self._values[name]
            value = total / weight if isinstance(total, float) else total
            parts.append(f" - {name}: {_format_value(value)}")
        return parts


class _Display:
    """What the output stream can do: redraw in place, colours, its width."""

    def __init__(self, stream: TextIO) -> None:
        interactive = _isatty(stream) or "ipykernel" in sys.modules
        self.chars = _UNICODE_BAR if _can_encode(stream, "".join(_UNICODE_BAR)) else _ASCII_BAR
        self.dynamic = False
        self.color = False
        self.columns: int | None = None
        if interactive:
            # rich knows the terminal (dumb terminals, notebooks, colour support, width); it
            # is imported only here because importing it takes a noticeable fraction of a second.
            from rich.console import Console

            console = Console(file=stream)
            self.dynamic = (console.is_terminal or console.is_jupyter) and not (
                console.is_dumb_terminal
            )
            self.color = self.dynamic and console.color_system is not None
            self.columns = console.width if console.is_terminal else None

    def bar(self, done: int, left: int) -> str:
        done_char, left_char = self.chars
        if self.color:
            return f"\x1b[32m{done_char * done}\x1b[0m\x1b[2m{done_char * left}\x1b[0m"
        return done_char * done + left_char * left

    def fit(self, head: str, head_width: int, parts: list[str], finalize: bool) -> tuple[str, int]:
        """Joins a line, leaving out the last parts of an in-place line that would not fit the
        terminal's width (a wrapped line can't be redrawn)."""
        kept = list(parts)
        if self.columns is not None and not finalize:
            while kept and head_width + sum(map(len, kept)) > self.columns - 1:
                kept.pop()
        info = "".join(kept)
        return head + info, head_width + len(info)


def _check_arguments(target: Any, width: Any, verbose: Any, interval: Any) -> None:
    if target is not None and (isinstance(target, bool) or not _is_int(target) or target < 0):
        raise ValueError(
            f"Progbar: `target` must be a non-negative int or None, received {target!r}."
        )
    if isinstance(width, bool) or not _is_int(width) or width < 1:
        raise ValueError(f"Progbar: `width` must be a positive int, received {width!r}.")
    if verbose not in (0, 1, 2) or isinstance(verbose, bool):
        raise ValueError(f"Progbar: `verbose` must be 0, 1 or 2, received {verbose!r}.")
    if isinstance(interval, bool) or not isinstance(interval, (int, float)) or interval < 0:
        raise ValueError(
            f"Progbar: `interval` must be a non-negative number of seconds, received {interval!r}."
        )


def _is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer))


def _isatty(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if isatty is not None else False
    except ValueError:  # A closed stream.
        return False


def _can_encode(stream: TextIO, text: str) -> bool:
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _to_host(value: Any) -> Any:
    """A Python float for scalars, a NumPy array otherwise (reading a device value syncs)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, (np.ndarray, np.generic)):
        value = backend.core.convert_to_numpy(value)
    array = np.asarray(value)
    if array.ndim == 0 and array.dtype.kind in "biuf":
        return float(array)
    return array


def _format_value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4f}" if abs(value) > 1e-3 else f"{value:.4e}"
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=4, separator=", ")
    return str(value)


def _format_duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    if seconds >= 60:
        return f"{seconds // 60}:{seconds % 60:02d}"
    return f"{seconds}s"


def _format_per_step(seconds: float, unit_name: str) -> str:
    if seconds >= 1:
        return f"{seconds:.0f}s/{unit_name}"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.0f}ms/{unit_name}"
    return f"{seconds * 1e6:.0f}us/{unit_name}"


def _write(text: str) -> None:
    # sys.stdout is looked up on each write, so redirection (and pytest's capture) works.
    sys.stdout.write(text)
    sys.stdout.flush()
