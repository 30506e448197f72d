"""Losses between distributions and counts: Kullback-Leibler divergence and Poisson."""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.backend import epsilon
from lamina.losses.shape_checks import prepare
from lamina.typing import Tensor


def kl_divergence(y_true: Any, y_pred: Any) -> Tensor:
    """Kullback-Leibler divergence `sum(y_true * log(y_true / y_pred), axis=-1)`.

    Both inputs are clipped to `[epsilon(), 1]` first, so zero probabilities are allowed.

    Args:
        y_true: Target distributions, shape `(batch, ..., classes)`.
        y_pred: Predicted distributions, the same shape.

    Returns:
        The divergence per sample, shape `(batch, ...)`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.kl_divergence([[0.5, 0.5]], [[0.25, 0.75]])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(loss).tolist()]
        [0.1438]
    """
    y_true, y_pred = prepare("kl_divergence", y_true, y_pred)
    y_true = ops.clip(y_true, epsilon(), 1.0)
    y_pred = ops.clip(y_pred, epsilon(), 1.0)
    return ops.sum(y_true * ops.log(y_true / y_pred), axis=-1)


def poisson(y_true: Any, y_pred: Any) -> Tensor:
    """Poisson negative log-likelihood, up to a constant: `mean(y_pred - y_true *
    log(y_pred + epsilon()), axis=-1)`.

    Args:
        y_true: Observed counts, shape `(batch, ..., d)`.
        y_pred: Predicted rates (non-negative), the same shape.

    Returns:
        The loss per sample, shape `(batch, ...)`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.poisson([[1.0, 0.0]], [[1.0, 2.0]])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(loss).tolist()]
        [1.5]
    """
    y_true, y_pred = prepare("poisson", y_true, y_pred)
    return ops.mean(y_pred - y_true * ops.log(y_pred + epsilon()), axis=-1)
