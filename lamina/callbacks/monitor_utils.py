"""Shared logic of callbacks that watch one logged quantity (`EarlyStopping`,
`ReduceLROnPlateau`, ...): which direction is better, what counts as an improvement, and
reading the quantity from the logs.

Example:
    >>> from lamina.callbacks import monitor_utils
    >>> monitor_utils.resolve_direction("val_accuracy", "auto"), monitor_utils.resolve_direction(
    ...     "val_loss", "auto")
    ('max', 'min')
    >>> monitor_utils.is_improvement(0.48, 0.5, "min", min_delta=0.01)
    True
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from lamina import backend

MODES = ("auto", "min", "max")

# Name fragments of quantities where larger is better, for monitored names that no metric of
# the model claims (Keras's rule: accuracy-like names are maximized, anything else minimized).
_MAXIMIZED_SUBSTRINGS = ("acc", "auc")
_MAXIMIZED_PREFIXES = ("precision", "recall", "f1_score", "fbeta_score", "iou", "mean_iou", "r2")


def check_mode(owner: str, mode: Any) -> str:
    """Returns `mode` if it is `"auto"`, `"min"` or `"max"`; raises `ValueError` otherwise.

    Args:
        owner: The class name, for the message.
        mode: The user's `mode` argument.
    """
    if mode not in MODES:
        raise ValueError(
            f"{owner}: mode must be one of 'auto', 'min' or 'max', received {mode!r}. Use "
            "'min' when smaller values are better (losses), 'max' when larger are better "
            "(accuracy), or 'auto' to decide from the monitored name."
        )
    return str(mode)


def resolve_direction(monitor: str, mode: str, model: Any = None) -> str:
    """Returns `"min"` or `"max"`: the direction in which `monitor` improves.

    `"min"` and `"max"` are returned as they are. For `"auto"`, the name without its `"val_"`
    prefix decides: losses are minimized; a metric of `model` with that name is maximized or
    minimized as the metric declares; otherwise accuracy-like names (`"acc"`, `"accuracy"`,
    `"auc"`, `"precision"`, ...) are maximized and everything else minimized.

    Args:
        monitor: The monitored key of the logs, e.g. `"val_accuracy"`.
        mode: `"auto"`, `"min"` or `"max"`.
        model: The model whose metrics may declare a direction, or `None`.
    """
    if mode in ("min", "max"):
        return mode
    name = monitor[len("val_") :] if monitor.startswith("val_") else monitor
    if name == "loss" or name.endswith("_loss"):
        return "min"
    declared = _declared_direction(model, name)
    if declared is not None:
        return declared
    lowered = name.lower()
    if any(part in lowered for part in _MAXIMIZED_SUBSTRINGS):
        return "max"
    if lowered.startswith(_MAXIMIZED_PREFIXES):
        return "max"
    return "min"


def initial_best(direction: str) -> float:
    """The starting `best` value: `inf` when minimizing, `-inf` when maximizing."""
    return math.inf if direction == "min" else -math.inf


def is_improvement(current: float, reference: float, direction: str, min_delta: float) -> bool:
    """Whether `current` beats `reference` by more than `min_delta` in `direction`.

    Args:
        current: The new value.
        reference: The value to beat (the best so far, or a baseline).
        direction: `"min"` or `"max"`.
        min_delta: The margin, a non-negative number.
    """
    if direction == "min":
        return bool(current + min_delta < reference)
    return bool(current - min_delta > reference)


def monitored_value(owner: str, monitor: str, logs: dict | None) -> float | None:
    """Returns `logs[monitor]` as a float, or warns (listing the keys there are) and returns
    `None` when the logs do not hold it.

    Args:
        owner: The class name, for the warning.
        monitor: The key to read.
        logs: The epoch's logs.
    """
    logs = logs or {}
    value = logs.get(monitor)
    if value is None:
        available = ", ".join(sorted(logs)) or "none"
        warnings.warn(
            f"{owner} monitors {monitor!r}, which is not in the logs of this epoch. "
            f"Available keys: {available}. Pass one of them as monitor=..., or compile the "
            "model with the metric (and give fit validation data for 'val_' keys).",
            stacklevel=3,
        )
        return None
    return to_float(value)


def to_float(value: Any) -> float:
    """Converts a Python number, NumPy scalar or one-element engine tensor to a float."""
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, (np.ndarray, np.generic)):
        return float(np.asarray(value).reshape(()))
    return float(np.asarray(backend.core.convert_to_numpy(value)).reshape(()))


def _declared_direction(model: Any, name: str) -> str | None:
    if model is None:
        return None
    try:
        metrics = list(getattr(model, "metrics", None) or [])
    except (AttributeError, TypeError, ValueError):
        return None
    for metric in metrics:
        for candidate in getattr(metric, "metric_list", None) or [metric]:
            direction = getattr(candidate, "_direction", None)
            if getattr(candidate, "name", None) == name and direction in ("up", "down"):
                return "max" if direction == "up" else "min"
    return None


def compiled_optimizer(owner: str, model: Any) -> Any:
    """Returns `model.optimizer`, or raises `ValueError` when the model has none (not compiled).

    Args:
        owner: The class name, for the message.
        model: The model the callback is attached to.
    """
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or not hasattr(optimizer, "learning_rate"):
        raise ValueError(
            f"{owner} changes the optimizer's learning rate, but the model has no optimizer "
            f"with a learning_rate (received {optimizer!r}). Call model.compile(optimizer=...) "
            "before fit."
        )
    return optimizer


def read_learning_rate(optimizer: Any) -> float:
    """Returns the optimizer's current learning rate as a Python float."""
    return to_float(optimizer.learning_rate)
