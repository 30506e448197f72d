"""`LearningRateScheduler`: sets the learning rate at the start of every epoch."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import numpy as np

from lamina import backend
from lamina.callbacks import monitor_utils
from lamina.callbacks.callback import Callback


class LearningRateScheduler(Callback):
    """Sets the optimizer's learning rate to `schedule(epoch, learning_rate)` at the start of
    every epoch, and records it as `logs["learning_rate"]` at the epoch's end.

    Args:
        schedule: A function of the epoch index (from 0) and the current learning rate (a
            float) that returns the new learning rate; a function of the epoch alone is
            accepted too.
        verbose: 1 prints the learning rate set at each epoch.

    Example:
        >>> import lamina
        >>> model = lamina.Sequential([lamina.Input((2,)), lamina.layers.Dense(1)])
        >>> model.compile(optimizer=lamina.optimizers.SGD(learning_rate=0.1), loss="mse")
        >>> callback = lamina.callbacks.LearningRateScheduler(
        ...     lambda epoch, lr: lr if epoch < 2 else lr / 2)
        >>> callback.set_model(model)
        >>> rates = []
        >>> for epoch in range(4):
        ...     callback.on_epoch_begin(epoch)
        ...     logs = {}
        ...     callback.on_epoch_end(epoch, logs)
        ...     rates.append(round(logs["learning_rate"], 4))
        >>> rates
        [0.1, 0.1, 0.05, 0.025]
    """

    def __init__(self, schedule: Callable[..., Any], verbose: int = 0) -> None:
        super().__init__()
        if not callable(schedule):
            raise TypeError(
                "LearningRateScheduler: schedule must be a function of (epoch, learning_rate) "
                f"or of (epoch) that returns a float, received {schedule!r}."
            )
        self.schedule = schedule
        self.verbose = verbose
        self._takes_learning_rate = _accepts_two_arguments(schedule)

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        # `self.model` first: on jax it writes the loop's state into the variables, so the
        # new rate is not overwritten by a stale copy.
        optimizer = monitor_utils.compiled_optimizer("LearningRateScheduler", self.model)
        if self._takes_learning_rate:
            value = self.schedule(epoch, monitor_utils.read_learning_rate(optimizer))
        else:
            value = self.schedule(epoch)
        learning_rate = _as_learning_rate(value)
        optimizer.learning_rate = learning_rate
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {value}.")

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if logs is None:
            return
        optimizer = monitor_utils.compiled_optimizer("LearningRateScheduler", self.model)
        logs["learning_rate"] = monitor_utils.read_learning_rate(optimizer)


def _accepts_two_arguments(schedule: Callable[..., Any]) -> bool:
    try:
        signature = inspect.signature(schedule)
    except (TypeError, ValueError):
        return True  # Builtins without a signature: try Keras's (epoch, lr) form.
    try:
        signature.bind(0, 0.0)
    except TypeError:
        return False
    return True


def _as_learning_rate(value: Any) -> float:
    if isinstance(value, (bool, str)) or value is None:
        array = None
    elif isinstance(value, (int, float, np.ndarray, np.generic)):
        array = np.asarray(value)
    elif backend.core.is_tensor(value):
        array = np.asarray(backend.core.convert_to_numpy(value))
    else:
        array = None
    if array is None or array.size != 1 or array.dtype.kind not in "iuf":
        raise ValueError(
            "LearningRateScheduler: the schedule must return a float (the new learning "
            f"rate), received {value!r}. Return e.g. float(lr * 0.5)."
        )
    return float(array.reshape(()))
