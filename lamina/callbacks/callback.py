"""`Callback`: hooks into fit / evaluate / predict (Keras 3's `keras.callbacks.Callback`)."""

from __future__ import annotations

from typing import Any


class Callback:
    """Base class of callbacks: override the hooks you need.

    Every hook receives `logs`, a dict of metric values (engine scalars during an epoch,
    Python floats at epoch ends). `self.model` is the model being trained and `self.params`
    holds `epochs`, `steps` and `verbose`.

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> class CountBatches(lamina.callbacks.Callback):
        ...     def on_train_begin(self, logs=None):
        ...         self.batches = 0
        ...     def on_train_batch_end(self, batch, logs=None):
        ...         self.batches += 1
        >>> model = lamina.Sequential([lamina.Input((2,)), lamina.layers.Dense(1)])
        >>> model.compile(optimizer="sgd", loss="mse")
        >>> counter = CountBatches()
        >>> _ = model.fit(np.ones((10, 2)), np.ones((10, 1)), batch_size=4, epochs=2,
        ...               verbose=0, callbacks=[counter])
        >>> counter.batches
        6
    """

    def __init__(self) -> None:
        self.validation_data: Any = None
        self._model: Any = None
        self.params: dict[str, Any] = {}

    def set_params(self, params: dict[str, Any]) -> None:
        """Sets `self.params` (called by fit / evaluate / predict)."""
        self.params = params

    def set_model(self, model: Any) -> None:
        """Sets `self.model` (called by fit / evaluate / predict)."""
        self._model = model

    @property
    def model(self) -> Any:
        """The model; reading it writes a running jax loop's state into the variables first,
        so the callback sees the current weights."""
        model = self._model
        if model is not None and hasattr(model, "sync_state"):
            model.sync_state()
        return model

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        """Called at the start of an epoch of fit."""

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """Called at the end of an epoch of fit, with the epoch's metrics (val_ ones too)."""

    def on_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        """Keras's older name of `on_train_batch_begin` (which calls it)."""

    def on_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """Keras's older name of `on_train_batch_end` (which calls it)."""

    def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        """Called before a training batch."""
        self.on_batch_begin(batch, logs=logs)

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """Called after a training batch, with the running metrics of the epoch."""
        self.on_batch_end(batch, logs=logs)

    def on_test_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        """Called before a batch of evaluate (and of fit's validation)."""

    def on_test_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """Called after a batch of evaluate."""

    def on_predict_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        """Called before a batch of predict."""

    def on_predict_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """Called after a batch of predict; `logs["outputs"]` holds its predictions."""

    def on_train_begin(self, logs: dict | None = None) -> None:
        """Called when fit starts."""

    def on_train_end(self, logs: dict | None = None) -> None:
        """Called when fit ends, with the last epoch's logs."""

    def on_test_begin(self, logs: dict | None = None) -> None:
        """Called when evaluate (or fit's validation) starts."""

    def on_test_end(self, logs: dict | None = None) -> None:
        """Called when evaluate ends, with its results."""

    def on_predict_begin(self, logs: dict | None = None) -> None:
        """Called when predict starts."""

    def on_predict_end(self, logs: dict | None = None) -> None:
        """Called when predict ends."""
