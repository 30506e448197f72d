"""`History`: records each epoch's logs; `fit` returns it."""

from __future__ import annotations

from typing import Any

from lamina.callbacks.callback import Callback


class History(Callback):
    """Records the logs of every epoch in `history` (`{"loss": [...], "val_loss": [...]}`).

    `fit` adds one to its callbacks and returns it.

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> model = lamina.Sequential([lamina.Input((2,)), lamina.layers.Dense(1)])
        >>> model.compile(optimizer="sgd", loss="mse")
        >>> history = model.fit(np.ones((8, 2)), np.ones((8, 1)), epochs=3, verbose=0)
        >>> history.epoch, sorted(history.history), len(history.history["loss"])
        ([0, 1, 2], ['loss'], 3)
    """

    def __init__(self) -> None:
        super().__init__()
        self.history: dict[str, list[Any]] = {}
        self.epoch: list[int] = []

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.epoch = []

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.epoch.append(epoch)
        for name, value in (logs or {}).items():
            self.history.setdefault(name, []).append(value)
        # The model keeps a reference, as Keras does (`model.history`).
        if self._model is not None:
            self._model.history = self
