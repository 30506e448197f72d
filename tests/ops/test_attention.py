"""dot_product_attention against a per-head NumPy loop: bias, masks, causal, grouped heads."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import ops
from tests.support.op_check import BACKEND, check_gradient, check_op

RNG = np.random.default_rng(0)


def attention_reference(
    query, key, value, bias=None, mask=None, scale=None, is_causal=False, **unused
):
    query, key, value = (np.asarray(a, np.float64) for a in (query, key, value))
    batch, query_seq, heads, head_dim = query.shape
    key_seq, kv_heads = key.shape[1], key.shape[2]
    scale = 1 / np.sqrt(head_dim) if scale is None else scale
    full = (batch, heads, query_seq, key_seq)
    bias = np.zeros(full) if bias is None else np.broadcast_to(np.asarray(bias, np.float64), full)
    keep = np.ones(full, bool) if mask is None else np.broadcast_to(mask, full)
    cap = unused.get("attn_logits_soft_cap")
    output = np.zeros((batch, query_seq, heads, value.shape[-1]))
    for b in range(batch):
        for h in range(heads):
            kv = h // (heads // kv_heads)
            for t in range(query_seq):
                logits = key[b, :, kv] @ query[b, t, h] * scale + bias[b, h, t]
                if cap is not None:
                    logits = cap * np.tanh(logits / cap)
                allowed = keep[b, h, t] & (np.arange(key_seq) <= t if is_causal else True)
                if allowed.any():
                    logits = np.where(allowed, logits, -np.inf)
                weights = np.exp(logits - logits.max())
                output[b, t, h] = weights @ value[b, :, kv] / weights.sum()
    return output


def _qkv(batch=2, query_seq=3, key_seq=4, heads=2, kv_heads=2, head_dim=4, value_dim=4):
    query = RNG.normal(size=(batch, query_seq, heads, head_dim)).astype("float32")
    key = RNG.normal(size=(batch, key_seq, kv_heads, head_dim)).astype("float32")
    value = RNG.normal(size=(batch, key_seq, kv_heads, value_dim)).astype("float32")
    return query, key, value


@pytest.mark.parametrize("is_causal", [False, True])
@pytest.mark.parametrize(
    "sizes",
    [
        {},
        {"query_seq": 4},
        {"heads": 4, "kv_heads": 2},
        {"heads": 3, "kv_heads": 1, "value_dim": 5},
        {"batch": 0},
    ],
)
def test_attention_matches_loops(is_causal, sizes):
    check_op(
        ops.dot_product_attention,
        list(_qkv(**sizes)),
        attention_reference,
        {"is_causal": is_causal},
        "float32",
        1e-5,
        1e-6,
    )


@pytest.mark.parametrize("is_causal", [False, True])
@pytest.mark.parametrize("flash_attention", [None, False])
def test_attention_with_bias_and_mask(is_causal, flash_attention):
    query, key, value = _qkv(heads=4, kv_heads=2)
    bias = RNG.normal(size=(1, 4, 3, 4)).astype("float32")
    mask = RNG.uniform(size=(2, 1, 3, 4)) > 0.3
    mask[..., 0] = True
    kwargs = {"scale": 0.3, "is_causal": is_causal, "flash_attention": flash_attention}
    check_op(
        ops.dot_product_attention,
        [query, key, value, bias, mask],
        attention_reference,
        kwargs,
        "float32",
        1e-5,
        1e-6,
    )
    check_op(
        ops.dot_product_attention,
        [query, key, value, None, mask[0, 0]],
        attention_reference,
        kwargs,
        "float32",
        1e-5,
        1e-6,
    )


def test_fully_masked_row_averages_values():
    query, key, value = _qkv()
    mask = np.ones((2, 2, 3, 4), bool)
    mask[:, :, 1] = False
    result = ops.convert_to_numpy(ops.dot_product_attention(query, key, value, mask=mask))
    assert np.isfinite(result).all()
    np.testing.assert_allclose(result[:, 1], value.mean(axis=1), rtol=1e-5, atol=1e-6)


def test_attention_soft_cap():
    query, key, value = _qkv()
    kwargs = {"attn_logits_soft_cap": 0.5, "is_causal": True}
    check_op(ops.dot_product_attention, [query, key, value], attention_reference, kwargs, "float32")


@pytest.mark.parametrize(
    ("dtype", "expected", "tolerance"),
    [("float16", "float16", 3e-3), ("bfloat16", "bfloat16", 3e-2), ("float64", "float64", 1e-10)],
)
def test_attention_dtypes(dtype, expected, tolerance):
    import ml_dtypes

    numpy_dtype = ml_dtypes.bfloat16 if dtype == "bfloat16" else dtype
    inputs = [a.astype(numpy_dtype) for a in _qkv()]
    check_op(
        ops.dot_product_attention,
        inputs,
        attention_reference,
        {"is_causal": True},
        expected,
        tolerance,
        tolerance,
    )


def test_attention_gradient():
    query, key, value = (a.astype("float64") for a in _qkv(1, 2, 2, 2, 1, 2, 1))
    bias = RNG.normal(size=(2, 2))
    check_gradient(
        ops.dot_product_attention, [query, key, value, bias], {"is_causal": True}, (0, 1, 2)
    )


def test_flash_attention_is_refused_on_numpy():
    if BACKEND != "numpy":
        pytest.skip("only the numpy backend lacks a flash kernel on every device")
    with pytest.raises(ValueError, match="flash_attention=True"):
        ops.dot_product_attention(*_qkv(), flash_attention=True)


def test_attention_rejects_wrong_rank():
    query, key, value = _qkv()
    message = r"dot_product_attention: expected query, key and value of rank 4 .* \(2, 3, 2\)"
    with pytest.raises(ValueError, match=message):
        ops.dot_product_attention(query[..., 0], key, value)


def test_attention_rejects_mismatched_heads_and_dims():
    query, key, value = _qkv(heads=3, kv_heads=2)
    message = r"dot_product_attention: query \(2, 3, 3, 4\), key \(2, 4, 2, 4\)"
    with pytest.raises(ValueError, match=message):
        ops.dot_product_attention(query, key, value)
    query, key, value = _qkv()
    with pytest.raises(ValueError, match=r"query and key share head_dim"):
        ops.dot_product_attention(query[..., :3], key, value)
    with pytest.raises(ValueError, match=r"key and value share seq"):
        ops.dot_product_attention(query, key, lamina.SymbolicTensor((None, 5, 2, 4)))


def test_attention_rejects_bad_mask_shape():
    query, key, value = _qkv()
    message = (
        r"dot_product_attention: mask of shape \(3, 3\) does not broadcast to .* \(2, 2, 3, 4\)"
    )
    with pytest.raises(ValueError, match=message):
        ops.dot_product_attention(query, key, value, mask=np.ones((3, 3), bool))
    with pytest.raises(ValueError, match=r"dot_product_attention: bias of shape \(5, 2, 3, 4\)"):
        ops.dot_product_attention(query, key, value, bias=np.ones((5, 2, 3, 4)))
