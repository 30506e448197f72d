"""`LambdaCallback`: a callback made of plain functions."""

from __future__ import annotations

from collections.abc import Callable

from lamina.callbacks.callback import Callback

# Hooks called with (epoch or batch, logs); the other hooks are called with (logs).
_INDEXED_HOOKS = (
    "on_epoch_begin",
    "on_epoch_end",
    "on_train_batch_begin",
    "on_train_batch_end",
    "on_test_batch_begin",
    "on_test_batch_end",
    "on_predict_batch_begin",
    "on_predict_batch_end",
)
_LOGS_HOOKS = (
    "on_train_begin",
    "on_train_end",
    "on_test_begin",
    "on_test_end",
    "on_predict_begin",
    "on_predict_end",
)
# Keras 2 names of the training batch hooks.
_ALIASES = {"on_batch_begin": "on_train_batch_begin", "on_batch_end": "on_train_batch_end"}


class LambdaCallback(Callback):
    """A callback whose hooks are the functions given.

    Epoch hooks get `(epoch, logs)`, batch hooks `(batch, logs)` and the begin / end hooks
    of fit, evaluate and predict `(logs)`. Hooks not given do nothing.

    Args:
        on_epoch_begin: Called at the start of every epoch.
        on_epoch_end: Called at the end of every epoch.
        on_train_begin: Called when fit starts.
        on_train_end: Called when fit ends.
        on_train_batch_begin: Called before every training batch.
        on_train_batch_end: Called after every training batch.
        **kwargs: Any other hook by name, e.g. `on_test_end=fn` or `on_predict_batch_end=fn`
            (`on_batch_begin` / `on_batch_end` mean the training batch hooks).

    Raises:
        TypeError: A keyword is not a hook's name, or a hook is not callable.

    Example:
        >>> import lamina
        >>> seen = []
        >>> callback = lamina.callbacks.LambdaCallback(
        ...     on_epoch_end=lambda epoch, logs: seen.append((epoch, logs["loss"])),
        ...     on_train_end=lambda logs: seen.append("done"))
        >>> callback.on_epoch_end(0, {"loss": 0.5})
        >>> callback.on_train_end(logs={"loss": 0.5})
        >>> seen
        [(0, 0.5), 'done']

    In training: `model.fit(x, y, callbacks=[callback])`.
    """

    def __init__(
        self,
        on_epoch_begin: Callable | None = None,
        on_epoch_end: Callable | None = None,
        on_train_begin: Callable | None = None,
        on_train_end: Callable | None = None,
        on_train_batch_begin: Callable | None = None,
        on_train_batch_end: Callable | None = None,
        **kwargs: Callable | None,
    ) -> None:
        super().__init__()
        hooks: dict[str, Callable | None] = {
            "on_epoch_begin": on_epoch_begin,
            "on_epoch_end": on_epoch_end,
            "on_train_begin": on_train_begin,
            "on_train_end": on_train_end,
            "on_train_batch_begin": on_train_batch_begin,
            "on_train_batch_end": on_train_batch_end,
        }
        for name, function in kwargs.items():
            hook = _ALIASES.get(name, name)
            if hook not in _INDEXED_HOOKS and hook not in _LOGS_HOOKS:
                raise TypeError(
                    f"LambdaCallback: unexpected keyword argument {name!r}; expected a hook "
                    f"name, one of {sorted(_INDEXED_HOOKS + _LOGS_HOOKS)}."
                )
            hooks[hook] = function
        for name, function in hooks.items():
            if function is not None and not callable(function):
                raise TypeError(
                    f"LambdaCallback: `{name}` must be callable, received "
                    f"{type(function).__name__}: {function!r}."
                )
            # The hooks are instance attributes, as in Keras: they shadow the methods.
            if function is not None:
                setattr(self, name, function)

    # The batch hooks are redefined here (as no-ops) because `CallbackList` calls per batch only
    # the callbacks whose class overrides a batch hook; a function given for the hook is
    # stored on the instance and called instead.
    def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        """Does nothing unless a function was given for `on_train_batch_begin`."""

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """Does nothing unless a function was given for `on_train_batch_end`."""

    def on_test_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        """Does nothing unless a function was given for `on_test_batch_begin`."""

    def on_test_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """Does nothing unless a function was given for `on_test_batch_end`."""

    def on_predict_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        """Does nothing unless a function was given for `on_predict_batch_begin`."""

    def on_predict_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """Does nothing unless a function was given for `on_predict_batch_end`."""
