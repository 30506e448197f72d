"""MultiHeadAttention against a NumPy oracle using the layer's own weights (both the fused
fast path and the einsum path), masks (padding, causal, attention_mask, sliding window),
attention over two axes, output_shape, gating, dropout, shapes, config, a gradient step,
weights layout, and errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers, ops
from tests.layers.attention.attention_check import (
    causal,
    check_gradient_step,
    check_round_trip,
    softmax,
    to_numpy,
)

RNG = np.random.default_rng(0)
QUERY = RNG.normal(size=(2, 4, 6)).astype("float32")
VALUE = RNG.normal(size=(2, 5, 6)).astype("float32")
KEY = RNG.normal(size=(2, 5, 7)).astype("float32")
QUERY_MASK = np.array([[True, True, True, False], [True, True, True, True]])
VALUE_MASK = np.array([[True, True, False, True, False], [True, True, True, True, True]])


def _weights(layer) -> dict:
    names = ("query", "key", "value", "attention_output", "gate")
    found = {}
    for sublayer in layer.layers:
        if sublayer.name in names:
            found[sublayer.name] = [w.numpy().astype("float64") for w in sublayer.weights]
    return found


def _project(x: np.ndarray, weights: list, equation: str) -> np.ndarray:
    out = np.einsum(equation, x, weights[0])
    return out + weights[1] if len(weights) > 1 else out


def _reference(layer, query, value, key=None, keep=None, gate=False):
    """`(output, probabilities)` of rank-3 multi-head attention, by NumPy."""
    key = value if key is None else key
    w = _weights(layer)
    q = _project(query, w["query"], "btd,dnh->btnh")
    k = _project(key, w["key"], "bsd,dnh->bsnh")
    v = _project(value, w["value"], "bsd,dnh->bsnh")
    logits = np.einsum("btnh,bsnh->bnts", q, k) / np.sqrt(q.shape[-1])
    probabilities = softmax(logits, None if keep is None else keep[:, None])
    heads = np.einsum("bnts,bsnh->btnh", probabilities, v)
    if gate:
        heads = heads / (1.0 + np.exp(-_project(query, w["gate"], "btd,dnh->btnh")))
    return _project(heads, w["attention_output"], "btnh,nhd->btd"), probabilities


def test_cross_attention_with_key_masks_and_both_paths():
    layer = layers.MultiHeadAttention(num_heads=2, key_dim=3, value_dim=4)
    masks = {"query_mask": QUERY_MASK, "value_mask": VALUE_MASK, "key_mask": VALUE_MASK}
    fast = layer(QUERY, VALUE, KEY, **masks)
    slow, scores = layer(QUERY, VALUE, KEY, return_attention_scores=True, **masks)
    keep = QUERY_MASK[:, :, None] & VALUE_MASK[:, None, :]
    expected, probabilities = _reference(layer, QUERY, VALUE, KEY, keep)
    rows = QUERY_MASK[..., None]  # fully masked (padding) query rows are left unspecified
    np.testing.assert_allclose(to_numpy(fast) * rows, expected * rows, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(to_numpy(slow) * rows, expected * rows, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(to_numpy(scores)[1], probabilities[1], rtol=1e-4, atol=1e-6)
    assert to_numpy(scores).shape == (2, 2, 4, 5)


def test_causal_mask_attention_mask_and_sliding_window():
    layer = layers.MultiHeadAttention(num_heads=2, key_dim=3, sliding_window=2, seed=0)
    allowed = RNG.random((2, 4, 4)) < 0.7
    allowed[:, np.arange(4), np.arange(4)] = True
    output = layer(QUERY, QUERY, attention_mask=allowed, use_causal_mask=True)
    band = np.abs(np.arange(4)[:, None] - np.arange(4)[None, :]) < 2
    expected, _ = _reference(layer, QUERY, QUERY, keep=allowed & causal(4, 4) & band)
    np.testing.assert_allclose(to_numpy(output), expected, rtol=1e-4, atol=1e-5)
    # Causal only (the fused kernel's causal mode), against the einsum path.
    plain = layers.MultiHeadAttention(num_heads=2, key_dim=3)
    fast = plain(QUERY, QUERY, use_causal_mask=True)
    slow, _ = plain(QUERY, QUERY, use_causal_mask=True, return_attention_scores=True)
    expected, _ = _reference(plain, QUERY, QUERY, keep=np.broadcast_to(causal(4, 4), (2, 4, 4)))
    np.testing.assert_allclose(to_numpy(fast), expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(to_numpy(slow), expected, rtol=1e-4, atol=1e-5)


def test_gate_and_output_shape():
    layer = layers.MultiHeadAttention(2, 3, use_gate=True, output_shape=6, use_bias=False)
    output = layer(QUERY, VALUE)
    expected, _ = _reference(layer, QUERY, VALUE, gate=True)
    np.testing.assert_allclose(to_numpy(output), expected, rtol=1e-4, atol=1e-5)
    assert [w.path.split("/")[1] for w in layer.weights] == [
        "query",
        "key",
        "gate",
        "value",
        "attention_output",
    ]
    shaped = layers.MultiHeadAttention(2, 3, output_shape=(2, 5))
    assert ops.shape(shaped(QUERY, VALUE)) == (2, 4, 2, 5)
    assert tuple(shaped.output_dense.kernel.shape) == (2, 3, 2, 5)


def test_attention_over_two_axes():
    layer = layers.MultiHeadAttention(num_heads=2, key_dim=2, attention_axes=(1, 2))
    x = RNG.normal(size=(2, 3, 2, 4)).astype("float32")
    output, scores = layer(x, x, return_attention_scores=True)
    assert ops.shape(output) == (2, 3, 2, 4) and ops.shape(scores) == (2, 2, 3, 2, 3, 2)
    w = _weights(layer)
    q = _project(x, w["query"], "bxyd,dnh->bxynh") / np.sqrt(2)
    k = _project(x, w["key"], "bxyd,dnh->bxynh")
    v = _project(x, w["value"], "bxyd,dnh->bxynh")
    logits = np.einsum("bxynh,bzwnh->bnxyzw", q, k).reshape(2, 2, 3, 2, 6)
    probabilities = softmax(logits).reshape(2, 2, 3, 2, 3, 2)
    heads = np.einsum("bnxyzw,bzwnh->bxynh", probabilities, v)
    expected = _project(heads, w["attention_output"], "bxynh,nhd->bxyd")
    np.testing.assert_allclose(to_numpy(output), expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(to_numpy(scores), probabilities, rtol=1e-4, atol=1e-6)
    assert layer.get_config()["attention_axes"] == (1, 2)


def test_symbolic_specs_and_functional_model():
    query, value = lamina.Input((4, 6)), lamina.Input((5, 6))
    layer = layers.MultiHeadAttention(2, 3, name="mha")
    output, scores = layer(query, value, return_attention_scores=True)
    assert output.shape == (None, 4, 6) and scores.shape == (None, 2, 4, 5)
    assert layer.compute_output_shape((2, 4, 6), (2, 5, 3)) == (2, 4, 6)
    model = lamina.Model([query, value], output)
    np.testing.assert_allclose(
        to_numpy(model([QUERY, VALUE])), to_numpy(layer(QUERY, VALUE)), rtol=1e-6, atol=1e-6
    )
    rebuilt = lamina.Model.from_config(model.get_config())
    assert rebuilt.get_layer("mha").get_build_config() == {
        "shapes_dict": {"query_shape": (None, 4, 6), "value_shape": (None, 5, 6)}
    }


def test_keyword_call_builds_from_all_shapes():
    layer = layers.MultiHeadAttention(2, 3)
    output = layer(query=QUERY, value=VALUE, key=KEY)
    assert ops.shape(output) == (2, 4, 6)
    assert [tuple(w.shape) for w in layer.weights][::2] == [
        (6, 2, 3),
        (7, 2, 3),
        (6, 2, 3),
        (2, 3, 6),
    ]


def test_weight_layout_and_paths_follow_keras():
    layer = layers.MultiHeadAttention(num_heads=2, key_dim=3, value_dim=4, name="mha")
    layer(QUERY, VALUE)
    assert [(w.path, tuple(w.shape)) for w in layer.weights] == [
        ("mha/query/kernel", (6, 2, 3)),
        ("mha/query/bias", (2, 3)),
        ("mha/key/kernel", (6, 2, 3)),
        ("mha/key/bias", (2, 3)),
        ("mha/value/kernel", (6, 2, 4)),
        ("mha/value/bias", (2, 4)),
        ("mha/attention_output/kernel", (2, 4, 6)),
        ("mha/attention_output/bias", (6,)),
    ]
    assert layer.query_dense.name == "query" and layer.output_dense.name == "attention_output"
    assert layer.count_params() == (36 + 6) + (36 + 6) + (48 + 8) + (48 + 6)


def test_config_round_trip_and_gradient_step():
    layer = layers.MultiHeadAttention(
        2, 3, value_dim=2, dropout=0.1, output_shape=5, kernel_regularizer="l2", seed=4
    )
    config = layer.get_config()
    assert config["num_heads"] == 2 and config["value_dim"] == 2 and config["output_shape"] == (5,)
    assert config["kernel_regularizer"]["class_name"] == "L2" and config["seed"] == 4
    check_round_trip(layer, lambda lay: lay(QUERY, VALUE, value_mask=VALUE_MASK))
    assert len(layer.losses) == 4
    # Dropout acts only while training.
    inference = to_numpy(layer(QUERY, VALUE))
    np.testing.assert_allclose(inference, _reference(layer, QUERY, VALUE)[0], rtol=1e-4, atol=1e-5)
    assert not np.allclose(to_numpy(layer(QUERY, VALUE, training=True)), inference)
    check_gradient_step(
        lambda q, v, m: layers.MultiHeadAttention(2, 3)(q, v, value_mask=m),
        [QUERY, VALUE, VALUE_MASK],
    )


def test_padding_mask_from_embedding_matches_unpadded_sequence():
    tokens = lamina.Input((None,), dtype="int32")
    x = layers.Embedding(10, 6, mask_zero=True)(tokens)
    model = lamina.Model(tokens, layers.MultiHeadAttention(2, 3)(x, x))
    padded = model(np.array([[3, 1, 4, 1, 0, 0]], "int32"))
    unpadded = model(np.array([[3, 1, 4, 1]], "int32"))
    np.testing.assert_allclose(to_numpy(padded)[:, :4], to_numpy(unpadded), rtol=1e-5, atol=1e-6)


def test_functional_model_passes_each_arguments_mask():
    # Keras's rule: a layer with several tensor arguments gets `<argument>_mask` for each.
    queries, values = lamina.Input((None,), dtype="int32"), lamina.Input((None,), dtype="int32")
    embed_q, embed_v = (
        layers.Embedding(10, 6, mask_zero=True),
        layers.Embedding(10, 6, mask_zero=True),
    )
    attention = layers.MultiHeadAttention(2, 3)
    model = lamina.Model([queries, values], attention(embed_q(queries), embed_v(values)))
    q_tokens = np.array([[3, 1, 4, 0]], "int32")
    v_tokens = np.array([[2, 7, 0, 0, 0]], "int32")
    output = model([q_tokens, v_tokens])
    expected = attention(
        embed_q(q_tokens), embed_v(v_tokens), query_mask=q_tokens != 0, value_mask=v_tokens != 0
    )
    unmasked_value = attention(embed_q(q_tokens), embed_v(v_tokens), query_mask=q_tokens != 0)
    np.testing.assert_allclose(to_numpy(output), to_numpy(expected), rtol=1e-5, atol=1e-6)
    assert not np.allclose(to_numpy(output), to_numpy(unmasked_value), atol=1e-4)


def test_rejects_bad_arguments():
    for kwargs, message in [
        ({"num_heads": 0, "key_dim": 2}, "num_heads must be a positive int"),
        ({"num_heads": 2, "key_dim": 2.5}, "key_dim must be a positive int"),
        ({"num_heads": 2, "key_dim": 2, "value_dim": -1}, "value_dim must be a positive int"),
        ({"num_heads": 2, "key_dim": 2, "output_shape": "x"}, "output_shape must be"),
        ({"num_heads": 2, "key_dim": 2, "attention_axes": "x"}, "attention_axes must be"),
        ({"num_heads": 2, "key_dim": 2, "dropout": 1.5}, r"dropout must be in \[0, 1\)"),
        ({"num_heads": 2, "key_dim": 2, "dropout": 0.1, "flash_attention": True}, "flash"),
    ]:
        with pytest.raises(ValueError, match=f"MultiHeadAttention '.*': {message}"):
            layers.MultiHeadAttention(**kwargs)


def test_rejects_mismatched_key_and_value_and_missing_value():
    layer = layers.MultiHeadAttention(2, 3, name="mha")
    with pytest.raises(ValueError, match=r"'mha': value and key .* \(2, 5, 6\) .* \(2, 4, 7\)"):
        layer(QUERY, VALUE, ops.ones((2, 4, 7)))
    with pytest.raises(TypeError, match=r"MultiHeadAttention 'mha' must be called as layer"):
        layer(QUERY)
    flash = layers.MultiHeadAttention(2, 3, flash_attention=True, name="flash")
    with pytest.raises(ValueError, match=r"'flash': flash_attention=True cannot return"):
        flash(QUERY, VALUE, return_attention_scores=True)
