"""`TerminateOnNaN`: stops training when the loss becomes NaN or infinite."""

from __future__ import annotations

import math
import sys
from typing import Any

import numpy as np

from lamina import backend
from lamina.callbacks.callback import Callback


class TerminateOnNaN(Callback):
    """Stops training as soon as a batch's loss is NaN or infinite.

    By default it prints `Batch i: Invalid loss, terminating training` and sets
    `model.stop_training = True`: the epoch ends there, and `on_epoch_end` and `on_train_end`
    still run for every callback.

    This callback reads the loss after every batch. Reading it waits for the device to
    finish the step (a sync), so with it training can't queue several steps ahead on a GPU;
    that costs little for most models, but leave it out when squeezing out speed.

    Args:
        raise_error: Raise a `RuntimeError` instead of stopping gracefully; the callbacks'
            `on_epoch_end` and `on_train_end` are then not run.

    Example:
        >>> import lamina
        >>> model = lamina.Sequential([lamina.Input((2,)), lamina.layers.Dense(1)])
        >>> callback = lamina.callbacks.TerminateOnNaN()
        >>> callback.set_model(model)
        >>> callback.on_train_batch_end(0, {"loss": 0.5})
        >>> callback.on_train_batch_end(1, {"loss": float("nan")})
        Batch 1: Invalid loss, terminating training
        >>> model.stop_training
        True

    In training: `model.fit(x, y, callbacks=[lamina.callbacks.TerminateOnNaN()])`.
    """

    def __init__(self, raise_error: bool = False) -> None:
        super().__init__()
        self.raise_error = bool(raise_error)

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        loss = (logs or {}).get("loss")
        if loss is None:
            return
        value = _to_float(loss)
        if math.isfinite(value):
            return
        if self.raise_error:
            raise RuntimeError(
                f"TerminateOnNaN: the loss is {value} at batch {batch}; training stopped. "
                "Look for NaN or infinite values in the data, or lower the learning rate."
            )
        print(f"Batch {batch}: Invalid loss, terminating training", file=sys.stdout)
        self.model.stop_training = True


def _to_float(value: Any) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, (np.ndarray, np.generic)):
        value = backend.core.convert_to_numpy(value)
    return float(np.asarray(value).reshape(-1)[0]) if np.size(value) else 0.0
