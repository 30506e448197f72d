"""`CallbackList`: fans each event out to a list of callbacks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lamina.callbacks.callback import Callback
from lamina.callbacks.history import History


class CallbackList(Callback):
    """Holds callbacks and calls each hook on every one of them, in order.

    Args:
        callbacks: The user's callbacks.
        add_history: Add a `History` callback if none is given.
        add_progbar: Add a `ProgbarLogger` if none is given.
        model: The model, given to every callback.
        **params: `epochs`, `steps`, `verbose`, given to every callback as `params`.

    Example:
        >>> import lamina
        >>> callbacks = lamina.callbacks.CallbackList(add_history=True, epochs=1, steps=1)
        >>> [type(c).__name__ for c in callbacks.callbacks]
        ['History']
    """

    def __init__(
        self,
        callbacks: Iterable[Callback] | None = None,
        add_history: bool = False,
        add_progbar: bool = False,
        model: Any = None,
        **params: Any,
    ) -> None:
        super().__init__()
        self.callbacks: list[Callback] = list(callbacks or [])
        for callback in self.callbacks:
            if not isinstance(callback, Callback):
                raise TypeError(
                    "callbacks: expected lamina.callbacks.Callback instances, received "
                    f"{type(callback).__name__}: {callback!r}."
                )
        if add_progbar and not any(_is_progbar(c) for c in self.callbacks):
            from lamina.callbacks.progbar_logger import ProgbarLogger

            self.callbacks.insert(0, ProgbarLogger())
        if add_history and not any(isinstance(c, History) for c in self.callbacks):
            self.callbacks.append(History())
        self.history = next((c for c in self.callbacks if isinstance(c, History)), None)
        if model is not None:
            self.set_model(model)
        if params:
            self.set_params(params)

    def append(self, callback: Callback) -> None:
        """Adds a callback at the end."""
        self.callbacks.append(callback)

    def set_params(self, params: dict[str, Any]) -> None:
        self.params = params
        for callback in self.callbacks:
            callback.set_params(params)

    def set_model(self, model: Any) -> None:
        self._model = model
        for callback in self.callbacks:
            callback.set_model(model)

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        for callback in self.callbacks:
            callback.on_epoch_begin(epoch, logs)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        for callback in self.callbacks:
            callback.on_epoch_end(epoch, logs)

    def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        for callback in self._batch_callbacks("on_train_batch_begin"):
            callback.on_train_batch_begin(batch, logs)

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        for callback in self._batch_callbacks("on_train_batch_end"):
            callback.on_train_batch_end(batch, logs)

    def on_test_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        for callback in self._batch_callbacks("on_test_batch_begin"):
            callback.on_test_batch_begin(batch, logs)

    def on_test_batch_end(self, batch: int, logs: dict | None = None) -> None:
        for callback in self._batch_callbacks("on_test_batch_end"):
            callback.on_test_batch_end(batch, logs)

    def on_predict_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        for callback in self._batch_callbacks("on_predict_batch_begin"):
            callback.on_predict_batch_begin(batch, logs)

    def on_predict_batch_end(self, batch: int, logs: dict | None = None) -> None:
        for callback in self._batch_callbacks("on_predict_batch_end"):
            callback.on_predict_batch_end(batch, logs)

    def on_train_begin(self, logs: dict | None = None) -> None:
        for callback in self.callbacks:
            callback.on_train_begin(logs)

    def on_train_end(self, logs: dict | None = None) -> None:
        for callback in self.callbacks:
            callback.on_train_end(logs)

    def on_test_begin(self, logs: dict | None = None) -> None:
        for callback in self.callbacks:
            callback.on_test_begin(logs)

    def on_test_end(self, logs: dict | None = None) -> None:
        for callback in self.callbacks:
            callback.on_test_end(logs)

    def on_predict_begin(self, logs: dict | None = None) -> None:
        for callback in self.callbacks:
            callback.on_predict_begin(logs)

    def on_predict_end(self, logs: dict | None = None) -> None:
        for callback in self.callbacks:
            callback.on_predict_end(logs)

    def batch_logs_read_later(self, hook: str) -> bool:
        """Whether a callback may read a batch's `logs` of `hook` (e.g. "on_train_batch_end")
        after the hook returns. lamina's ProgbarLogger reads them only within the hook, and
        only when it redraws, so a step may hand it results computed on first access."""
        from lamina.callbacks.progbar_logger import ProgbarLogger

        return any(type(c) is not ProgbarLogger for c in self._batch_callbacks(hook))

    def _batch_callbacks(self, hook: str) -> list[Callback]:
        # Only callbacks that define a batch hook (on their class, on the instance, or through
        # Keras's older on_batch_begin / on_batch_end) are called per batch: the step loop stays
        # free of no-op calls.
        cache = self.__dict__.setdefault("_hook_cache", {})
        found = cache.get(hook)
        if found is None:
            found = [c for c in self.callbacks if _defines_hook(c, hook)]
            cache[hook] = found
        return found


def _defines_hook(callback: Callback, hook: str) -> bool:
    names = [hook]
    if hook in ("on_train_batch_begin", "on_train_batch_end"):
        names.append(hook.replace("on_train_batch", "on_batch"))
    for name in names:
        if name in callback.__dict__:
            return True
        if getattr(type(callback), name) is not getattr(Callback, name):
            return True
    return False


def _is_progbar(callback: Callback) -> bool:
    return type(callback).__name__ == "ProgbarLogger"
