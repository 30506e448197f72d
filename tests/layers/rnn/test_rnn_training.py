"""Recurrent models train with Model.fit: a masked bidirectional LSTM classifier, and a
stateful GRU whose states the compiled step carries."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers, ops
from tests.support.op_check import BACKEND, DIFFERENTIABLE_BACKENDS

pytestmark = pytest.mark.skipif(
    BACKEND not in DIFFERENTIABLE_BACKENDS, reason="the numpy backend cannot train"
)


def _padded_task(count: int, steps: int, vocab: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Token sequences of random lengths, right-padded with 0; label: whether token 7 occurs."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(3, steps + 1, size=count)
    tokens = rng.integers(1, vocab, size=(count, steps))
    tokens[np.arange(steps)[None, :] >= lengths[:, None]] = 0
    return tokens.astype("int32"), (tokens == 7).any(axis=1).astype("float32")


def test_masked_bidirectional_lstm_classifier_trains():
    lamina.utils.set_random_seed(0)
    tokens, labels = _padded_task(480, 12, 10, seed=0)
    model = lamina.Sequential(
        [
            lamina.Input((12,), dtype="int32"),
            layers.Embedding(10, 8, mask_zero=True),
            layers.Bidirectional(layers.LSTM(8)),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(
        optimizer=lamina.optimizers.Adam(0.02), loss="binary_crossentropy", metrics=["accuracy"]
    )
    history = model.fit(tokens[:384], labels[:384], epochs=6, batch_size=32, verbose=0)
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]
    # Held-out accuracy; chance is about 0.5 (half the sequences hold a 7).
    predicted = ops.convert_to_numpy(model(tokens[384:]))[:, 0] > 0.5
    assert np.mean(predicted == labels[384:].astype(bool)) > 0.85
    # Padding is skipped: the same sequence without its padding gets the same prediction.
    short = tokens[384:385, : int((tokens[384] != 0).sum())]
    padded, unpadded = model(tokens[384:385]), model(short)
    np.testing.assert_allclose(
        ops.convert_to_numpy(padded), ops.convert_to_numpy(unpadded), rtol=1e-5, atol=1e-6
    )


def test_stateful_gru_states_survive_fit():
    lamina.utils.set_random_seed(1)
    model = lamina.Sequential(
        [lamina.Input((5, 2), batch_size=4), layers.GRU(3, stateful=True), layers.Dense(1)]
    )
    model.compile(optimizer="sgd", loss="mse")
    x = np.random.default_rng(1).normal(size=(8, 5, 2)).astype("float32")
    model.fit(x, np.ones((8, 1), "float32"), batch_size=4, epochs=1, shuffle=False, verbose=0)
    state = model.layers[0].states[0].numpy()
    assert state.shape == (4, 3) and np.abs(state).sum() > 0
    model.layers[0].reset_states()
    assert not model.layers[0].states[0].numpy().any()
