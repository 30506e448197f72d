"""Attention against NumPy (dot and concat scores, scale, masks, causal), its config, its use
in a Functional model with padding masks, a gradient step, and its errors."""

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
KEY = RNG.normal(size=(2, 5, 6)).astype("float32")
QUERY_MASK = np.array([[True, True, True, False], [True, True, True, True]])
VALUE_MASK = np.array([[True, True, True, False, False], [True, False, True, True, True]])


def _reference(
    scores: np.ndarray, value: np.ndarray, keep: np.ndarray | None, query_mask: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    distribution = softmax(scores, keep)
    output = distribution @ value
    if query_mask is not None:
        output = np.where(query_mask[..., None], output, 0.0)
    return output, distribution


def test_dot_scores_with_key_and_masks():
    layer = layers.Attention()
    output, scores = layer(
        [QUERY, VALUE, KEY], mask=[QUERY_MASK, VALUE_MASK], return_attention_scores=True
    )
    expected, distribution = _reference(
        QUERY @ KEY.transpose(0, 2, 1), VALUE, VALUE_MASK[:, None, :], QUERY_MASK
    )
    np.testing.assert_allclose(to_numpy(output), expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(to_numpy(scores), distribution, rtol=1e-5, atol=1e-6)
    assert layer.weights == []


def test_learned_scale_and_causal_mask():
    layer = layers.Attention(use_scale=True)
    layer([QUERY, VALUE])
    layer.scale.assign(0.5)
    output = layer([QUERY, VALUE], mask=[None, VALUE_MASK], use_causal_mask=True)
    keep = VALUE_MASK[:, None, :] & causal(4, 5)[None]
    expected, _ = _reference(0.5 * QUERY @ VALUE.transpose(0, 2, 1), VALUE, keep, None)
    np.testing.assert_allclose(to_numpy(output), expected, rtol=1e-5, atol=1e-6)
    assert [w.path for w in layer.weights] == [f"{layer.name}/scale"]


def test_concat_scores():
    layer = layers.Attention(use_scale=True, score_mode="concat")
    layer([QUERY, VALUE])
    layer.scale.assign(0.7)
    layer.concat_score_weight.assign(1.5)
    output = layer([QUERY, VALUE])
    pairs = np.tanh(0.7 * (QUERY[:, :, None, :] + VALUE[:, None, :, :]))
    expected, _ = _reference(1.5 * pairs.sum(-1), VALUE, None, None)
    np.testing.assert_allclose(to_numpy(output), expected, rtol=1e-5, atol=1e-6)
    assert [tuple(w.shape) for w in layer.weights] == [(), ()]


def test_symbolic_shapes_and_output_mask():
    query = lamina.SymbolicTensor((None, 4, 6))
    value = lamina.SymbolicTensor((None, 5, 3))
    layer = layers.Attention()
    output, scores = layer(
        [query, value, lamina.SymbolicTensor((None, 5, 6))], return_attention_scores=True
    )
    assert output.shape == (None, 4, 3) and scores.shape == (None, 4, 5)
    assert layer.compute_output_shape([(2, 4, 6), (2, 5, 3), (2, 5, 6)]) == (2, 4, 3)
    mask = layer.compute_mask([QUERY, VALUE], [QUERY_MASK, VALUE_MASK])
    np.testing.assert_array_equal(to_numpy(mask), QUERY_MASK)
    assert layer.compute_mask([QUERY, VALUE], None) is None


def test_config_round_trip_and_gradient_step():
    layer = layers.Attention(use_scale=True, score_mode="concat", dropout=0.2, seed=3)
    config = layer.get_config()
    assert {k: config[k] for k in ("use_scale", "score_mode", "dropout", "seed")} == {
        "use_scale": True,
        "score_mode": "concat",
        "dropout": 0.2,
        "seed": 3,
    }
    check_round_trip(layer, lambda lay: lay([QUERY, VALUE], mask=[QUERY_MASK, VALUE_MASK]))
    # Dropout acts only while training; the scores returned are taken before it.
    inference = to_numpy(layer([QUERY, VALUE]))
    trained, distribution = layer([QUERY, VALUE], training=True, return_attention_scores=True)
    assert not np.allclose(to_numpy(trained), inference)
    np.testing.assert_allclose(to_numpy(distribution).sum(-1), 1.0, rtol=1e-5)
    check_gradient_step(
        lambda q, v, qm, vm: layers.Attention(use_scale=True, score_mode="concat")(
            [q, v], mask=[qm, vm]
        ),
        [QUERY, VALUE, QUERY_MASK, VALUE_MASK],
    )


def test_masks_flow_from_embedding_in_functional_model():
    tokens = lamina.Input((5,), dtype="int32")
    queries = lamina.Input((4, 6))
    values = layers.Embedding(10, 6, mask_zero=True)(tokens)
    model = lamina.Model([queries, tokens], layers.Attention()([queries, values]))
    ids = np.array([[1, 2, 3, 0, 0], [4, 0, 5, 6, 7]], "int32")
    output = to_numpy(model([QUERY, ids]))
    embedding = next(lay for lay in model.layers if isinstance(lay, layers.Embedding))
    value = embedding.embeddings.numpy()[ids]
    expected, _ = _reference(QUERY @ value.transpose(0, 2, 1), value, (ids != 0)[:, None], None)
    np.testing.assert_allclose(output, expected, rtol=1e-5, atol=1e-6)


def test_rejects_mismatched_query_and_value_last_axes():
    layer = layers.Attention(name="att")
    with pytest.raises(ValueError, match=r"Attention 'att'.*\(2, 4, 6\).*\(2, 5, 3\)"):
        layer([QUERY, ops.ones((2, 5, 3))])
    with pytest.raises(ValueError, match=r"AdditiveAttention '.*'.*query shape \(None, 4, 6\)"):
        layers.AdditiveAttention()(
            [lamina.SymbolicTensor((None, 4, 6)), lamina.SymbolicTensor((None, 5, 2))]
        )


def test_rejects_key_and_value_of_different_lengths():
    with pytest.raises(ValueError, match=r"Attention '.*': key and value .* \(2, 4, 6\)"):
        layers.Attention()([QUERY, VALUE, ops.ones((2, 4, 6))])


def test_rejects_bad_inputs_and_arguments():
    with pytest.raises(ValueError, match=r"Attention '.*' must be called on a list"):
        layers.Attention()(QUERY)
    with pytest.raises(ValueError, match=r"Attention '.*': mask must be a list"):
        layers.Attention()([QUERY, VALUE], mask=QUERY_MASK)
    with pytest.raises(ValueError, match=r"Attention '.*': score_mode must be one of"):
        layers.Attention(score_mode="add")
    with pytest.raises(ValueError, match=r"Attention '.*': dropout must be in \[0, 1\)"):
        layers.Attention(dropout=1.0)
