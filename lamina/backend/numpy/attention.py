"""NumPy backend: dot-product attention by the plain formula (half precision computes in
float32)."""

from __future__ import annotations

from typing import Any

import numpy as np

from lamina.backend.common import dtypes
from lamina.backend.common.config import floatx
from lamina.backend.numpy.core import convert_to_tensor, to_engine_dtype


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
) -> np.ndarray:
    if flash_attention:
        raise ValueError("flash_attention=True: the numpy backend has no flash attention kernel")
    arrays = [convert_to_tensor(x) for x in (query, key, value)]
    name = dtypes.result_type(*(a.dtype.name for a in arrays))
    result = to_engine_dtype(name if name in dtypes.FLOAT_TYPES else floatx())
    compute = result if result.itemsize >= 4 else np.dtype("float32")
    query, key, value = (a.astype(compute, copy=False) for a in arrays)
    batch, query_seq, heads, head_dim = query.shape
    key_seq, kv_heads = key.shape[1], key.shape[2]
    if heads % kv_heads:
        raise ValueError(f"{heads} query heads do not group over {kv_heads} key heads")
    scale = 1.0 / np.sqrt(head_dim) if scale is None else scale
    grouped = query.reshape(batch, query_seq, kv_heads, heads // kv_heads, head_dim)
    logits = np.einsum("btkgd,bskd->bkgts", grouped, key) * compute.type(scale)
    logits = logits.reshape(batch, heads, query_seq, key_seq)
    if bias is not None:
        logits = logits + convert_to_tensor(bias).astype(compute, copy=False)
    if attn_logits_soft_cap is not None:
        logits = np.tanh(logits / attn_logits_soft_cap) * attn_logits_soft_cap
    keep = None if mask is None else convert_to_tensor(mask).astype(bool, copy=False)
    if is_causal:
        causal = np.tril(np.ones((query_seq, key_seq), dtype=bool))
        keep = causal if keep is None else keep & causal
    if keep is not None:
        logits = np.where(keep, logits, -0.7 * np.finfo(compute).max)
    logits = logits - logits.max(axis=-1, keepdims=True)
    weights = np.exp(logits)
    weights /= weights.sum(axis=-1, keepdims=True)
    weights = weights.reshape(batch, kv_heads, heads // kv_heads, query_seq, key_seq)
    output = np.einsum("bkgts,bskd->btkgd", weights, value)
    return output.reshape(batch, query_seq, heads, value.shape[-1]).astype(result, copy=False)
