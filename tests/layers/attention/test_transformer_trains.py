"""A small Transformer encoder (Embedding + MultiHeadAttention + LayerNormalization +
feed-forward + GlobalAveragePooling1D + Dense) trains with Model.fit and beats chance.

(The Embedding(mask_zero=True) - Bidirectional(LSTM) - Dense classifier is trained in
tests/layers/rnn/test_rnn_training.py.)"""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers, ops
from tests.support.op_check import BACKEND, DIFFERENTIABLE_BACKENDS

pytestmark = pytest.mark.skipif(
    BACKEND not in DIFFERENTIABLE_BACKENDS, reason="the numpy backend cannot train"
)


def _task(count: int, steps: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Right-padded token sequences (ids 1..9, padding 0) of random lengths; label: whether
    token 7 occurs (about half of them)."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(3, steps + 1, size=count)
    tokens = rng.integers(1, 10, size=(count, steps))
    tokens[np.arange(steps)[None, :] >= lengths[:, None]] = 0
    return tokens.astype("int32"), (tokens == 7).any(axis=1).astype("float32")


def _encoder(steps: int) -> lamina.Model:
    tokens = lamina.Input((steps,), dtype="int32")
    x = layers.Embedding(10, 16, mask_zero=True)(tokens)
    attended = layers.MultiHeadAttention(num_heads=2, key_dim=8)(x, x)
    x = layers.LayerNormalization()(layers.Add()([x, attended]))
    hidden = layers.Dense(32, activation="relu")(x)
    x = layers.LayerNormalization()(layers.Add()([x, layers.Dense(16)(hidden)]))
    x = layers.GlobalAveragePooling1D()(x)
    return lamina.Model(tokens, layers.Dense(1, activation="sigmoid")(x))


def test_transformer_encoder_trains_with_fit():
    lamina.utils.set_random_seed(0)
    tokens, labels = _task(384, 10, seed=0)
    model = _encoder(10)
    model.compile(
        optimizer=lamina.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"]
    )
    history = model.fit(tokens[:256], labels[:256], epochs=6, batch_size=32, verbose=0)
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]
    predicted = ops.convert_to_numpy(model.predict(tokens[256:], verbose=0))[:, 0] > 0.5
    # Chance is about 0.5 (half the sequences hold a 7).
    assert np.mean(predicted == labels[256:].astype(bool)) > 0.85
