"""`ProgbarLogger`: prints progress and metrics during fit / evaluate / predict."""

from __future__ import annotations

import sys
import time
from typing import Any

import numpy as np

from lamina import backend
from lamina.callbacks.callback import Callback


class ProgbarLogger(Callback):
    """Prints one line per epoch with the epoch's time and metrics (fit adds it when
    `verbose` is 1 or 2).

    Example:
        >>> import lamina
        >>> type(lamina.callbacks.ProgbarLogger()).__name__
        'ProgbarLogger'
    """

    def __init__(self) -> None:
        super().__init__()
        self._start = 0.0

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._start = time.perf_counter()
        if self.params.get("epochs", 1) > 1 or epoch > 0:
            print(f"Epoch {epoch + 1}/{self.params.get('epochs')}", file=sys.stdout)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        elapsed = time.perf_counter() - self._start
        steps = self.params.get("steps") or "?"
        parts = [f"{steps}/{steps}", f"{elapsed:.0f}s"]
        parts += [f"{name}: {_format(value)}" for name, value in (logs or {}).items()]
        print(" - ".join(parts), file=sys.stdout)


def _format(value: Any) -> str:
    array = np.asarray(backend.core.convert_to_numpy(value))
    return f"{float(array):.4f}" if array.ndim == 0 else str(array)
