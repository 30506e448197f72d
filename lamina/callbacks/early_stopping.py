"""`EarlyStopping`: ends `fit` once a monitored quantity stops improving."""

from __future__ import annotations

from typing import Any

from lamina.callbacks import monitor_utils
from lamina.callbacks.callback import Callback


class EarlyStopping(Callback):
    """Stops training when the monitored quantity has not improved for `patience` epochs.

    At the end of every epoch the value `logs[monitor]` is compared with the best one so far;
    a value counts as an improvement when it beats the best by more than `min_delta`. After
    `patience` epochs in a row without one, `model.stop_training` is set and `fit` ends after
    the current epoch.

    Args:
        monitor: The key of the epoch logs to watch, e.g. `"val_loss"` or `"accuracy"`.
        min_delta: The smallest change that counts as an improvement (its absolute value
            is used).
        patience: Epochs without improvement after which training stops.
        verbose: 1 prints a line when training stops and when weights are restored.
        mode: `"min"` (smaller is better), `"max"` (larger is better) or `"auto"`: losses
            are minimized, a model metric is followed in the direction it declares, and
            accuracy-like names (`"accuracy"`, `"auc"`, ...) are maximized.
        baseline: A value to reach. When set, the patience counter only restarts at epochs
            that beat both the best value and the baseline, so training stops after
            `patience` epochs if the baseline is never reached.
        restore_best_weights: At the end of training (stopped early or not), set the model's
            weights back to those of the epoch with the best monitored value.
        start_from_epoch: Epochs of warm-up during which the quantity is not watched.

    Attributes:
        wait: Epochs since the last improvement.
        best: The best monitored value so far (`None` until the first epoch ends).
        stopped_epoch: The epoch at which training was stopped (0 when it was not).
        best_epoch: The epoch of the best value.

    Example:
        >>> import lamina
        >>> model = lamina.Sequential([lamina.Input((2,)), lamina.layers.Dense(1)])
        >>> callback = lamina.callbacks.EarlyStopping(monitor="loss", patience=2)
        >>> callback.set_model(model)
        >>> callback.on_train_begin()
        >>> for epoch, loss in enumerate([0.9, 0.5, 0.6, 0.55, 0.4]):
        ...     callback.on_epoch_end(epoch, {"loss": loss})
        ...     if model.stop_training:
        ...         break
        >>> callback.stopped_epoch, callback.best
        (3, 0.5)
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        min_delta: float = 0,
        patience: int = 0,
        verbose: int = 0,
        mode: str = "auto",
        baseline: float | None = None,
        restore_best_weights: bool = False,
        start_from_epoch: int = 0,
    ) -> None:
        super().__init__()
        if not isinstance(monitor, str) or not monitor:
            raise TypeError(
                f"EarlyStopping: monitor must be a non-empty str naming a key of the logs "
                f"(e.g. 'val_loss'), received {monitor!r}."
            )
        _check_count("patience", patience)
        _check_count("start_from_epoch", start_from_epoch)
        self.monitor = monitor
        self.min_delta = abs(float(min_delta))
        self.patience = patience
        self.verbose = verbose
        self.mode = monitor_utils.check_mode("EarlyStopping", mode)
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights
        self.start_from_epoch = start_from_epoch
        self.wait = 0
        self.stopped_epoch = 0
        self.best_epoch = 0
        self.best: float | None = None
        self.best_weights: list | None = None
        self._direction: str | None = None

    def on_train_begin(self, logs: dict | None = None) -> None:
        # Reset, so one instance can serve several calls of fit.
        self.wait = 0
        self.stopped_epoch = 0
        self.best_epoch = 0
        self.best = None
        self.best_weights = None
        self._direction = None

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if self._direction is None:
            # Decided at the first epoch end: the model's metrics are built by then.
            self._direction = monitor_utils.resolve_direction(self.monitor, self.mode, self._model)
            self.best = monitor_utils.initial_best(self._direction)
        current = self.get_monitor_value(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            # The first watched epoch is the best one until another beats it (even a NaN).
            self.best_weights = self.model.get_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self._improves(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._improves(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs: dict | None = None) -> None:
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print(
                    "Restoring model weights from the end of the best epoch: "
                    f"{self.best_epoch + 1}."
                )
            self.model.set_weights(self.best_weights)

    def get_monitor_value(self, logs: dict | None) -> float | None:
        """Returns `logs[monitor]` as a float, or warns and returns `None` if it is missing."""
        return monitor_utils.monitored_value("EarlyStopping", self.monitor, logs)

    def _improves(self, current: float, reference: Any) -> bool:
        if reference is None:
            return True
        direction = self._direction or "min"
        return monitor_utils.is_improvement(current, float(reference), direction, self.min_delta)


def _check_count(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"EarlyStopping: {name} must be an int >= 0, received {value!r}.")
