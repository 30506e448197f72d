"""SummaryWriter: writes scalars, histograms and text to a TensorBoard event file.

This is the writer under `lamina.callbacks.TensorBoard`; it needs neither TensorFlow nor protobuf.
The bytes themselves (TFRecord framing, CRC32C, protobuf messages) live in `event_records`.

Example:
    >>> import os, tempfile
    >>> from lamina.utils.summary_writer import SummaryWriter
    >>> logdir = os.path.join(tempfile.mkdtemp(), "train")
    >>> with SummaryWriter(logdir) as writer:
    ...     writer.add_scalar("loss", 0.25, step=1)
    ...     writer.add_histogram("weights", [0.1, 0.2, 0.2, 0.9], step=1, buckets=4)
    ...     writer.add_text("notes", "first run", step=1)
    >>> [name.startswith("events.out.tfevents.") for name in os.listdir(logdir)]
    [True]
"""

from __future__ import annotations

import operator
import os
import socket
import threading
import time
from types import TracebackType
from typing import Any, BinaryIO

import numpy as np

from lamina import backend
from lamina.utils import event_records

_FILE_VERSION = "brain.Event:2"


class SummaryWriter:
    """Appends summaries to a new TensorBoard event file in `logdir`.

    The file is named `events.out.tfevents.<seconds since epoch>.<hostname>` (with a `.<n>` suffix
    if that name is taken) and is readable by TensorBoard while it is being written. Records are
    buffered; they reach the disk on `flush()`, on `close()`, and at the first write after
    `flush_secs` seconds have passed since the last flush.

    Unlike other files lamina writes, an event file is appended to in place rather than written
    to a temporary name and renamed: TensorBoard follows the growing file, and readers skip a
    truncated last record.

    Args:
        logdir: The directory of the run; created if missing.
        flush_secs: Longest time, in seconds, that written records wait in the buffer.

    Example:
        >>> import tempfile
        >>> writer = SummaryWriter(tempfile.mkdtemp())
        >>> for step, loss in enumerate([0.9, 0.5, 0.3]):
        ...     writer.add_scalar("loss", loss, step)
        >>> writer.close()
        >>> writer.closed
        True
    """

    def __init__(self, logdir: str | os.PathLike[str], flush_secs: float = 120.0) -> None:
        if not isinstance(logdir, (str, os.PathLike)):
            raise TypeError(
                f"SummaryWriter: logdir must be a str or os.PathLike directory path, "
                f"received {type(logdir).__name__} {logdir!r}."
            )
        if not isinstance(flush_secs, (int, float)) or not flush_secs >= 0:
            raise ValueError(
                f"SummaryWriter: flush_secs must be a number >= 0, received {flush_secs!r}."
            )
        self.logdir = os.fspath(logdir)
        self.flush_secs = float(flush_secs)
        os.makedirs(self.logdir, exist_ok=True)
        self.path, self._file = _create_event_file(self.logdir)
        self._lock = threading.Lock()
        self._last_flush = time.monotonic()
        self._write_event(event_records.encode_event(time.time(), 0, file_version=_FILE_VERSION))
        self.flush()

    @property
    def closed(self) -> bool:
        """Whether `close()` has been called."""
        return self._file.closed

    def add_scalar(self, tag: str, value: Any, step: int, walltime: float | None = None) -> None:
        """Writes one point of the scalar series `tag`.

        Args:
            tag: The series name, e.g. `"epoch_loss"`.
            value: A number: Python float or int, NumPy scalar, or a one-element array or
                engine tensor. Stored as float32, as TensorBoard does.
            step: The x coordinate, an int.
            walltime: Seconds since the epoch to record; `None` means now.
        """
        array = _to_float_array("add_scalar", value)
        if array.size != 1:
            raise ValueError(
                f"SummaryWriter.add_scalar: value for tag {tag!r} must hold exactly one number, "
                f"received shape {array.shape}. Reduce it first (e.g. its mean), or use "
                "add_histogram for many values."
            )
        value_bytes = event_records.encode_scalar_value(_check_tag("add_scalar", tag), array.item())
        self._write_summary(value_bytes, step, walltime)

    def add_histogram(
        self,
        tag: str,
        values: Any,
        step: int,
        buckets: int = 30,
        walltime: float | None = None,
    ) -> None:
        """Writes the distribution of `values` (any shape) as one histogram of the series `tag`.

        Args:
            tag: The series name, e.g. `"dense/kernel"`.
            values: A NumPy array, list, or engine tensor; flattened. Must be finite.
            step: The x coordinate, an int.
            buckets: How many equal-width buckets span `[min, max]`; a positive int.
            walltime: Seconds since the epoch to record; `None` means now.
        """
        tag = _check_tag("add_histogram", tag)
        if not isinstance(buckets, (int, np.integer)) or isinstance(buckets, bool) or buckets < 1:
            raise ValueError(
                f"SummaryWriter.add_histogram: buckets must be a positive int, "
                f"received {buckets!r}."
            )
        array = _to_float_array("add_histogram", values).reshape(-1)
        if not np.all(np.isfinite(array)):
            raise ValueError(
                f"SummaryWriter.add_histogram: values for tag {tag!r} hold "
                f"{int(np.sum(~np.isfinite(array)))} NaN or infinite entries; a histogram needs "
                "finite values. Drop them first, e.g. values[np.isfinite(values)]."
            )
        statistics, limits, counts = _histogram(array, int(buckets))
        value_bytes = event_records.encode_histogram_value(tag, statistics, limits, counts)
        self._write_summary(value_bytes, step, walltime)

    def add_text(self, tag: str, text: str, step: int, walltime: float | None = None) -> None:
        """Writes `text` (Markdown, shown by TensorBoard's Text tab) to the series `tag`.

        Args:
            tag: The series name.
            text: A str.
            step: The x coordinate, an int.
            walltime: Seconds since the epoch to record; `None` means now.
        """
        tag = _check_tag("add_text", tag)
        if not isinstance(text, str):
            raise TypeError(
                f"SummaryWriter.add_text: text must be a str, received {type(text).__name__}. "
                "Format it first, e.g. str(value)."
            )
        self._write_summary(event_records.encode_text_value(tag, text), step, walltime)

    def flush(self) -> None:
        """Pushes buffered records to the file, so TensorBoard can read them."""
        with self._lock:
            if not self._file.closed:
                self._file.flush()
            self._last_flush = time.monotonic()

    def close(self) -> None:
        """Flushes and closes the file. Further writes raise; closing again does nothing."""
        with self._lock:
            if not self._file.closed:
                self._file.flush()
                self._file.close()

    def __enter__(self) -> SummaryWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SummaryWriter(path={self.path!r}, closed={self.closed})"

    def _write_summary(self, value_bytes: bytes, step: int, walltime: float | None) -> None:
        step = _check_step(step)
        wall_time = time.time() if walltime is None else float(walltime)
        summary = event_records.encode_summary([value_bytes])
        self._write_event(event_records.encode_event(wall_time, step, summary=summary))
        if time.monotonic() - self._last_flush >= self.flush_secs:
            self.flush()

    def _write_event(self, event: bytes) -> None:
        record = event_records.frame_record(event)
        with self._lock:
            if self._file.closed:
                raise ValueError(
                    f"SummaryWriter for {self.path!r} is closed. Create a new SummaryWriter "
                    "to write more summaries."
                )
            self._file.write(record)


