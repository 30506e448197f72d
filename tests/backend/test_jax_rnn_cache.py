"""The jax backend's cache of compiled recurrent loops: repeated eager calls of `ops.rnn` with
the same step reuse one compiled loop, and still read the step's current weights, dropout
masks and Python values; inside a jax trace the cache is not used."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers, ops
from tests.layers.rnn.rnn_reference import layer_reference

pytestmark = pytest.mark.skipif(
    lamina.backend.backend() != "jax",
    reason="the compiled-loop cache belongs to the jax backend's rnn",
)

RNG = np.random.default_rng(0)


@pytest.fixture
def loops(monkeypatch):
    """The backend's rnn module with an empty cache; `loops.traced` counts loop traces."""
    from lamina.backend.jax import rnn as jax_rnn

    jax_rnn._compiled_loops.clear()
    original = jax_rnn._loop

    def counting_loop(*args):
        jax_rnn.traced += 1
        return original(*args)

    monkeypatch.setattr(jax_rnn, "traced", 0, raising=False)
    monkeypatch.setattr(jax_rnn, "_loop", counting_loop)
    yield jax_rnn
    jax_rnn._compiled_loops.clear()


def _weights(layer):
    return {w.name: w.numpy() for w in layer.weights}


def test_repeated_calls_compile_once_and_read_current_weights(loops):
    layer = layers.SimpleRNN(3, return_sequences=True)
    x = RNG.normal(size=(2, 4, 2)).astype("float32")
    for _ in range(3):
        got = ops.convert_to_numpy(layer(x))
    np.testing.assert_allclose(got, layer_reference("simple", x, _weights(layer))[1], atol=1e-5)
    assert loops.traced == 1 and len(loops._compiled_loops) == 1
    # New weights are arguments of the compiled loop, not constants baked into it.
    layer.set_weights([RNG.normal(size=w.shape).astype("float32") for w in layer.get_weights()])
    got = ops.convert_to_numpy(layer(x))
    np.testing.assert_allclose(got, layer_reference("simple", x, _weights(layer))[1], atol=1e-5)
    assert loops.traced == 1 and len(loops._compiled_loops) == 1


class ScaledSum:
    """A plain cell: `total = total + x * scale + offset` (an array and a Python float)."""

    state_size = 1

    def __init__(self):
        self.scale = ops.ones((1,))
        self.offset = 0.0

    def call(self, inputs, states):
        total = states[0] + inputs * self.scale + self.offset
        return total, [total]


def test_closed_over_arrays_and_python_values_are_honoured(loops):
    cell = ScaledSum()
    layer = layers.RNN(cell, return_sequences=True)
    x = RNG.normal(size=(2, 3, 1)).astype("float32")
    sums = np.cumsum(x, axis=1)
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x)), sums, atol=1e-6)
    cell.scale = ops.convert_to_tensor([2.0])
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x)), 2 * sums, atol=1e-6)
    assert len(loops._compiled_loops) == 1  # Same computation, another array: one loop.
    cell.offset = 1.0
    steps = np.arange(1, 4, dtype="float32")[None, :, None]
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x)), 2 * sums + steps, atol=1e-6)
    assert len(loops._compiled_loops) == 2  # A new literal is a new computation.


def test_dropout_masks_of_each_call_are_used(loops):
    layer = layers.SimpleRNN(8, recurrent_dropout=0.5, seed=1)
    x = RNG.normal(size=(2, 4, 2)).astype("float32")
    first = ops.convert_to_numpy(layer(x, training=True))
    second = ops.convert_to_numpy(layer(x, training=True))
    assert not np.allclose(first, second)
    assert len(loops._compiled_loops) == 1
    want = layer_reference("simple", x, _weights(layer))[0]
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x)), want, atol=1e-5)


def test_traced_calls_bypass_the_cache(loops):
    import jax

    layer = layers.SimpleRNN(3)
    x = RNG.normal(size=(2, 4, 2)).astype("float32")
    eager = ops.convert_to_numpy(layer(x))
    count = len(loops._compiled_loops)
    traced = jax.jit(lambda values, others, x: layer.stateless_call(values, others, x)[0])
    got = traced(
        [v.value for v in layer.trainable_variables],
        [v.value for v in layer.non_trainable_variables],
        x,
    )
    np.testing.assert_allclose(np.asarray(got), eager, atol=1e-6)
    assert len(loops._compiled_loops) == count


def test_steps_with_callbacks_are_not_cached(loops):
    import jax

    seen = []

    def step(x_t, states):
        jax.debug.callback(lambda value: seen.append(value.shape), x_t)
        total = states[0] + x_t
        return total, [total]

    x = ops.ones((2, 3, 1))
    _, outputs, _ = ops.rnn(step, x, [ops.zeros((2, 1))])
    assert ops.convert_to_numpy(outputs)[0, :, 0].tolist() == [1.0, 2.0, 3.0]
    assert seen == [(2, 1)] * 3 and len(loops._compiled_loops) == 0


def test_steps_calling_jitted_closures_over_arrays_are_not_cached(loops):
    import jax

    def summed_with(scale):
        # The jitted function's jaxpr holds `scale` as a constant, printed without its value.
        scaled = jax.jit(lambda value: value * scale)

        def step(x_t, states):
            total = states[0] + scaled(x_t)
            return total, [total]

        return step

    x = ops.ones((2, 3, 1))
    for scale in (1.0, 2.0):
        step = summed_with(ops.convert_to_tensor([scale]))
        _, outputs, _ = ops.rnn(step, x, [ops.zeros((2, 1))])
        assert ops.convert_to_numpy(outputs)[0, :, 0].tolist() == [scale, 2 * scale, 3 * scale]
    assert len(loops._compiled_loops) == 0
