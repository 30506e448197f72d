"""The fused kernels of LSTM and GRU (`run_fused`): when they run, and that they give the
outputs and gradients of the loop over the cell (`use_cudnn=False`)."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import backend, layers, ops
from tests.layers.rnn.rnn_reference import MASKS
from tests.support.op_check import BACKEND, DIFFERENTIABLE_BACKENDS

RNG = np.random.default_rng(0)
FUSED_BACKENDS = ("torch", "jax")


@pytest.fixture
def kernel_calls(monkeypatch):
    """Records each call of backend.rnn.lstm / gru as (name, "ran" or "refused")."""
    calls: list[tuple[str, str]] = []
    for name in ("lstm", "gru"):
        original = getattr(backend.rnn, name)

        def spy(*args, _original=original, _name=name, **kwargs):
            try:
                result = _original(*args, **kwargs)
            except NotImplementedError:
                calls.append((_name, "refused"))
                raise
            calls.append((_name, "ran"))
            return result

        monkeypatch.setattr(backend.rnn, name, spy)
    return calls


def _pair(cls, **kwargs):
    """A layer on the fused path and one on the cell loop, with the same weights."""
    x = ops.ones((4, 6, 3))
    fused, looped = cls(5, **kwargs), cls(5, use_cudnn=False, **kwargs)
    fused(x)
    looped(x)
    looped.set_weights(fused.get_weights())
    return fused, looped


def _loss_and_grads(layer, x, mask):
    non_trainable = [v.value for v in layer.non_trainable_variables]

    def loss_fn(values):
        outputs, _ = layer.stateless_call(values, non_trainable, x, mask=mask)
        leaves = outputs if isinstance(outputs, (list, tuple)) else [outputs]
        return sum(ops.sum(leaf * leaf) for leaf in leaves)

    trainable = [v.value for v in layer.trainable_variables]
    loss, grads = lamina.backend.core.value_and_grad(loss_fn)(trainable)
    return float(ops.convert_to_numpy(loss)), [ops.convert_to_numpy(g) for g in grads]


@pytest.mark.skipif(
    BACKEND not in DIFFERENTIABLE_BACKENDS, reason="the numpy backend computes no gradients"
)
@pytest.mark.parametrize("cls", [layers.LSTM, layers.GRU])
@pytest.mark.parametrize(
    ("go_backwards", "mask_name"),
    [(False, "none"), (False, "right_padded"), (True, "right_padded")],
)
def test_fused_and_loop_give_same_outputs_and_gradients(cls, go_backwards, mask_name, kernel_calls):
    fused, looped = _pair(cls, go_backwards=go_backwards, return_sequences=True, return_state=True)
    kernel_calls.clear()
    x = ops.convert_to_tensor(RNG.normal(size=(4, 6, 3)).astype("float32"))
    mask = None if MASKS[mask_name] is None else ops.convert_to_tensor(MASKS[mask_name])
    fused_loss, fused_grads = _loss_and_grads(fused, x, mask)
    assert kernel_calls and kernel_calls[-1][1] == "ran"
    loop_loss, loop_grads = _loss_and_grads(looped, x, mask)
    assert len(kernel_calls) == 1, "use_cudnn=False must not call the fused kernel"
    np.testing.assert_allclose(fused_loss, loop_loss, rtol=1e-5)
    for a, b in zip(fused_grads, loop_grads):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("cls", [layers.LSTM, layers.GRU])
def test_fused_kernel_runs_where_the_backend_has_one(cls, kernel_calls):
    layer = cls(3)
    layer(ops.convert_to_tensor(RNG.normal(size=(2, 4, 5)).astype("float32")))
    expected = "ran" if BACKEND in FUSED_BACKENDS else "refused"
    assert kernel_calls == [(cls.__name__.lower(), expected)]


def test_torch_refuses_masks_it_cannot_express_as_lengths(kernel_calls):
    x = ops.convert_to_tensor(RNG.normal(size=(4, 6, 3)).astype("float32"))
    fused, looped = _pair(layers.LSTM, return_sequences=True)
    kernel_calls.clear()
    mask = ops.convert_to_tensor(MASKS["arbitrary"])
    np.testing.assert_allclose(
        ops.convert_to_numpy(fused(x, mask=mask)),
        ops.convert_to_numpy(looped(x, mask=mask)),
        rtol=1e-5,
        atol=1e-6,
    )
    expected = {"torch": "refused", "jax": "ran", "numpy": "refused"}[BACKEND]
    assert kernel_calls == [("lstm", expected)]


def test_gru_reset_before_and_custom_activations_on_torch(kernel_calls):
    layers.GRU(3, reset_after=False)(ops.ones((2, 4, 5)))
    layers.LSTM(3, activation="relu")(ops.ones((2, 4, 5)))
    expected = "ran" if BACKEND == "jax" else "refused"
    assert kernel_calls == [("gru", expected), ("lstm", expected)]


@pytest.mark.parametrize("cls", [layers.LSTM, layers.GRU])
def test_fused_dropout_uses_the_cells_mask(cls):
    x = ops.convert_to_tensor(RNG.normal(size=(3, 5, 4)).astype("float32"))
    fused, looped = cls(4, dropout=0.5, seed=11), cls(4, dropout=0.5, seed=11, use_cudnn=False)
    fused(x)
    looped(x)
    looped.set_weights(fused.get_weights())
    np.testing.assert_allclose(
        ops.convert_to_numpy(fused(x, training=True)),
        ops.convert_to_numpy(looped(x, training=True)),
        rtol=1e-5,
        atol=1e-6,
    )
