"""Boolean masks shared by the attention layers: causal, sliding-window, and the merge of
the padding masks of query, value and key into one `(batch, query_seq, key_seq)` mask.

Every mask is True where a query position may attend to a key position.
"""

from __future__ import annotations

from lamina import ops
from lamina.typing import Tensor


def causal_mask(query_length: int | None, key_length: int | None) -> Tensor:
    """`(1, query_length, key_length)`: True where key position `j <= i`, the query's (the
    lengths are known whenever a layer runs; None occurs only in symbolic shapes)."""
    rows = ops.expand_dims(ops.arange(query_length, dtype="int32"), -1)
    columns = ops.expand_dims(ops.arange(key_length, dtype="int32"), 0)
    return ops.expand_dims(ops.greater_equal(rows, columns), 0)


def sliding_window_mask(query_length: int | None, key_length: int | None, window: int) -> Tensor:
    """`(1, query_length, key_length)`: True where `|i - j| < window` (a symmetric band)."""
    rows = ops.expand_dims(ops.arange(query_length, dtype="int32"), -1)
    columns = ops.expand_dims(ops.arange(key_length, dtype="int32"), 0)
    return ops.expand_dims(ops.less(ops.abs(ops.subtract(rows, columns)), window), 0)


def merge_attention_masks(
    query: Tensor,
    value: Tensor,
    query_mask: Tensor | None = None,
    value_mask: Tensor | None = None,
    key_mask: Tensor | None = None,
    attention_mask: Tensor | None = None,
    use_causal_mask: bool = False,
    sliding_window: int | None = None,
) -> Tensor | None:
    """ANDs every given mask into one broadcastable to `(batch, query_seq, key_seq)`.

    `query_mask` `(batch, query_seq)` becomes `(batch, query_seq, 1)`; `value_mask` and
    `key_mask` `(batch, key_seq)` become `(batch, 1, key_seq)`; the causal and sliding-window
    masks are `(1, query_seq, key_seq)`. Returns None when there is no mask at all.
    """
    parts = []
    if query_mask is not None:
        parts.append(ops.expand_dims(ops.cast(query_mask, "bool"), -1))
    for padding in (value_mask, key_mask):
        if padding is not None:
            parts.append(ops.expand_dims(ops.cast(padding, "bool"), -2))
    query_length, key_length = ops.shape(query)[1], ops.shape(value)[1]
    if use_causal_mask:
        parts.append(causal_mask(query_length, key_length))
    if sliding_window is not None:
        parts.append(sliding_window_mask(query_length, key_length, sliding_window))
    if attention_mask is not None:
        parts.append(ops.cast(attention_mask, "bool"))
    if not parts:
        return None
    merged = parts[0]
    for part in parts[1:]:
        merged = ops.logical_and(merged, part)
    return merged


def expand_mask_for_scores(mask: Tensor, scores_rank: int, num_attention_axes: int) -> Tensor:
    """Inserts size-1 axes in front of the query attention axes of `mask` until it has the
    rank of the scores `(batch..., heads, query axes..., key axes...)`, so it broadcasts over
    the heads (and any non-attention axes)."""
    position = -2 * num_attention_axes - 1
    for _ in range(scores_rank - len(ops.shape(mask))):
        mask = ops.expand_dims(mask, position)
    return mask
