"""Callbacks: hooks into `fit`, `evaluate` and `predict` (Keras 3's `keras.callbacks`).

Example:
    >>> import lamina
    >>> issubclass(lamina.callbacks.History, lamina.callbacks.Callback)
    True
"""

from lamina.callbacks.callback import Callback as Callback
from lamina.callbacks.callback_list import CallbackList as CallbackList
from lamina.callbacks.history import History as History
from lamina.callbacks.progbar_logger import ProgbarLogger as ProgbarLogger

__all__ = ["Callback", "CallbackList", "History", "ProgbarLogger"]
