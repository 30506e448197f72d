"""Accuracy functions: per-sample 1.0 / 0.0 (or their mean over the last axis) for matches.

Each returns `floatx()` values with one entry per sample (per leading index), which
`MeanMetricWrapper` averages into the accuracy metrics.
"""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.backend import floatx
from lamina.losses.shape_checks import squeeze_or_expand_to_same_rank, to_tensor
from lamina.typing import Tensor


def accuracy(y_true: Any, y_pred: Any) -> Tensor:
    """Returns the share of entries of `y_pred` equal to `y_true`, over the last axis.

    Example:
        >>> import lamina
        >>> from lamina.metrics.accuracy_functions import accuracy
        >>> values = accuracy([[1, 2], [3, 4]], [[1, 0], [3, 4]])
        >>> lamina.ops.convert_to_numpy(values).tolist()
        [0.5, 1.0]
    """
    y_pred = to_tensor(y_pred)
    y_true = to_tensor(y_true, dtype=ops.dtype(y_pred))
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return ops.mean(ops.cast(ops.equal(y_true, y_pred), floatx()), axis=-1)


def binary_accuracy(y_true: Any, y_pred: Any, threshold: float = 0.5) -> Tensor:
    """Returns the share of predictions above `threshold` that match labels 1 (and at or
    below it, labels 0), over the last axis.

    Example:
        >>> import lamina
        >>> values = lamina.metrics.binary_accuracy([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])
        >>> lamina.ops.convert_to_numpy(values).tolist()
        [1.0, 1.0, 1.0, 0.0]
    """
    y_true = to_tensor(y_true)
    y_pred = to_tensor(y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    predicted = ops.cast(ops.greater(y_pred, threshold), ops.dtype(y_true))
    return ops.mean(ops.cast(ops.equal(y_true, predicted), floatx()), axis=-1)


def categorical_accuracy(y_true: Any, y_pred: Any) -> Tensor:
    """Returns 1.0 where the arg-max of `y_pred` is the arg-max of the one-hot `y_true`.

    Example:
        >>> import lamina
        >>> values = lamina.metrics.categorical_accuracy(
        ...     [[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0.0]]
        ... )
        >>> lamina.ops.convert_to_numpy(values).tolist()
        [0.0, 1.0]
    """
    true_class = ops.argmax(y_true, axis=-1)
    predicted_class = ops.argmax(y_pred, axis=-1)
    return ops.cast(ops.equal(true_class, predicted_class), floatx())


def sparse_categorical_accuracy(y_true: Any, y_pred: Any) -> Tensor:
    """Returns 1.0 where the arg-max of `y_pred` equals the integer label `y_true`.

    Labels of shape `(batch, 1)` count as `(batch,)`.

    Example:
        >>> import lamina
        >>> values = lamina.metrics.sparse_categorical_accuracy(
        ...     [[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0.0]]
        ... )
        >>> lamina.ops.convert_to_numpy(values).tolist()
        [0.0, 1.0]
    """
    y_pred = to_tensor(y_pred)
    y_true = to_tensor(y_true)
    if len(y_true.shape) == len(y_pred.shape) and y_true.shape[-1] == 1:
        y_true = ops.squeeze(y_true, axis=-1)
    predicted_class = ops.cast(ops.argmax(y_pred, axis=-1), ops.dtype(y_true))
    matches = ops.cast(ops.equal(y_true, predicted_class), floatx())
    if len(matches.shape) > 1 and matches.shape[-1] == 1:
        matches = ops.squeeze(matches, axis=-1)
    return matches


def top_k_categorical_accuracy(y_true: Any, y_pred: Any, k: int = 5) -> Tensor:
    """Returns 1.0 where the one-hot `y_true`'s class is among the `k` highest predictions.

    Example:
        >>> import lamina
        >>> values = lamina.metrics.top_k_categorical_accuracy(
        ...     [[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0.0]], k=1
        ... )
        >>> lamina.ops.convert_to_numpy(values).tolist()
        [0.0, 1.0]
    """
    return _in_top_k(ops.argmax(y_true, axis=-1), to_tensor(y_pred), k)


def sparse_top_k_categorical_accuracy(
    y_true: Any, y_pred: Any, k: int = 5, from_sorted_ids: bool = False
) -> Tensor:
    """Returns 1.0 where the integer label `y_true` is among the `k` highest predictions.

    Args:
        y_true: Integer labels, `(batch,)` or `(batch, 1)`.
        y_pred: Scores `(batch, num_classes)`; with `from_sorted_ids`, class ids sorted by
            decreasing score instead (only the first `k` are read).
        k: How many top predictions count.
        from_sorted_ids: Whether `y_pred` holds sorted class ids rather than scores.

    Example:
        >>> import lamina
        >>> values = lamina.metrics.sparse_top_k_categorical_accuracy(
        ...     [2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0.0]], k=2
        ... )
        >>> lamina.ops.convert_to_numpy(values).tolist()
        [1.0, 1.0]
    """
    y_pred = to_tensor(y_pred)
    if not from_sorted_ids:
        return _in_top_k(to_tensor(y_true), y_pred, k)
    y_true = to_tensor(y_true, dtype=ops.dtype(y_pred))
    true_shape = tuple(y_true.shape)
    y_pred = ops.reshape(y_pred, (-1, y_pred.shape[-1]))
    first_ids = y_pred[:, :k]
    found = ops.any(ops.equal(ops.reshape(y_true, (-1, 1)), first_ids), axis=1)
    return ops.reshape(ops.cast(found, floatx()), true_shape)


def _in_top_k(true_class: Tensor, y_pred: Tensor, k: int) -> Tensor:
    # in_top_k takes (samples,) targets and (samples, classes) scores; other ranks are
    # flattened and the result given the targets' shape back.
    true_shape = tuple(true_class.shape)
    scores = ops.reshape(y_pred, (-1, y_pred.shape[-1])) if len(y_pred.shape) > 2 else y_pred
    targets = ops.cast(ops.reshape(true_class, (-1,)), "int32")
    found = ops.cast(ops.in_top_k(targets, scores, k), floatx())
    return ops.reshape(found, true_shape) if len(true_shape) != 1 else found
