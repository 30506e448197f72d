"""Attention files written by real Keras 3.15.1 (made by fixtures/make_fixtures.py here) load
in lamina and give Keras's outputs: a MultiHeadAttention `.weights.h5` (Keras's weight
layout: EinsumDense sublayers query/key/value/attention_output) and a `.keras` model with
every attention layer behind an Embedding(mask_zero=True)."""

from __future__ import annotations

import os

import numpy as np

import lamina
from lamina import layers
from lamina.saving import load_model
from tests.layers.attention.attention_check import to_numpy

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")


def _load(name: str) -> np.ndarray:
    return np.load(os.path.join(FIXTURES, name))


def test_multi_head_attention_weights_from_keras():
    query = lamina.Input((5, 8), name="query")
    value = lamina.Input((3, 6), name="value")
    allowed = lamina.Input((5, 3), dtype="bool", name="attention_mask")
    attention = layers.MultiHeadAttention(num_heads=2, key_dim=4, value_dim=3, name="mha")
    output, scores = attention(query, value, attention_mask=allowed, return_attention_scores=True)
    model = lamina.Model([query, value, allowed], [output, scores])
    model.load_weights(os.path.join(FIXTURES, "mha.weights.h5"))
    inputs = [_load(f"mha_input_{i}.npy") for i in range(3)]
    expected_output, expected_scores = _load("mha_output_0.npy"), _load("mha_output_1.npy")
    got_output, got_scores = model.predict(inputs, verbose=0)
    np.testing.assert_allclose(got_output, expected_output, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got_scores, expected_scores, rtol=1e-5, atol=1e-6)
    # The fused path (no scores asked for) gives the same output.
    fused = attention(inputs[0], inputs[1], attention_mask=inputs[2])
    np.testing.assert_allclose(to_numpy(fused), expected_output, rtol=1e-5, atol=1e-5)


def test_attention_model_from_keras():
    model = load_model(os.path.join(FIXTURES, "attention_block.keras"))
    tokens = _load("attention_block_input_0.npy")
    np.testing.assert_allclose(
        model.predict(tokens, verbose=0),
        _load("attention_block_output_0.npy"),
        rtol=1e-5,
        atol=1e-5,
    )
    grouped = model.get_layer("grouped")
    assert isinstance(grouped, layers.GroupedQueryAttention)
    assert model.get_layer("causal_attention").get_config()["output_shape"] == (5,)
