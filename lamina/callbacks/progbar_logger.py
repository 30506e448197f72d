"""`ProgbarLogger`: prints progress and metrics during fit / evaluate / predict."""

from __future__ import annotations

import sys
from typing import Any

from lamina.callbacks.callback import Callback
from lamina.utils.progbar import Progbar


class ProgbarLogger(Callback):
    """Prints a progress bar and the metrics to standard output.

    `fit`, `evaluate` and `predict` add one when `verbose` is 1 or 2. With `verbose=1` fit
    prints `Epoch i/N` (when there are several epochs), then a line redrawn in place while
    the epoch runs, `  7/469 ━━━━━━━━━━━━━━━━━━━━ 2s 3ms/step - accuracy: 0.9100 - loss: 0.2900`
    (time left, time per step, running metrics), and ends it with the epoch's total time and
    metrics, validation ones included. With `verbose=2` only that last line is printed, without
    the bar. When standard output is not a terminal nothing is redrawn: one line per epoch.
    `evaluate` and `predict` show the same bar over their batches; fit's validation is silent.

    Metric values are read from the device only when the line is redrawn (at most every
    0.05 s) and at the end of an epoch, never on every batch: reading a value waits for the
    device to finish its queued work.

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> model = lamina.Sequential([lamina.Input((2,)), lamina.layers.Dense(1)])
        >>> _ = model.predict(np.ones((4, 2)), verbose=2)  # doctest: +ELLIPSIS
        1/1 - 0s - ...s/step
    """

    def __init__(self) -> None:
        super().__init__()
        self.seen = 0
        self.progbar: Progbar | None = None
        self.target: int | None = None
        self.verbose = 1
        self.epochs = 1
        self._called_in_fit = False

    def set_params(self, params: dict[str, Any]) -> None:
        super().set_params(params)
        verbose = params.get("verbose", 1)
        self.verbose = 1 if verbose == "auto" else int(verbose)
        self.epochs = int(params.get("epochs") or 1)
        self.target = params.get("steps")

    def on_train_begin(self, logs: dict | None = None) -> None:
        # Inside fit, the validation runs (on_test_*) print nothing.
        self._called_in_fit = True

    def on_train_end(self, logs: dict | None = None) -> None:
        self._called_in_fit = False

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._start_progbar()
        if self.verbose and self.epochs > 1:
            print(f"Epoch {epoch + 1}/{self.epochs}", file=sys.stdout, flush=True)

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        self._update_progbar(batch, logs)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self._finalize_progbar(logs)

    def on_test_begin(self, logs: dict | None = None) -> None:
        if not self._called_in_fit:
            self._start_progbar()

    def on_test_batch_end(self, batch: int, logs: dict | None = None) -> None:
        if not self._called_in_fit:
            self._update_progbar(batch, logs)

    def on_test_end(self, logs: dict | None = None) -> None:
        if not self._called_in_fit:
            self._finalize_progbar(logs)

    def on_predict_begin(self, logs: dict | None = None) -> None:
        self._start_progbar()

    def on_predict_batch_end(self, batch: int, logs: dict | None = None) -> None:
        # The logs hold the predictions, not metrics: only the step count is shown.
        self._update_progbar(batch, None)

    def on_predict_end(self, logs: dict | None = None) -> None:
        self._finalize_progbar(None)

    # -- private ------------------------------------------------------------------------------
    def _start_progbar(self) -> None:
        self.seen = 0
        self.progbar = Progbar(target=self.target, verbose=self.verbose, unit_name="step")

    def _update_progbar(self, batch: int, logs: dict | None) -> None:
        # The hot path: called after every batch. Values are converted (a device sync) only
        # when the bar is about to be redrawn.
        self.seen = batch + 1
        progbar = self.progbar
        if progbar is None or not progbar._should_draw():
            return
        values = list((logs or {}).items())
        # The logs hold the metrics' running results already: shown as they are.
        progbar.stateful_metrics.update(name for name, _ in values)
        progbar.update(self.seen, values, finalize=False)

    def _finalize_progbar(self, logs: dict | None) -> None:
        if self.progbar is None:
            self._start_progbar()
        progbar = self.progbar
        assert progbar is not None
        if self.target is None:
            # Unknown length (a generator): the first epoch measures it for the next ones.
            self.target = self.seen
            progbar.target = self.seen
        values = list((logs or {}).items())
        progbar.stateful_metrics.update(name for name, _ in values)
        progbar.update(self.target, values, finalize=True)