def _create_event_file(logdir: str) -> tuple[str, BinaryIO]:
    base = os.path.join(logdir, f"events.out.tfevents.{int(time.time())}.{socket.gethostname()}")
    path = base
    suffix = 0
    while True:
        try:
            # "x": never append to (or truncate) another writer's file of the same second.
            return path, open(path, "xb")
        except FileExistsError:
            suffix += 1
            path = f"{base}.{suffix}"


def _check_tag(method: str, tag: Any) -> str:
    if not isinstance(tag, str) or not tag:
        raise TypeError(f"SummaryWriter.{method}: tag must be a non-empty str, received {tag!r}.")
    return tag


def _check_step(step: Any) -> int:
    if isinstance(step, bool):
        raise TypeError(f"SummaryWriter: step must be an int, received {step!r}.")
    try:
        return operator.index(step)
    except TypeError:
        raise TypeError(
            f"SummaryWriter: step must be an int, received {type(step).__name__} {step!r}. "
            "Pass int(step)."
        ) from None


def _to_float_array(method: str, value: Any) -> np.ndarray:
    # NumPy and Python values skip the engine, which would round float64 to float32 on jax.
    is_numpy = isinstance(value, (np.ndarray, np.generic))
    if not is_numpy and (backend.core.is_tensor(value) or isinstance(value, backend.Variable)):
        array = backend.core.convert_to_numpy(value)
    else:
        array = np.asarray(value)
    if array.dtype.kind not in "biuf" and array.dtype.name != "bfloat16":
        raise TypeError(
            f"SummaryWriter.{method}: expected real numbers, received dtype {array.dtype}."
        )
    return array.astype(np.float64)


def _histogram(
    values: np.ndarray, buckets: int
) -> tuple[tuple[float, float, float, float, float], np.ndarray, np.ndarray]:
    """Returns `(min, max, num, sum, sum_squares)`, bucket right edges and bucket counts."""
    if values.size == 0:
        # One empty bucket: TensorBoard cannot draw a histogram without buckets.
        return (0.0, 0.0, 0.0, 0.0, 0.0), np.zeros(1), np.zeros(1)
    low = float(values.min())
    high = float(values.max())
    statistics = (low, high, float(values.size), float(values.sum()), float(np.dot(values, values)))
    if low == high:
        return statistics, np.array([high]), np.array([float(values.size)])
    counts, edges = np.histogram(values, bins=buckets, range=(low, high))
    return statistics, edges[1:], counts.astype(np.float64)
