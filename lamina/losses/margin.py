"""Margin (hinge) losses for classifiers with scores (not probabilities) as outputs.

`hinge` and `squared_hinge` take targets in {-1, 1}; targets that are all 0 or 1 are mapped to
{-1, 1} first. That test runs on the device (a `where`, not a Python `if`), so it never waits
for the values.
"""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.losses.shape_checks import prepare
from lamina.typing import Tensor


def hinge(y_true: Any, y_pred: Any) -> Tensor:
    """Hinge loss `mean(maximum(1 - y_true * y_pred, 0), axis=-1)`.

    Args:
        y_true: Targets in {-1, 1} (or all in {0, 1}), shape `(batch, ..., d)`.
        y_pred: Scores, the same shape.

    Returns:
        The loss per sample, shape `(batch, ...)`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.hinge([[1.0, 0.0]], [[0.5, -2.0]])
        >>> lamina.ops.convert_to_numpy(loss).tolist()
        [0.25]
    """
    y_true, y_pred = prepare("hinge", y_true, y_pred)
    return ops.mean(_margin_violation(y_true, y_pred), axis=-1)


def squared_hinge(y_true: Any, y_pred: Any) -> Tensor:
    """Squared hinge loss `mean(square(maximum(1 - y_true * y_pred, 0)), axis=-1)`.

    Args:
        y_true: Targets in {-1, 1} (or all in {0, 1}), shape `(batch, ..., d)`.
        y_pred: Scores, the same shape.

    Returns:
        The loss per sample, shape `(batch, ...)`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.squared_hinge([[1.0, -1.0]], [[0.5, 0.0]])
        >>> lamina.ops.convert_to_numpy(loss).tolist()
        [0.625]
    """
    y_true, y_pred = prepare("squared_hinge", y_true, y_pred)
    return ops.mean(ops.square(_margin_violation(y_true, y_pred)), axis=-1)


def categorical_hinge(y_true: Any, y_pred: Any) -> Tensor:
    """Categorical hinge loss `maximum(negative - positive + 1, 0)`, where `positive =
    sum(y_true * y_pred, -1)` and `negative = max((1 - y_true) * y_pred, -1)`.

    Args:
        y_true: One-hot targets, shape `(batch, ..., classes)`.
        y_pred: Scores, the same shape.

    Returns:
        The loss per sample, shape `(batch, ...)`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.categorical_hinge([[0.0, 1.0, 0.0]], [[0.5, 0.75, 0.0]])
        >>> lamina.ops.convert_to_numpy(loss).tolist()
        [0.75]
    """
    y_true, y_pred = prepare("categorical_hinge", y_true, y_pred)
    positive = ops.sum(y_true * y_pred, axis=-1)
    negative = ops.max((1.0 - y_true) * y_pred, axis=-1)
    return ops.relu(negative - positive + 1.0)


def _margin_violation(y_true: Tensor, y_pred: Tensor) -> Tensor:
    return ops.relu(1.0 - _signed_labels(y_true) * y_pred)


def _signed_labels(y_true: Tensor) -> Tensor:
    """Maps {0, 1} targets to {-1, 1}; other targets are returned unchanged."""
    binary = ops.logical_or(ops.equal(y_true, 0.0), ops.equal(y_true, 1.0))
    return ops.where(ops.all(binary), y_true * 2.0 - 1.0, y_true)
