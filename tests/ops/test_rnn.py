"""ops.rnn against a NumPy loop with Keras's masking rules, its symbolic spec, and its errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import ops
from tests.layers.rnn.rnn_reference import run_rnn
from tests.support.op_check import BACKEND, DIFFERENTIABLE_BACKENDS

RNG = np.random.default_rng(0)


def _weights() -> tuple[np.ndarray, np.ndarray]:
    return RNG.normal(size=(3, 4)).astype("float32"), RNG.normal(size=(4, 4)).astype("float32")


def _step_for(kernel: np.ndarray, recurrent: np.ndarray, backend_ops: bool):
    def step(x_t, states):
        if backend_ops:
            h = ops.tanh(ops.matmul(x_t, kernel) + ops.matmul(states[0], recurrent))
        else:
            h = np.tanh(x_t @ kernel + states[0] @ recurrent)
        return h, [h]

    return step


def _numpy(x):
    return np.asarray(ops.convert_to_numpy(x))


@pytest.mark.parametrize("go_backwards", [False, True])
@pytest.mark.parametrize("zero_output_for_mask", [False, True])
def test_rnn_matches_numpy_loop_with_mask(go_backwards, zero_output_for_mask):
    kernel, recurrent = _weights()
    x = RNG.normal(size=(3, 5, 3)).astype("float32")
    h0 = RNG.normal(size=(3, 4)).astype("float32")
    mask = np.array([[1, 0, 1, 1, 0], [1, 1, 1, 1, 1], [0, 0, 1, 0, 1]], bool)
    last, outputs, states = ops.rnn(
        _step_for(kernel, recurrent, True),
        ops.convert_to_tensor(x),
        [ops.convert_to_tensor(h0)],
        go_backwards=go_backwards,
        mask=ops.convert_to_tensor(mask),
        zero_output_for_mask=zero_output_for_mask,
    )
    want_last, want_outputs, want_states = run_rnn(
        _step_for(kernel, recurrent, False), x, [h0], mask, go_backwards, zero_output_for_mask
    )
    np.testing.assert_allclose(_numpy(outputs), want_outputs, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_numpy(last), want_last, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_numpy(states[0]), want_states[0], rtol=1e-5, atol=1e-5)


def test_rnn_masked_steps_repeat_previous_output_and_keep_state():
    def step(x_t, states):
        total = states[0] + x_t
        return total, [total]

    x = ops.ones((1, 4, 1))
    mask = ops.convert_to_tensor(np.array([[False, True, False, True]]))
    last, outputs, states = ops.rnn(step, x, [ops.zeros((1, 1))], mask=mask)
    assert _numpy(outputs).ravel().tolist() == [0.0, 1.0, 1.0, 2.0]
    assert _numpy(states[0]).ravel().tolist() == [2.0]
    assert _numpy(last).ravel().tolist() == [2.0]


def test_rnn_time_major_constants_and_last_output_only():
    def step(x_t, states):
        scale = states[1]
        total = states[0] + x_t * scale
        return total * 10.0, [total]

    x = np.arange(6, dtype="float32").reshape(3, 2, 1)  # (timesteps, batch, features)
    last, outputs, states = ops.rnn(
        step,
        ops.convert_to_tensor(x),
        [ops.zeros((2, 1))],
        constants=[ops.full((2, 1), 2.0)],
        time_major=True,
        return_all_outputs=False,
    )
    totals = 2.0 * x.cumsum(axis=0)
    np.testing.assert_allclose(_numpy(states[0]), totals[-1])
    np.testing.assert_allclose(_numpy(last), 10.0 * totals[-1])
    assert ops.shape(outputs) == (1, 2, 1)


def test_rnn_keeps_nested_state_structure_and_unrolls():
    def step(x_t, states):
        (a, b), c = states
        return a + x_t, [[a + x_t, b * 2.0], c - 1.0]

    initial = [[ops.zeros((2, 1)), ops.ones((2, 1))], ops.zeros((2, 1))]
    _, outputs, states = ops.rnn(step, ops.ones((2, 3, 1)), initial, unroll=True)
    assert isinstance(states, list) and isinstance(states[0], list)
    assert _numpy(states[0][1]).ravel().tolist() == [8.0, 8.0]
    assert _numpy(states[1]).ravel().tolist() == [-3.0, -3.0]
    assert _numpy(outputs)[0, :, 0].tolist() == [1.0, 2.0, 3.0]


def test_rnn_symbolic_spec():
    kernel, recurrent = _weights()
    x = lamina.SymbolicTensor((None, 7, 3), "float32")
    last, outputs, states = ops.rnn(
        _step_for(kernel, recurrent, True), x, [lamina.SymbolicTensor((None, 4), "float32")]
    )
    assert last.shape == (None, 4)
    assert outputs.shape == (None, 7, 4)
    assert states[0].shape == (None, 4)
    _, outputs, _ = ops.rnn(
        _step_for(kernel, recurrent, True),
        x,
        [lamina.SymbolicTensor((None, 4), "float32")],
        return_all_outputs=False,
    )
    assert outputs.shape == (None, 1, 4)


def test_rnn_rejects_inputs_without_time_axis():
    kernel, recurrent = _weights()
    with pytest.raises(ValueError, match=r"rnn: every input must have rank >= 3.*\[\(2, 3\)\]"):
        ops.rnn(_step_for(kernel, recurrent, True), ops.ones((2, 3)), [ops.zeros((2, 4))])


def test_rnn_rejects_mask_of_wrong_shape():
    kernel, recurrent = _weights()
    with pytest.raises(ValueError, match=r"rnn: mask must have shape \(2, 5\).*\(2, 4\)"):
        ops.rnn(
            _step_for(kernel, recurrent, True),
            ops.ones((2, 5, 3)),
            [ops.zeros((2, 4))],
            mask=ops.ones((2, 4), dtype="bool"),
        )


def test_rnn_rejects_step_changing_the_number_of_states():
    def step(x_t, states):
        return x_t, [x_t, x_t]

    with pytest.raises(ValueError, match="rnn: step_function must return as many states"):
        ops.rnn(step, lamina.SymbolicTensor((None, 5, 3), "float32"), [ops.zeros((2, 3))])


def test_rnn_rejects_sequences_without_timesteps():
    with pytest.raises(ValueError, match=r"rnn: needs at least one timestep.*\(2, 0, 3\)"):
        ops.rnn(lambda x, s: (x, s), ops.ones((2, 0, 3)), [ops.zeros((2, 3))])


def test_rnn_rejects_unroll_with_unknown_timesteps():
    with pytest.raises(ValueError, match="rnn: unroll=True needs a known timestep"):
        ops.rnn(
            lambda x, s: (x, s),
            lamina.SymbolicTensor((None, None, 3), "float32"),
            [ops.zeros((2, 3))],
            unroll=True,
        )


@pytest.mark.skipif(
    BACKEND not in DIFFERENTIABLE_BACKENDS, reason="the numpy backend computes no gradients"
)
def test_rnn_gradient_matches_finite_differences():
    kernel, recurrent = _weights()
    x = ops.convert_to_tensor(RNG.normal(size=(2, 4, 3)))
    mask = ops.convert_to_tensor(np.array([[1, 1, 0, 1], [1, 0, 0, 0]], bool))
    recurrent64 = ops.convert_to_tensor(recurrent.astype("float64"))

    def loss(k):
        def step(x_t, states):
            h = ops.tanh(ops.matmul(x_t, k) + ops.matmul(states[0], recurrent64))
            return h, [h]

        _, outputs, _ = ops.rnn(step, x, [ops.zeros((2, 4), "float64")], mask=mask)
        return ops.sum(outputs * outputs)

    k0 = ops.convert_to_tensor(kernel.astype("float64"))
    _, grad = lamina.backend.core.value_and_grad(loss)(k0)
    # The derivative along a random direction, by central differences.
    direction = RNG.normal(size=kernel.shape)
    eps = 1e-6
    plus = float(_numpy(loss(k0 + ops.convert_to_tensor(eps * direction))))
    minus = float(_numpy(loss(k0 - ops.convert_to_tensor(eps * direction))))
    numeric = (plus - minus) / (2 * eps)
    np.testing.assert_allclose(np.sum(_numpy(grad) * direction), numeric, rtol=1e-6)


@pytest.mark.skipif(BACKEND != "jax", reason="jax.jit is the jax backend's compiled path")
def test_rnn_compiles_under_jax_jit():
    import jax

    kernel, recurrent = _weights()
    step = _step_for(kernel, recurrent, True)

    @jax.jit
    def run(x, mask):
        return ops.rnn(step, x, [ops.zeros((2, 4))], mask=mask)[1]

    x = RNG.normal(size=(2, 5, 3)).astype("float32")
    mask = np.array([[1, 1, 1, 0, 0], [1, 0, 1, 1, 1]], bool)
    _, want, _ = run_rnn(_step_for(kernel, recurrent, False), x, [np.zeros((2, 4))], mask)
    np.testing.assert_allclose(np.asarray(run(x, mask)), want, rtol=1e-5, atol=1e-5)
