"""Turning loss values into what a `Loss` returns: sample weights, masks, Keras 3 reductions.

This runs on the training hot path: shapes are read statically (Python ints), never from
tensor values, so no step waits for the device.
"""

from __future__ import annotations

import math
from typing import Any

from lamina import ops
from lamina.losses.shape_checks import (
    broadcastable,
    squeeze_or_expand_to_same_rank,
    static_shape,
    to_tensor,
)
from lamina.typing import Tensor

#: The reductions Keras 3 accepts. "sum_over_batch_size" and "mean" divide the weighted sum
#: by the number of entries (only the unmasked ones when a mask is given),
#: "mean_with_sample_weight" by the sum of the weights; "none" and None do not reduce.
REDUCTIONS = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None)
_PER_ENTRY = ("sum_over_batch_size", "mean")


def standardize_reduction(reduction: Any, owner: str = "Loss") -> str | None:
    """Returns `reduction` when it is one of `REDUCTIONS`, else raises a ValueError.

    Args:
        reduction: The requested reduction.
        owner: Who asked, for the message (e.g. `"MeanSquaredError 'mse'"`).

    Returns:
        `reduction` unchanged.

    Example:
        >>> from lamina.losses.reduction import standardize_reduction
        >>> standardize_reduction("sum")
        'sum'
    """
    if reduction is None or (isinstance(reduction, str) and reduction in REDUCTIONS):
        return reduction
    expected = ", ".join(repr(name) for name in REDUCTIONS)
    raise ValueError(f"{owner}: invalid reduction {reduction!r}. Expected one of {expected}.")


def reduce_weighted_values(
    values: Any,
    sample_weight: Any = None,
    mask: Any = None,
    reduction: str | None = "sum_over_batch_size",
    dtype: Any = None,
    owner: str = "Loss",
) -> Tensor:
    """Weights loss values by `sample_weight` and `mask`, then reduces them.

    Weights broadcast against the values as Keras does: a trailing size-1 axis is squeezed
    (or added), per-sample weights `(batch,)` apply to every entry of their sample (e.g. to
    each timestep of `(batch, time)` values), and weights of higher rank than the values are
    averaged over their extra trailing axes.

    Args:
        values: Loss values, e.g. `(batch,)` or `(batch, time)`.
        sample_weight: Optional weights; see above.
        mask: Optional boolean mask of the values' shape; masked-out entries count as absent.
        reduction: One of `REDUCTIONS`.
        dtype: The dtype to compute in (the values' dtype when None).
        owner: Who asked, for error messages.

    Returns:
        A scalar, or the weighted values for reduction "none"/None (and for scalar values).

    Example:
        >>> import lamina
        >>> from lamina.losses.reduction import reduce_weighted_values
        >>> loss = reduce_weighted_values([1.0, 3.0], sample_weight=[1.0, 0.0], reduction="sum")
        >>> float(loss)
        1.0
    """
    values = to_tensor(values, dtype=dtype)
    weights = None
    if sample_weight is not None:
        weights = _match_weights(values, to_tensor(sample_weight, ops.dtype(values)), owner)
    if mask is not None:
        mask_weights = _mask_weights(values, mask, reduction, owner)
        weights = mask_weights if weights is None else weights * mask_weights
    if weights is not None:
        values = values * weights
    return reduce_values(values, weights, reduction)


def reduce_values(
    values: Tensor, sample_weight: Tensor | None = None, reduction: str | None = "sum"
) -> Tensor:
    """Reduces already weighted values as `reduction` says (see `REDUCTIONS`).

    Scalars and values of shape `(0,)` are returned as they are, as in Keras.

    Example:
        >>> import lamina
        >>> from lamina.losses.reduction import reduce_values
        >>> float(reduce_values(lamina.ops.convert_to_tensor([1.0, 2.0]), reduction="mean"))
        1.5
    """
    shape = static_shape(values)
    if reduction is None or reduction == "none" or shape in ((), (0,)):
        return values
    if reduction == "sum" or 0 in shape:  # No values: 0 (a mean would give NaN).
        return ops.sum(values)
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        return _divide_no_nan(ops.sum(values), _broadcast_sum(sample_weight, values))
    return ops.mean(values)  # One kernel, where a sum and a division would be two.


def _match_weights(values: Tensor, weights: Tensor, owner: str) -> Tensor:
    values_shape = static_shape(values)
    values, weights = squeeze_or_expand_to_same_rank(values, weights)
    rank, weight_rank = len(values_shape), len(weights.shape)
    if len(values.shape) != rank:  # The values took a trailing 1: drop it from the weights.
        weights = ops.squeeze(weights, axis=-1)
        weight_rank -= 1
    if 0 < weight_rank < rank:
        for _ in range(rank - weight_rank):
            weights = ops.expand_dims(weights, axis=-1)
    elif weight_rank > rank:
        weights = ops.mean(weights, axis=tuple(range(rank, weight_rank)))
    if not broadcastable(values_shape, static_shape(weights)):
        raise ValueError(
            f"{owner}: sample_weight of shape {static_shape(weights)} does not match loss "
            f"values of shape {values_shape}. Pass one weight per sample, shape (batch,), or "
            "one per loss value (e.g. (batch, time))."
        )
    return weights


def _mask_weights(values: Tensor, mask: Any, reduction: str | None, owner: str) -> Tensor:
    weights = _match_weights(values, to_tensor(mask, ops.dtype(values)), owner)
    shape = static_shape(values)
    if reduction in _PER_ENTRY and None not in shape:
        # Valid entries get weight total / valid, so dividing the sum by the number of entries
        # divides it by the number of valid ones.
        total = float(math.prod(shape))  # type: ignore[arg-type]
        weights = weights * _divide_no_nan(total, _broadcast_sum(weights, values))
    return weights


def _broadcast_sum(weights: Tensor, values: Tensor) -> Tensor:
    """Returns the sum of `weights` broadcast to the shape of `values`, without broadcasting."""
    values_shape, weights_shape = static_shape(values), static_shape(weights)
    padded = (1,) * (len(values_shape) - len(weights_shape)) + weights_shape
    repeats = [size for size, own in zip(values_shape, padded) if own == 1 and size != 1]
    if None in repeats:  # Symbolic with unknown dims: only the output spec matters.
        return ops.sum(weights * ops.ones_like(values))
    return ops.sum(weights) * float(math.prod(repeats))  # type: ignore[arg-type]


def _divide_no_nan(numerator: Any, denominator: Tensor) -> Tensor:
    zeros = ops.zeros_like(denominator)
    is_zero = ops.equal(denominator, zeros)
    safe = ops.where(is_zero, ops.ones_like(denominator), denominator)
    return ops.where(is_zero, zeros, numerator / safe)
