"""Overlap losses for segmentation: Dice and Tversky."""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.backend import epsilon
from lamina.losses.shape_checks import prepare
from lamina.typing import Tensor

Axis = int | tuple[int, ...] | list[int] | None


def dice(y_true: Any, y_pred: Any, axis: Axis = None) -> Tensor:
    """Dice loss `1 - 2 * sum(y_true * y_pred) / (sum(y_true) + sum(y_pred) + epsilon())`.

    Args:
        y_true: Target masks (values in `[0, 1]`).
        y_pred: Predicted masks, the same shape.
        axis: The axes summed over; None sums over everything (one loss for the batch), e.g.
            `(1, 2, 3)` gives one loss per image of `(batch, height, width, channels)` masks.

    Returns:
        The loss: a scalar, or the shape without `axis`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.dice([[1.0, 1.0, 0.0, 0.0]], [[1.0, 0.0, 1.0, 0.0]], axis=1)
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(loss).tolist()]
        [0.5]
    """
    y_true, y_pred = prepare("dice", y_true, y_pred)
    axis = _axes(axis)
    intersection = ops.sum(y_true * y_pred, axis=axis)
    total = ops.sum(y_true, axis=axis) + ops.sum(y_pred, axis=axis) + epsilon()
    return 1.0 - intersection * 2.0 / total


def tversky(
    y_true: Any, y_pred: Any, alpha: float = 0.5, beta: float = 0.5, axis: Axis = None
) -> Tensor:
    """Tversky loss `1 - TP / (TP + alpha * FP + beta * FN + epsilon())` (Salehi et al., 2017),
    with `TP = sum(y_true * y_pred)`, `FP = sum((1 - y_true) * y_pred)` and
    `FN = sum(y_true * (1 - y_pred))`.

    `alpha = beta = 0.5` gives the Dice loss; a larger `beta` penalizes missed positives more.

    Args:
        y_true: Target masks (values in `[0, 1]`).
        y_pred: Predicted masks, the same shape.
        alpha: The weight of false positives.
        beta: The weight of false negatives.
        axis: The axes summed over; None sums over everything (one loss for the batch).

    Returns:
        The loss: a scalar, or the shape without `axis`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.tversky([[1.0, 1.0, 0.0]], [[1.0, 0.0, 1.0]], alpha=0.0, beta=1.0)
        >>> round(float(loss), 4)
        0.5
    """
    y_true, y_pred = prepare("tversky", y_true, y_pred)
    axis = _axes(axis)
    true_positives = ops.sum(y_true * y_pred, axis=axis)
    false_positives = ops.sum((1.0 - y_true) * y_pred, axis=axis)
    false_negatives = ops.sum(y_true * (1.0 - y_pred), axis=axis)
    denominator = true_positives + false_positives * alpha + false_negatives * beta + epsilon()
    return 1.0 - true_positives / denominator


def _axes(axis: Axis) -> int | tuple[int, ...] | None:
    return tuple(axis) if isinstance(axis, list) else axis
