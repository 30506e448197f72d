"""`check_merge_layer`: the steps of `check_layer`, for layers that take a list of inputs.

On the active backend it: checks the symbolic output spec (batch dim None) and
`compute_output_shape`; calls the layer eagerly on NumPy-generated inputs and compares with a
NumPy `reference(*inputs)`; round-trips `from_config(get_config())`; runs the layer in a
Functional model with one Input per input (and round-trips that model's config); and, where the
backend differentiates, compares the gradient of `sum(output * r)` with finite differences of
the reference.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import lamina
from lamina import ops
from tests.support.layer_check import make_input
from tests.support.op_check import BACKEND, DIFFERENTIABLE_BACKENDS


def _to_numpy(x: Any) -> np.ndarray:
    return np.asarray(ops.convert_to_numpy(x))


def check_merge_layer(
    layer_cls: Callable[..., Any],
    init_kwargs: dict | None,
    input_shapes: list[tuple],
    expected_output_shape: tuple,
    reference: Callable[..., Any],
    atol: float = 1e-5,
) -> Any:
    """Runs the standard checks on `layer_cls(**init_kwargs)` called on a list of inputs."""
    init_kwargs = dict(init_kwargs or {})
    inputs_np = [make_input(shape, seed=i) for i, shape in enumerate(input_shapes)]
    layer = layer_cls(**init_kwargs)

    symbolic = [lamina.SymbolicTensor((None, *shape[1:]), "float32") for shape in input_shapes]
    symbolic_out = layer(symbolic)
    assert tuple(symbolic_out.shape) == (None, *expected_output_shape[1:])
    assert tuple(layer.compute_output_shape(input_shapes)) == tuple(expected_output_shape)

    tensors = [ops.convert_to_tensor(x) for x in inputs_np]
    output = layer(tensors)
    out_np = _to_numpy(output)
    assert out_np.shape == tuple(expected_output_shape)
    assert ops.dtype(output) == symbolic_out.dtype
    assert layer.weights == []
    expected = np.asarray(reference(*[x.astype("float64") for x in inputs_np]))
    np.testing.assert_allclose(out_np, expected, rtol=1e-5, atol=atol)

    clone = type(layer).from_config(layer.get_config())
    np.testing.assert_allclose(_to_numpy(clone(tensors)), out_np, rtol=1e-6, atol=1e-6)

    model_inputs = [lamina.Input(shape=shape[1:]) for shape in input_shapes]
    model = lamina.Model(model_inputs, layer_cls(**init_kwargs)(model_inputs))
    np.testing.assert_allclose(_to_numpy(model(inputs_np)), out_np, rtol=1e-6, atol=1e-6)
    rebuilt = type(model).from_config(model.get_config())
    np.testing.assert_allclose(_to_numpy(rebuilt(inputs_np)), out_np, rtol=1e-6, atol=1e-6)

    if BACKEND in DIFFERENTIABLE_BACKENDS:
        _check_gradient(layer, inputs_np, reference)
    return layer


def _check_gradient(layer: Any, inputs_np: list[np.ndarray], reference: Callable) -> None:
    """The gradient of `sum(layer(inputs) * r)` w.r.t. each input vs central differences."""
    inputs64 = [x.astype("float64") for x in inputs_np]
    weights = np.random.default_rng(1).normal(size=np.shape(reference(*inputs64)))

    def loss_fn(values: list) -> Any:
        return ops.sum(ops.multiply(layer(values), ops.convert_to_tensor(weights, "float32")))

    _, grads = lamina.backend.core.value_and_grad(loss_fn)(
        [ops.convert_to_tensor(x) for x in inputs_np]
    )
    step = 1e-6
    for index, grad in enumerate(grads):
        numeric = np.zeros_like(inputs64[index])
        for position in np.ndindex(numeric.shape):
            shifted = [x.copy() for x in inputs64]
            shifted[index][position] += step
            upper = np.sum(reference(*shifted) * weights)
            shifted[index][position] -= 2 * step
            lower = np.sum(reference(*shifted) * weights)
            numeric[position] = (upper - lower) / (2 * step)
        np.testing.assert_allclose(_to_numpy(grad), numeric, rtol=1e-3, atol=1e-4)
