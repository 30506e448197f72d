"""Torch backend: dot-product attention on torch's fused scaled_dot_product_attention.

Keras's (batch, seq, heads, dim) tensors are transposed views into torch's (batch, heads, seq,
dim). A boolean mask becomes an additive large-negative bias, so a fully masked row averages
the values, as on the other backends, instead of giving NaN.
"""

from __future__ import annotations

import contextlib
import math
from typing import Any

import torch
import torch.nn.functional as F

from lamina.backend.common import dtypes
from lamina.backend.common.config import floatx
from lamina.backend.torch.core import convert_to_tensor, to_engine_dtype


def _float_inputs(*xs: Any) -> list[torch.Tensor]:
    tensors = [convert_to_tensor(x) for x in xs]
    first = tensors[0]
    if first.is_floating_point() and all(t.dtype == first.dtype for t in tensors):
        return tensors
    name = dtypes.result_type(*(str(t.dtype)[len("torch.") :] for t in tensors))
    target = to_engine_dtype(name if name in dtypes.FLOAT_TYPES else floatx())
    return [t.to(target) for t in tensors]


def _additive_mask(
    bias: Any, mask: Any, is_causal: bool, query_seq: int, key_seq: int, like: torch.Tensor
) -> torch.Tensor | None:
    """Returns bias and masks folded into one float tensor added to the logits (or None)."""
    keep = None if mask is None else convert_to_tensor(mask).to(torch.bool)
    if is_causal:
        causal = torch.ones((query_seq, key_seq), dtype=torch.bool, device=like.device).tril()
        keep = causal if keep is None else keep & causal
    additive = None if bias is None else convert_to_tensor(bias).to(like.dtype)
    if keep is None:
        return additive
    blocked = -0.7 * torch.finfo(like.dtype).max
    base = torch.zeros((), dtype=like.dtype, device=like.device) if additive is None else additive
    return torch.where(keep, base, torch.tensor(blocked, dtype=like.dtype, device=like.device))


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
) -> torch.Tensor:
    query, key, value = _float_inputs(query, key, value)
    query_seq, heads, head_dim = query.shape[1:]
    key_seq, kv_heads = key.shape[1], key.shape[2]
    if heads % kv_heads:
        raise ValueError(f"{heads} query heads do not group over {kv_heads} key heads")
    scale = 1.0 / math.sqrt(head_dim) if scale is None else scale
    if flash_attention is False or attn_logits_soft_cap is not None:
        return _plain_attention(
            query, key, value, bias, mask, scale, is_causal, attn_logits_soft_cap
        )
    fused_causal = is_causal and mask is None and bias is None
    attn_mask = None
    if not fused_causal:
        attn_mask = _additive_mask(bias, mask, is_causal, query_seq, key_seq, query)
    context: Any = contextlib.nullcontext()
    if flash_attention:
        from torch.nn.attention import SDPBackend, sdpa_kernel

        context = sdpa_kernel(SDPBackend.FLASH_ATTENTION)
    with context:
        output = F.scaled_dot_product_attention(
            query.transpose(1, 2),
            key.transpose(1, 2),
            value.transpose(1, 2),
            attn_mask=attn_mask,
            is_causal=fused_causal,
            scale=scale,
            enable_gqa=heads != kv_heads,
        )
    return output.transpose(1, 2)


def _plain_attention(
    query: torch.Tensor,
    key: torch.Tensor,
    value: torch.Tensor,
    bias: Any,
    mask: Any,
    scale: float,
    is_causal: bool,
    soft_cap: float | None,
) -> torch.Tensor:
    batch, query_seq, heads, head_dim = query.shape
    key_seq, kv_heads = key.shape[1], key.shape[2]
    grouped = query.reshape(batch, query_seq, kv_heads, heads // kv_heads, head_dim)
    logits = torch.einsum("btkgd,bskd->bkgts", grouped, key) * scale
    logits = logits.reshape(batch, heads, query_seq, key_seq)
    if bias is not None:
        logits = logits + convert_to_tensor(bias).to(logits.dtype)
    if soft_cap is not None:
        logits = torch.tanh(logits / soft_cap) * soft_cap
    additive = _additive_mask(None, mask, is_causal, query_seq, key_seq, logits)
    if additive is not None:
        logits = logits + additive
    compute = torch.float32 if logits.dtype in (torch.float16, torch.bfloat16) else logits.dtype
    weights = torch.softmax(logits.to(compute), dim=-1).to(logits.dtype)
    weights = weights.reshape(batch, kv_heads, heads // kv_heads, query_seq, key_seq)
    output = torch.einsum("bkgts,bskd->btkgd", weights, value)
    return output.reshape(batch, query_seq, heads, value.shape[-1])
