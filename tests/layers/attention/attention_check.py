"""Helpers for the attention-layer tests: NumPy oracles of masked softmax attention, and the
config / weight round trip and gradient step of `check_layer`, for layers called on several
tensors (`check_layer` handles single-input layers)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import lamina
from lamina import ops
from tests.support.op_check import BACKEND, DIFFERENTIABLE_BACKENDS


def to_numpy(x: Any) -> Any:
    if isinstance(x, (list, tuple)):
        return [to_numpy(v) for v in x]
    return np.asarray(ops.convert_to_numpy(x))


def softmax(logits: np.ndarray, keep: np.ndarray | None = None, axis: Any = -1) -> np.ndarray:
    """Softmax over `axis` where `keep` is True (masked entries get -1e9 before it)."""
    logits = logits.astype("float64")
    if keep is not None:
        logits = np.where(keep, logits, logits - 1e9)
    logits = logits - logits.max(axis=axis, keepdims=True)
    weights = np.exp(logits)
    return weights / weights.sum(axis=axis, keepdims=True)


def causal(query_length: int, key_length: int) -> np.ndarray:
    return np.tril(np.ones((query_length, key_length), dtype=bool))


def check_round_trip(layer: Any, call: Callable[[Any], Any]) -> None:
    """`from_config(get_config())` plus `set_weights(get_weights())` gives the same outputs;
    `call(layer)` runs the layer on fixed inputs."""
    expected = to_numpy(call(layer))
    clone = type(layer).from_config(layer.get_config())
    call(clone)
    clone.set_weights(layer.get_weights())
    np.testing.assert_allclose(to_numpy(call(clone)), expected, rtol=1e-6, atol=1e-6)


def check_gradient_step(build: Callable[..., Any], inputs: list[np.ndarray]) -> None:
    """In a Functional model around `build(*symbolic_inputs)`, one training step on
    `mse(outputs, 1)` lowers the loss (on backends that train). The step is compiled on jax,
    which costs much less there than differentiating op by op."""
    if BACKEND not in DIFFERENTIABLE_BACKENDS:
        return
    symbolic = [lamina.Input(x.shape[1:], dtype=str(x.dtype)) for x in inputs]
    model = lamina.Model(symbolic, build(*symbolic))
    assert model.trainable_weights
    model.compile(optimizer=lamina.optimizers.SGD(0.05), loss="mse")
    targets = np.ones(tuple(model.outputs[0].shape[1:]), "float32")[None].repeat(len(inputs[0]), 0)
    first = float(model.train_on_batch(inputs, targets))
    second = float(model.train_on_batch(inputs, targets))
    assert np.isfinite(first) and second < first, (first, second)
