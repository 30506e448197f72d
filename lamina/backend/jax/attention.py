"""JAX backend: dot-product attention on jax.nn.dot_product_attention, which takes Keras's
(batch, seq, heads, dim) layout as it is; the plain formula covers what it does not (a value
head size different from the key's, a logit soft cap, float64)."""

from __future__ import annotations

import functools
import math
from typing import Any, Literal

import jax
import jax.numpy as jnp

from lamina.backend.common import dtypes
from lamina.backend.common.config import floatx
from lamina.backend.jax.core import convert_to_tensor, to_engine_dtype


def _float_inputs(*xs: Any) -> list[jax.Array]:
    arrays = [convert_to_tensor(x) for x in xs]
    name = dtypes.result_type(*(a.dtype.name for a in arrays))
    target = to_engine_dtype(name if name in dtypes.FLOAT_TYPES else floatx())
    return [a if a.dtype == target else a.astype(target) for a in arrays]


def _as_4d(x: jax.Array) -> jax.Array:
    return x.reshape((1,) * (4 - x.ndim) + x.shape)


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
) -> jax.Array:
    query, key, value = _float_inputs(query, key, value)
    heads, head_dim = query.shape[2:]
    if heads % key.shape[2]:
        raise ValueError(f"{heads} query heads do not group over {key.shape[2]} key heads")
    scale = 1.0 / math.sqrt(head_dim) if scale is None else scale
    if bias is not None:
        bias = _as_4d(convert_to_tensor(bias).astype(query.dtype))
    if mask is not None:
        mask = _as_4d(convert_to_tensor(mask).astype(jnp.bool_))
    # jax's kernel also runs the softmax in float32, which would cost float64 its precision.
    plain = query.dtype == jnp.float64 or value.shape[-1] != head_dim
    if plain or attn_logits_soft_cap is not None:
        return _plain_attention(
            query, key, value, bias, mask, scale, is_causal, attn_logits_soft_cap
        )
    implementation: Literal["xla", "cudnn"] | None = None
    if flash_attention is not None:
        implementation = "cudnn" if flash_attention else "xla"
    return jax.nn.dot_product_attention(
        query,
        key,
        value,
        bias,
        mask,
        scale=scale,
        is_causal=is_causal,
        implementation=implementation,
    )


@functools.partial(jax.jit, static_argnames=("scale", "is_causal", "soft_cap"))
def _plain_attention(
    query: jax.Array,
    key: jax.Array,
    value: jax.Array,
    bias: jax.Array | None,
    mask: jax.Array | None,
    scale: float,
    is_causal: bool,
    soft_cap: float | None,
) -> jax.Array:
    batch, query_seq, heads, head_dim = query.shape
    key_seq, kv_heads = key.shape[1], key.shape[2]
    grouped = query.reshape(batch, query_seq, kv_heads, heads // kv_heads, head_dim)
    logits = jnp.einsum("btkgd,bskd->bkgts", grouped, key) * scale
    logits = logits.reshape(batch, heads, query_seq, key_seq)
    if bias is not None:
        logits = logits + bias
    if soft_cap is not None:
        logits = jnp.tanh(logits / soft_cap) * soft_cap
    if is_causal:
        causal = jnp.tril(jnp.ones((query_seq, key_seq), dtype=jnp.bool_))
        mask = causal if mask is None else mask & causal
    if mask is not None:
        logits = jnp.where(mask, logits, -0.7 * jnp.finfo(logits.dtype).max)
    compute = jnp.float32 if logits.dtype in (jnp.float16, jnp.bfloat16) else logits.dtype
    weights = jax.nn.softmax(logits.astype(compute), axis=-1).astype(logits.dtype)
    weights = weights.reshape(batch, kv_heads, heads // kv_heads, query_seq, key_seq)
    output = jnp.einsum("bkgts,bskd->btkgd", weights, value)
    return output.reshape(batch, query_seq, heads, value.shape[-1])
