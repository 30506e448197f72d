"""GroupedQueryAttention against a NumPy oracle using the layer's own weights (fused and einsum
paths), masks, shapes, weights layout, config, a gradient step, and errors."""

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
VALUE_MASK = np.array([[True, True, False, True, False], [True, True, True, True, True]])


def _reference(layer, query, value, keep=None):
    """`(output, probabilities)`: key/value head `g` serves query heads
    `g * repeats ... (g + 1) * repeats - 1`."""
    weights = {s.name: [w.numpy().astype("float64") for w in s.weights] for s in layer.layers}

    def project(x, name, equation):
        kernel, bias = weights[name]
        return np.einsum(equation, x, kernel) + bias

    q = project(query, "query", "btd,dnh->btnh")
    repeats = q.shape[2] // weights["key"][0].shape[1]
    k = np.repeat(project(value, "key", "bsd,dnh->bsnh"), repeats, axis=2)
    v = np.repeat(project(value, "value", "bsd,dnh->bsnh"), repeats, axis=2)
    logits = np.einsum("btnh,bsnh->bnts", q, k) / np.sqrt(q.shape[-1])
    probabilities = softmax(logits, None if keep is None else keep[:, None])
    heads = np.einsum("bnts,bsnh->btnh", probabilities, v)
    kernel, bias = weights["attention_output"]
    return np.einsum("btnh,nhd->btd", heads, kernel) + bias, probabilities


def test_matches_reference_on_both_paths_with_masks():
    layer = layers.GroupedQueryAttention(head_dim=3, num_query_heads=4, num_key_value_heads=2)
    fast = layer(QUERY, VALUE, value_mask=VALUE_MASK, use_causal_mask=True)
    slow, scores = layer(
        QUERY, VALUE, value_mask=VALUE_MASK, use_causal_mask=True, return_attention_scores=True
    )
    keep = VALUE_MASK[:, None, :] & causal(4, 5)[None]
    expected, probabilities = _reference(layer, QUERY, VALUE, keep)
    np.testing.assert_allclose(to_numpy(fast), expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(to_numpy(slow), expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(to_numpy(scores), probabilities, rtol=1e-4, atol=1e-6)
    # Causal only: the fused kernel's own causal mode.
    expected, _ = _reference(layer, QUERY, QUERY, np.broadcast_to(causal(4, 4), (2, 4, 4)))
    output = layer(QUERY, QUERY, use_causal_mask=True)
    np.testing.assert_allclose(to_numpy(output), expected, rtol=1e-4, atol=1e-5)


def test_weights_layout_and_symbolic_shapes():
    layer = layers.GroupQueryAttention(
        head_dim=3, num_query_heads=4, num_key_value_heads=2, use_gate=True, name="gqa"
    )
    query, value = lamina.Input((4, 6)), lamina.Input((5, 6))
    output, scores = layer(query, value, return_attention_scores=True)
    assert output.shape == (None, 4, 6) and scores.shape == (None, 4, 4, 5)
    assert [(w.path, tuple(w.shape)) for w in layer.weights][::2] == [
        ("gqa/query/kernel", (6, 4, 3)),
        ("gqa/key/kernel", (6, 2, 3)),
        ("gqa/gate/kernel", (6, 4, 3)),
        ("gqa/value/kernel", (6, 2, 3)),
        ("gqa/attention_output/kernel", (4, 3, 6)),
    ]
    assert layer.get_build_config() == {
        "shapes_dict": {"query_shape": (None, 4, 6), "value_shape": (None, 5, 6)}
    }


def test_config_round_trip_and_gradient_step():
    layer = layers.GroupedQueryAttention(
        head_dim=3, num_query_heads=4, num_key_value_heads=1, dropout=0.2, seed=2
    )
    config = layer.get_config()
    assert (config["head_dim"], config["num_query_heads"], config["num_key_value_heads"]) == (
        3,
        4,
        1,
    )
    check_round_trip(layer, lambda lay: lay(QUERY, VALUE, value_mask=VALUE_MASK))
    assert not np.allclose(
        to_numpy(layer(QUERY, VALUE, training=True)), to_numpy(layer(QUERY, VALUE))
    )
    check_gradient_step(lambda q, v: layers.GroupedQueryAttention(3, 4, 1)(q, v), [QUERY, VALUE])


def test_rejects_bad_arguments_and_shapes():
    with pytest.raises(ValueError, match=r"GroupedQueryAttention '.*': num_query_heads must be a"):
        layers.GroupedQueryAttention(head_dim=2, num_query_heads=3, num_key_value_heads=2)
    with pytest.raises(ValueError, match=r"GroupedQueryAttention '.*': head_dim must be a pos"):
        layers.GroupedQueryAttention(head_dim=0, num_query_heads=2, num_key_value_heads=2)
    with pytest.raises(ValueError, match=r"GroupedQueryAttention '.*': dropout must be"):
        layers.GroupedQueryAttention(2, 2, 2, dropout=-0.1)
    layer = layers.GroupedQueryAttention(2, 2, 2, name="gqa")
    with pytest.raises(ValueError, match=r"'gqa': query and value .* \(2, 4, 6\) .* \(2, 5, 3\)"):
        layer(QUERY, ops.ones((2, 5, 3)))
