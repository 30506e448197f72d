"""`ModelCheckpoint`: saves the model (today: its weights) during training."""

from __future__ import annotations

import os
import re
from typing import Any

from lamina.callbacks import monitor_utils
from lamina.callbacks.callback import Callback


class ModelCheckpoint(Callback):
    """Saves the model or its weights at the end of each epoch (or every `save_freq` batches).

    Files are written to a temporary name in the same folder and renamed into place, so an
    interrupted save never leaves a broken file where a good one was.

    Args:
        filepath: Where to save; may hold `{epoch:02d}`, `{batch}` and log keys such as
            `{val_loss:.2f}`. With `save_weights_only=True` it must end in `.weights.h5`.
        monitor: The logged quantity `save_best_only` compares.
        verbose: 1 prints a line per save.
        save_best_only: Save only when `monitor` improves on the best value so far.
        save_weights_only: Save only the weights (`.weights.h5`); else the whole model
            (`.keras`: config, weights, compile and optimizer state).
        mode: `"auto"`, `"min"` or `"max"`: which direction of `monitor` is better.
        save_freq: `"epoch"`, or a number of batches between saves.
        initial_value_threshold: A value `monitor` must beat before the first save.

    Example:
        >>> import os, tempfile
        >>> import lamina
        >>> path = os.path.join(tempfile.mkdtemp(), "ckpt-{epoch:02d}.weights.h5")
        >>> callback = lamina.callbacks.ModelCheckpoint(path, save_weights_only=True)
        >>> callback.filepath.endswith(".weights.h5")
        True
    """

    def __init__(
        self,
        filepath: str | os.PathLike,
        monitor: str = "val_loss",
        verbose: int = 0,
        save_best_only: bool = False,
        save_weights_only: bool = False,
        mode: str = "auto",
        save_freq: str | int = "epoch",
        initial_value_threshold: float | None = None,
    ) -> None:
        super().__init__()
        self.filepath = os.fspath(filepath)
        self.monitor = monitor
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.mode = monitor_utils.check_mode("ModelCheckpoint", mode)
        if save_freq != "epoch" and (
            not isinstance(save_freq, int) or isinstance(save_freq, bool) or save_freq < 1
        ):
            raise ValueError(
                f"ModelCheckpoint: save_freq must be 'epoch' or a positive int, received "
                f"{save_freq!r}."
            )
        self.save_freq = save_freq
        self.initial_value_threshold = initial_value_threshold
        if save_weights_only and not self.filepath.endswith(".weights.h5"):
            raise ValueError(
                "ModelCheckpoint: with save_weights_only=True the filepath must end in "
                f"'.weights.h5', received {self.filepath!r}."
            )
        if not save_weights_only and not self.filepath.endswith(".keras"):
            raise ValueError(
                "ModelCheckpoint: a whole-model checkpoint's filepath must end in '.keras' "
                f"(or pass save_weights_only=True with '.weights.h5'), received {self.filepath!r}."
            )
        self.best: float | None = initial_value_threshold
        self._direction: str | None = None
        self._batches_seen = 0
        self._epoch = 0

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._direction = monitor_utils.resolve_direction(self.monitor, self.mode, self._model)
        if self.best is None:
            self.best = monitor_utils.initial_best(self._direction)

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._epoch = epoch

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        if self.save_freq == "epoch":
            return
        self._batches_seen += 1
        if self._batches_seen % int(self.save_freq) == 0:
            self._save(self._epoch, batch, logs)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if self.save_freq == "epoch":
            self._save(epoch, None, logs)

    def _save(self, epoch: int, batch: int | None, logs: dict | None) -> None:
        logs = dict(logs or {})
        path = self._format_path(epoch, batch, logs)
        if self.save_best_only:
            current = monitor_utils.monitored_value("ModelCheckpoint", self.monitor, logs)
            if current is None:
                return
            direction = self._direction or "min"
            previous = float(self.best) if self.best is not None else float("nan")
            if not monitor_utils.is_improvement(current, previous, direction, 0.0):
                if self.verbose:
                    print(
                        f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {previous:.5f}"
                    )
                return
            if self.verbose:
                print(
                    f"\nEpoch {epoch + 1}: {self.monitor} improved from {previous:.5f} to "
                    f"{current:.5f}, saving model to {path}"
                )
            self.best = current
        elif self.verbose:
            print(f"\nEpoch {epoch + 1}: saving model to {path}")
        folder = os.path.dirname(path)
        if folder:
            os.makedirs(folder, exist_ok=True)
        if self.save_weights_only:
            self.model.save_weights(path, overwrite=True)
        else:
            self.model.save(path, overwrite=True)

    def _format_path(self, epoch: int, batch: int | None, logs: dict) -> str:
        values = {key: _plain(value) for key, value in logs.items()}
        values["epoch"] = epoch + 1
        if batch is not None:
            values["batch"] = batch + 1
        try:
            return self.filepath.format(**values)
        except KeyError as error:
            fields = sorted(set(re.findall(r"{(\w+)", self.filepath)))
            raise KeyError(
                f"ModelCheckpoint: the filepath {self.filepath!r} names {error} which is not "
                f"in the logs (fields used: {fields}; logs hold: {sorted(logs)})."
            ) from None


def _plain(value: Any) -> Any:
    try:
        return monitor_utils.to_float(value)
    except (TypeError, ValueError):
        return value
