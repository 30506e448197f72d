"""`ReduceLROnPlateau`: lowers the learning rate when a monitored quantity stalls."""

from __future__ import annotations

from typing import Any

import numpy as np

from lamina.callbacks import monitor_utils
from lamina.callbacks.callback import Callback


class ReduceLROnPlateau(Callback):
    """Multiplies the learning rate by `factor` after `patience` epochs without improvement.

    At the end of every epoch, `logs["learning_rate"]` is set to the learning rate the epoch
    trained with, and `logs[monitor]` is compared with the best value so far (an improvement
    beats it by more than `min_delta`). After `patience` epochs without one, the optimizer's
    learning rate becomes `max(learning_rate * factor, min_lr)`; then `cooldown` epochs pass
    before epochs without improvement are counted again.

    Args:
        monitor: The key of the epoch logs to watch.
        factor: The multiplier of the learning rate, in `[0, 1)`.
        patience: Epochs without improvement before the learning rate is reduced.
        verbose: 1 prints a line at each reduction.
        mode: `"min"`, `"max"` or `"auto"` (as in `EarlyStopping`: losses are minimized,
            accuracy-like names maximized).
        min_delta: The smallest change that counts as an improvement.
        cooldown: Epochs after a reduction during which the count of epochs without
            improvement stays at 0.
        min_lr: The learning rate is never reduced below this value.

    Attributes:
        wait: Epochs without improvement counted so far.
        cooldown_counter: Cooldown epochs left.
        best: The best monitored value so far.

    Example:
        >>> import lamina
        >>> model = lamina.Sequential([lamina.Input((2,)), lamina.layers.Dense(1)])
        >>> model.compile(optimizer=lamina.optimizers.SGD(learning_rate=0.1), loss="mse")
        >>> callback = lamina.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1)
        >>> callback.set_model(model)
        >>> callback.on_train_begin()
        >>> rates = []
        >>> for epoch, loss in enumerate([1.0, 0.8, 0.9, 0.85, 0.7]):
        ...     logs = {"loss": loss}
        ...     callback.on_epoch_end(epoch, logs)
        ...     rates.append(round(logs["learning_rate"], 4))
        >>> rates, round(float(model.optimizer.learning_rate.numpy()), 4)
        ([0.1, 0.1, 0.1, 0.05, 0.025], 0.025)
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        factor: float = 0.1,
        patience: int = 10,
        verbose: int = 0,
        mode: str = "auto",
        min_delta: float = 1e-4,
        cooldown: int = 0,
        min_lr: float = 0.0,
    ) -> None:
        super().__init__()
        if not isinstance(factor, (int, float)) or not 0.0 <= factor < 1.0:
            raise ValueError(
                "ReduceLROnPlateau: factor must be a number in [0, 1) (the learning rate is "
                f"multiplied by it), received factor={factor!r}."
            )
        for name, value in (("patience", patience), ("cooldown", cooldown)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(
                    f"ReduceLROnPlateau: {name} must be an int >= 0, received {value!r}."
                )
        if not isinstance(min_lr, (int, float)) or min_lr < 0:
            raise ValueError(
                f"ReduceLROnPlateau: min_lr must be a number >= 0, received {min_lr!r}."
            )
        self.monitor = monitor
        self.factor = float(factor)
        self.patience = patience
        self.verbose = verbose
        self.mode = monitor_utils.check_mode("ReduceLROnPlateau", mode)
        self.min_delta = abs(float(min_delta))
        self.cooldown = cooldown
        self.min_lr = float(min_lr)
        self.wait = 0
        self.cooldown_counter = 0
        self.best: float | None = None
        self._direction: str | None = None

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.wait = 0
        self.cooldown_counter = 0
        self.best = None
        self._direction = None

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        logs = logs if logs is not None else {}
        # Reading `self.model` first writes a running jax loop's state into the variables,
        # so the learning rate set below is the one the next epoch starts from.
        optimizer = monitor_utils.compiled_optimizer("ReduceLROnPlateau", self.model)
        learning_rate = monitor_utils.read_learning_rate(optimizer)
        logs["learning_rate"] = learning_rate
        if self._direction is None:
            self._direction = monitor_utils.resolve_direction(self.monitor, self.mode, self._model)
            self.best = monitor_utils.initial_best(self._direction)
        current = monitor_utils.monitored_value("ReduceLROnPlateau", self.monitor, logs)
        if current is None:
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self._improves(current):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience:
                self._reduce(optimizer, learning_rate, epoch)

    def in_cooldown(self) -> bool:
        """Whether cooldown epochs are left after the last reduction."""
        return self.cooldown_counter > 0

    def _improves(self, current: float) -> bool:
        direction = self._direction or "min"
        best = monitor_utils.initial_best(direction) if self.best is None else self.best
        return monitor_utils.is_improvement(current, best, direction, self.min_delta)

    def _reduce(self, optimizer: Any, learning_rate: float, epoch: int) -> None:
        # The learning rate is stored as float32: compare in float32, so a rate already at
        # min_lr (after rounding) is left alone.
        if not learning_rate > np.float32(self.min_lr):
            return
        new_learning_rate = max(learning_rate * self.factor, self.min_lr)
        optimizer.learning_rate = new_learning_rate
        if self.verbose > 0:
            print(
                f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to "
                f"{new_learning_rate}."
            )
        self.cooldown_counter = self.cooldown
        self.wait = 0
