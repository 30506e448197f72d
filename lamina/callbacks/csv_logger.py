"""`CSVLogger`: writes each epoch's logs as a row of a CSV file."""

from __future__ import annotations

import csv
import os
from typing import IO, Any

import numpy as np

from lamina.callbacks.callback import Callback


class CSVLogger(Callback):
    """Streams the results of every epoch to a CSV file.

    The first row is a header: `epoch`, then the metric names in sorted order (validation
    ones included). Each epoch adds a row and is flushed at once, so the file can be watched
    while training runs. A metric missing from an epoch is written as `NA`; a metric that
    first shows up in a later epoch (validation every few epochs, `validation_freq`) adds a
    column, `NA` in the rows before. A 1-D value (an array) is written as `"[a, b, ...]"`.

    Args:
        filename: Path of the CSV file, e.g. `"run/log.csv"`.
        separator: The string between the fields of a row.
        append: Continue an existing file (resumed training): rows are added after the ones
            there, under the same columns, without a second header. `False` overwrites it.

    Example:
        >>> import os, tempfile
        >>> import lamina
        >>> path = os.path.join(tempfile.mkdtemp(), "log.csv")
        >>> logger = lamina.callbacks.CSVLogger(path)
        >>> logger.on_train_begin()
        >>> logger.on_epoch_end(0, {"loss": 0.5, "accuracy": 0.75})
        >>> logger.on_epoch_end(1, {"loss": 0.25, "accuracy": 1.0})
        >>> logger.on_train_end()
        >>> with open(path) as f:
        ...     print(f.read().strip())
        epoch,accuracy,loss
        0,0.75,0.5
        1,1.0,0.25

    In training: `model.fit(x, y, callbacks=[lamina.callbacks.CSVLogger("log.csv")])`.
    """

    def __init__(
        self, filename: str | os.PathLike, separator: str = ",", append: bool = False
    ) -> None:
        super().__init__()
        if not isinstance(filename, (str, os.PathLike)):
            raise TypeError(
                f"CSVLogger: `filename` must be a path (str or os.PathLike), received "
                f"{type(filename).__name__}: {filename!r}."
            )
        if not isinstance(separator, str) or len(separator) != 1:
            raise ValueError(
                f"CSVLogger: `separator` must be a single character, received {separator!r}."
            )
        self.filename = os.fspath(filename)
        self.sep = separator
        self.append = bool(append)
        self.keys: list[str] | None = None
        self.append_header = True
        self.csv_file: IO[str] | None = None
        self.writer: Any = None

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._close()
        self.keys = None
        self.writer = None
        self.append_header = True
        mode = "w"
        if self.append and os.path.exists(self.filename):
            existing = self._existing_columns()
            if existing:
                self.append_header = False
                # Continue under the file's own columns (its first is "epoch").
                self.keys = existing[1:]
            mode = "a"
        self.csv_file = open(self.filename, mode, newline="", encoding="utf-8")

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        logs = logs or {}
        if self.csv_file is None:
            # Used outside fit (on_train_begin was not called): open the file now.
            self.on_train_begin()
        assert self.csv_file is not None
        if self.keys is None:
            self.keys = sorted(logs)
        elif not set(logs) <= set(self.keys):
            self._add_columns(sorted(set(self.keys) | set(logs)))
        if self.writer is None:
            self.writer = csv.writer(self.csv_file, delimiter=self.sep, lineterminator="\n")
            if self.append_header:
                self.writer.writerow(["epoch", *self.keys])
        row = [epoch] + [_cell(logs[key]) if key in logs else "NA" for key in self.keys]
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs: dict | None = None) -> None:
        self._close()

    # -- private ------------------------------------------------------------------------------
    def _existing_columns(self) -> list[str]:
        with open(self.filename, newline="", encoding="utf-8") as f:
            header = next(csv.reader(f, delimiter=self.sep), [])
        return header

    def _add_columns(self, keys: list[str]) -> None:
        """Rewrites the file with more columns (`NA` in the rows before), e.g. when validation
        runs for the first time after a few epochs (`validation_freq`)."""
        assert self.csv_file is not None
        self.csv_file.flush()
        with open(self.filename, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f, delimiter=self.sep))
        # Columns are known only once the file has its header, so rows[0] is that header.
        old_columns, old_rows = (rows[0], rows[1:]) if rows else ([], [])
        self._close()
        temporary = f"{self.filename}.tmp"
        with open(temporary, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, delimiter=self.sep, lineterminator="\n")
            writer.writerow(["epoch", *keys])
            for row in old_rows:
                cells = dict(zip(old_columns, row))
                writer.writerow([cells.get(name, "NA") for name in ["epoch", *keys]])
        os.replace(temporary, self.filename)
        self.keys = keys
        self.append_header = False
        self.csv_file = open(self.filename, "a", newline="", encoding="utf-8")

    def _close(self) -> None:
        if self.csv_file is not None and not self.csv_file.closed:
            self.csv_file.close()
        self.csv_file = None
        self.writer = None


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return value
    array = np.asarray(value)
    if array.ndim == 0:
        return array.item()
    return "[" + ", ".join(str(item) for item in array.ravel().tolist()) + "]"
