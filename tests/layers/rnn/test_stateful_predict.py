"""Stateful RNNs in `Model.predict`: each batch continues from the states the previous batch
(or the previous predict call) left, as calling the model batch by batch does."""

from __future__ import annotations

import numpy as np

import lamina
from lamina import layers, ops
from tests.layers.rnn.rnn_reference import layer_reference

RNG = np.random.default_rng(0)
BATCH, STEPS, FEATURES, UNITS = 2, 3, 2, 4


def _stateful_model(steps_per_execution: int = 1) -> lamina.Sequential:
    model = lamina.Sequential(
        [
            lamina.Input((STEPS, FEATURES), batch_size=BATCH),
            layers.LSTM(UNITS, stateful=True, return_sequences=True),
        ]
    )
    model.compile(steps_per_execution=steps_per_execution)
    return model


def _by_position(batches: np.ndarray) -> np.ndarray:
    """(batches * BATCH, steps, ...) -> (BATCH, batches * steps, ...): sample i of each batch
    continues sample i of the batch before, so together they form one long sequence."""
    count = len(batches) // BATCH
    grouped = batches.reshape(count, BATCH, *batches.shape[1:])
    return np.concatenate(list(grouped), axis=1)


def _by_batch(sequences: np.ndarray) -> np.ndarray:
    """The inverse of `_by_position`."""
    count = sequences.shape[1] // STEPS
    return np.concatenate(np.split(sequences, count, axis=1), axis=0)


def test_predict_continues_states_across_batches_and_calls():
    model = _stateful_model(steps_per_execution=2)
    x = RNG.normal(size=(3 * BATCH, STEPS, FEATURES)).astype("float32")
    first = model.predict(x, batch_size=BATCH, verbose=0)
    second = model.predict(x, batch_size=BATCH, verbose=0)
    lstm = model.layers[0]
    weights = {w.name: w.numpy() for w in lstm.weights}
    long = _by_position(np.concatenate([x, x]))
    _, want, states = layer_reference("lstm", long, weights)
    np.testing.assert_allclose(first, _by_batch(want[:, : 3 * STEPS]), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(second, _by_batch(want[:, 3 * STEPS :]), rtol=1e-5, atol=1e-5)
    for variable, expected in zip(lstm.states, states):
        np.testing.assert_allclose(variable.numpy(), expected, rtol=1e-5, atol=1e-5)


def test_predict_equals_batch_by_batch_calls():
    model = _stateful_model()
    x = RNG.normal(size=(2 * BATCH, STEPS, FEATURES)).astype("float32")
    predicted = model.predict(x, batch_size=BATCH, verbose=0)
    predicted_states = [v.numpy() for v in model.layers[0].states]
    model.layers[0].reset_states()
    called = [ops.convert_to_numpy(model(x[i : i + BATCH])) for i in range(0, len(x), BATCH)]
    np.testing.assert_allclose(predicted, np.concatenate(called), rtol=1e-5, atol=1e-6)
    for variable, expected in zip(model.layers[0].states, predicted_states):
        np.testing.assert_allclose(variable.numpy(), expected, rtol=1e-5, atol=1e-6)
    # predict_on_batch continues from the states too.
    continued = model.predict_on_batch(x[:BATCH])
    model.layers[0].reset_states()
    for i in range(0, len(x), BATCH):
        model(x[i : i + BATCH])
    want = ops.convert_to_numpy(model(x[:BATCH]))
    np.testing.assert_allclose(continued, want, rtol=1e-5, atol=1e-6)


def test_predict_leaves_a_stateless_model_state_alone():
    model = lamina.Sequential(
        [lamina.Input((STEPS, FEATURES)), layers.LSTM(UNITS), layers.BatchNormalization()]
    )
    moving = [v.numpy() for v in model.non_trainable_variables]
    x = RNG.normal(size=(2 * BATCH, STEPS, FEATURES)).astype("float32")
    first = model.predict(x, batch_size=BATCH, verbose=0)
    np.testing.assert_allclose(model.predict(x, batch_size=BATCH, verbose=0), first, atol=1e-6)
    for variable, before in zip(model.non_trainable_variables, moving):
        np.testing.assert_array_equal(variable.numpy(), before)
