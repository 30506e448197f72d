"""Weighted confusion-matrix counts at a list of thresholds, for the confusion metrics.

A prediction counts as positive at threshold `t` when it is strictly greater than `t`; a label
counts as positive when it is non-zero. Counts are summed over every value (or, with
`multi_label`, kept per label: the axes after the first), weighted by `sample_weight`.
Thresholds spread evenly over [0, 1] take a bucketed path (O(values + thresholds) instead of
O(values * thresholds)), as in Keras.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from lamina import ops
from lamina.backend import epsilon
from lamina.losses.shape_checks import squeeze_or_expand_to_same_rank, to_tensor
from lamina.typing import Tensor

#: The threshold used with `top_k`: every kept prediction is above it.
NEG_INF = -1e10


def parse_thresholds(owner: str, thresholds: Any, default: float) -> list[float]:
    """Returns `thresholds` as a list of floats (`[default]` for None), checking [0, 1]."""
    if thresholds is None:
        return [default]
    values = list(thresholds) if isinstance(thresholds, (list, tuple, np.ndarray)) else [thresholds]
    for value in values:
        if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)):
            raise TypeError(
                f"{owner}: thresholds must be numbers in [0, 1], received {thresholds!r}."
            )
    if not values or any(not 0 <= value <= 1 for value in values):
        raise ValueError(
            f"{owner}: thresholds must be a non-empty list of numbers in [0, 1], received "
            f"{thresholds!r}."
        )
    return [float(value) for value in values]


def evenly_spaced(thresholds: Sequence[float]) -> bool:
    """Whether there are at least 3 thresholds at `i / (n - 1)` (up to `epsilon()`)."""
    count = len(thresholds)
    if count < 3:
        return False
    even = np.arange(count, dtype="float64") / (count - 1)
    return bool(np.allclose(thresholds, even, atol=epsilon()))


def check_top_k_and_class_id(owner: str, top_k: Any, class_id: Any) -> None:
    """Raises a ValueError unless `top_k` is None or a positive int, `class_id` None or an
    int >= 0."""
    for argument, value, lowest in (("top_k", top_k, 1), ("class_id", class_id, 0)):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < lowest:
            raise ValueError(
                f"{owner}: {argument} must be None or an int >= {lowest}, received {value!r}."
            )


def confusion_counts(
    y_true: Any,
    y_pred: Any,
    thresholds: Sequence[float],
    dtype: str,
    sample_weight: Any = None,
    top_k: int | None = None,
    class_id: int | None = None,
    multi_label: bool = False,
    label_weights: Any = None,
    thresholds_evenly_spaced: bool | None = None,
) -> dict[str, Tensor]:
    """Returns the weighted counts `{"tp", "fp", "tn", "fn"}` at each threshold.

    Args:
        y_true: Labels; non-zero means positive.
        y_pred: Predictions, the same shape (a trailing size-1 axis may differ).
        thresholds: Python floats.
        dtype: The dtype of the counts.
        sample_weight: None, or weights broadcastable to `y_true` (one per sample is
            broadcast over the other axes).
        top_k: Only the `top_k` largest predictions on the last axis count as positive.
        class_id: Only this index of the last axis counts.
        multi_label: Whether to keep the counts of each label apart: shape
            `(len(thresholds), labels)` instead of `(len(thresholds),)`.
        label_weights: Weights per label (last axis), used when not `multi_label`.
        thresholds_evenly_spaced: `evenly_spaced(thresholds)`, when the caller knows it
            (None: checked here, on the host, at every call).

    Example:
        >>> import lamina
        >>> from lamina.metrics.confusion_counts import confusion_counts
        >>> counts = confusion_counts([0, 1, 1], [0.2, 0.7, 0.4], [0.5], "float32")
        >>> {k: lamina.ops.convert_to_numpy(v).tolist() for k, v in sorted(counts.items())}
        {'fn': [1.0], 'fp': [0.0], 'tn': [1.0], 'tp': [1.0]}
    """
    y_true, y_pred, weights = _prepare(y_true, y_pred, sample_weight, top_k, class_id, dtype)
    if label_weights is not None and not multi_label:
        label_weights = ops.broadcast_to(ops.cast(label_weights, dtype), tuple(y_pred.shape))
        weights = label_weights if weights is None else ops.multiply(weights, label_weights)
    labels = ops.cast(ops.not_equal(y_true, 0), dtype)
    if multi_label:
        flat_shape: tuple[int, ...] = (-1, math.prod(y_pred.shape[1:]))
    else:
        flat_shape = (-1,)
    y_pred = ops.reshape(y_pred, flat_shape)
    labels = ops.reshape(labels, flat_shape)
    # The weight of each value as a positive and as a negative label, on a last axis of 2, so
    # that one pass over the thresholds counts both.
    pairs = ops.stack([labels, ops.subtract(1.0, labels)], axis=-1)
    if weights is not None:
        pairs = ops.multiply(pairs, ops.expand_dims(ops.reshape(weights, flat_shape), -1))
    if thresholds_evenly_spaced is None:
        thresholds_evenly_spaced = evenly_spaced(thresholds)
    if thresholds_evenly_spaced:
        above = _bucketed_counts(y_pred, pairs, thresholds)
    else:
        above = _dense_counts(y_pred, pairs, thresholds, dtype)
    totals = ops.sum(pairs, axis=0)
    below = ops.subtract(totals, above)
    return {
        "tp": above[..., 0],
        "fp": above[..., 1],
        "tn": below[..., 1],
        "fn": below[..., 0],
    }


def _prepare(
    y_true: Any,
    y_pred: Any,
    sample_weight: Any,
    top_k: int | None,
    class_id: int | None,
    dtype: str,
) -> tuple[Tensor, Tensor, Tensor | None]:
    y_true = to_tensor(y_true, dtype)
    y_pred = to_tensor(y_pred, dtype)
    y_pred, y_true = squeeze_or_expand_to_same_rank(y_pred, y_true)
    weights = None
    if sample_weight is not None:
        weights = ops.expand_dims(to_tensor(sample_weight, dtype), axis=-1)
        _, weights = squeeze_or_expand_to_same_rank(y_true, weights, expand_rank_1=False)
    if top_k is not None:
        y_pred = _keep_top_k(y_pred, top_k)
    if class_id is not None:
        if len(y_pred.shape) < 2:
            raise ValueError(
                "class_id needs predictions of shape (batch, num_classes), received shape "
                f"{tuple(y_pred.shape)}."
            )
        if weights is not None and weights.shape[-1] == y_pred.shape[-1] != 1:
            weights = weights[..., class_id : class_id + 1]
        y_true = y_true[..., class_id : class_id + 1]
        y_pred = y_pred[..., class_id : class_id + 1]
    if weights is not None:
        weights = ops.broadcast_to(weights, tuple(y_pred.shape))
    return y_true, y_pred, weights


def _keep_top_k(y_pred: Tensor, k: int) -> Tensor:
    # Entries outside the k largest of the last axis become NEG_INF (never positive).
    _, indices = ops.top_k(y_pred, k)
    kept = ops.sum(ops.one_hot(indices, y_pred.shape[-1], dtype=ops.dtype(y_pred)), axis=-2)
    return ops.where(ops.greater(kept, 0), y_pred, NEG_INF)


def _dense_counts(y_pred: Tensor, pairs: Tensor, thresholds: Sequence[float], dtype: str) -> Tensor:
    # Whether each value is above each threshold, times its weights: (thresholds, ..., 2).
    thresholds_tensor = ops.cast(np.asarray(thresholds, dtype="float32"), dtype)
    if len(y_pred.shape) == 1:
        above = ops.greater(ops.expand_dims(y_pred, 0), ops.expand_dims(thresholds_tensor, 1))
        return ops.matmul(ops.cast(above, dtype), pairs)
    above = ops.greater(
        ops.expand_dims(y_pred, 0), ops.reshape(thresholds_tensor, (len(thresholds), 1, 1))
    )
    return ops.einsum("tnl,nlc->tlc", ops.cast(above, dtype), pairs)


def _bucketed_counts(y_pred: Tensor, pairs: Tensor, thresholds: Sequence[float]) -> Tensor:
    # A prediction p is above thresholds 0 .. ceil(p * (n - 1)) - 1: sum the weights into
    # that last bucket, then a reversed cumulative sum gives the weight above each threshold.
    count = len(thresholds)
    y_pred = ops.clip(y_pred, 0.0, 1.0)
    buckets = ops.subtract(ops.ceil(ops.multiply(y_pred, float(count - 1))), 1.0)
    if thresholds[0] < 0.0 or thresholds[-1] > 1.0:
        # The first threshold sits just below 0: every prediction is above it.
        buckets = ops.maximum(buckets, 0.0)
    buckets = ops.cast(buckets, "int32")
    segments = count
    if len(y_pred.shape) == 2:
        num_labels = y_pred.shape[1]
        label_ids = ops.expand_dims(ops.arange(num_labels, dtype="int32"), 0)
        # Negative buckets (predictions at 0) stay negative ids, which segment_sum drops.
        buckets = ops.where(
            ops.less(buckets, 0), -1, ops.add(ops.multiply(buckets, num_labels), label_ids)
        )
        segments = count * num_labels
    summed = ops.segment_sum(
        ops.reshape(pairs, (-1, 2)), ops.reshape(buckets, (-1,)), num_segments=segments
    )
    if len(y_pred.shape) == 2:
        summed = ops.reshape(summed, (count, -1, 2))
    return ops.flip(ops.cumsum(ops.flip(summed, axis=0), axis=0), axis=0)
