"""Attention ops: scaled dot-product attention with bias, boolean masks, causal masking and
grouped-query heads, in Keras's `(batch, seq, num_heads, head_dim)` layout.
"""

from __future__ import annotations

from typing import Any

from lamina import backend
from lamina.backend.common import dtypes
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.ops.operation import lamina_op
from lamina.ops.shape_inference import dtype_of, float_dtype, shape_of, spec
from lamina.typing import Tensor

_b = backend.attention


_CONFLICT = object()


def _agreed(*dims: Any) -> Any:
    """Returns the common known value of `dims` (None if all unknown), or _CONFLICT."""
    known = {d for d in dims if d is not None}
    if len(known) > 1:
        return _CONFLICT
    return known.pop() if known else None


def _check_broadcastable(name: str, value: Any, target: tuple[Any, ...]) -> None:
    shape = shape_of(value)
    compatible = len(shape) <= 4 and all(
        a in (1, None) or b is None or a == b for a, b in zip(reversed(shape), reversed(target))
    )
    if not compatible:
        raise ValueError(
            f"dot_product_attention: {name} of shape {shape} does not broadcast to "
            f"(batch, num_heads, query_seq, key_seq) = {target}."
        )


def dot_product_attention_spec(
    query: Any,
    key: Any,
    value: Any,
    bias: Any = None,
    mask: Any = None,
    scale: float | None = None,
    is_causal: bool = False,
    flash_attention: bool | None = None,
    attn_logits_soft_cap: float | None = None,
) -> SymbolicTensor:
    """Output spec of `dot_product_attention`: `(batch, query_seq, num_heads, value_dim)`."""
    shapes = {"query": shape_of(query), "key": shape_of(key), "value": shape_of(value)}
    if any(len(s) != 4 for s in shapes.values()):
        raise ValueError(
            "dot_product_attention: expected query, key and value of rank 4 "
            "(batch, seq, num_heads, head_dim), received shapes "
            f"{shapes['query']}, {shapes['key']}, {shapes['value']}."
        )
    q, k, v = shapes["query"], shapes["key"], shapes["value"]
    batch, heads, kv_heads = _agreed(q[0], k[0], v[0]), q[2], _agreed(k[2], v[2])
    mismatch = _agreed(q[3], k[3]) is _CONFLICT or _agreed(k[1], v[1]) is _CONFLICT
    if (
        mismatch
        or batch is _CONFLICT
        or kv_heads is _CONFLICT
        or (heads is not None and kv_heads is not None and heads % kv_heads)
    ):
        raise ValueError(
            f"dot_product_attention: query {q}, key {k} and value {v} must share batch; key "
            "and value share seq and num_heads; query and key share head_dim; and the "
            "query's num_heads must be a multiple of the key's (grouped-query attention)."
        )
    target = (batch, heads, q[1], k[1])
    if bias is not None:
        _check_broadcastable("bias", bias, target)
    if mask is not None:
        _check_broadcastable("mask", mask, target)
    dtype = dtypes.result_type(dtype_of(query), dtype_of(key), dtype_of(value))
    return spec((target[0], q[1], heads, v[3]), float_dtype(dtype))


@lamina_op(dot_product_attention_spec)
def dot_product_attention(
    query: Any,
    key: Any,
    value: Any,
    bias: Any = None,
    mask: Any = None,
    scale: float | None = None,
    is_causal: bool = False,
    flash_attention: bool | None = None,
    attn_logits_soft_cap: float | None = None,
) -> Tensor:
    """Scaled dot-product attention: `softmax(query @ key^T * scale + bias, masked) @ value`.

    Fused kernels are used where the backend has them (torch's scaled_dot_product_attention,
    jax.nn.dot_product_attention); elsewhere the plain formula runs. Masked-out logits are set
    to a large negative number, so a fully masked row averages all values rather than
    producing NaN.

    Args:
        query: `(batch, query_seq, num_heads, head_dim)`.
        key: `(batch, key_seq, num_kv_heads, head_dim)`; `num_heads` must be a multiple of
            `num_kv_heads` (grouped-query attention: query head `h` reads kv head
            `h // (num_heads // num_kv_heads)`).
        value: `(batch, key_seq, num_kv_heads, value_dim)`.
        bias: Optional float tensor added to the logits, broadcastable to
            `(batch, num_heads, query_seq, key_seq)`.
        mask: Optional boolean tensor broadcastable to the same shape; True keeps a logit.
        scale: Logit scale; None means `1 / sqrt(head_dim)`.
        is_causal: Whether query position `i` attends only to key positions `j <= i`.
        flash_attention: None picks automatically; True asks for a fused flash kernel (an
            error where none exists); False forces the plain formula.
        attn_logits_soft_cap: Optional cap `c`: logits become `c * tanh(logits / c)` (after
            the bias, before the mask).

    Returns:
        `(batch, query_seq, num_heads, value_dim)` in the inputs' promoted float dtype.

    Example:
        >>> import lamina
        >>> q = lamina.ops.convert_to_tensor([[[[1.0]], [[1.0]]]])
        >>> v = lamina.ops.convert_to_tensor([[[[2.0]], [[4.0]]]])
        >>> y = lamina.ops.dot_product_attention(q, q, v, is_causal=True)
        >>> lamina.ops.convert_to_numpy(y)[0, :, 0, 0].tolist()
        [2.0, 3.0]
    """
    return _b.dot_product_attention(
        query, key, value, bias, mask, scale, is_causal, flash_attention, attn_logits_soft_cap
    )
