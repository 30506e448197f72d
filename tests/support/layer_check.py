"""The one shared layer-test helper (STYLE.md §8): `check_layer`.

On the active backend it: constructs the layer; checks the symbolic output spec (batch dim None)
and `compute_output_shape`; calls it eagerly and checks shape and weight counts; compares the
output with a NumPy `reference(x, weights)` of the layer's formula; round-trips
`from_config(get_config())` and the weights to identical outputs; runs it inside Sequential and
Functional models; and, where the backend trains, takes one gradient step that lowers a loss.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import lamina
from lamina import ops
from tests.support.op_check import BACKEND, DIFFERENTIABLE_BACKENDS, tolerance


def _to_numpy(x: Any) -> Any:
    if isinstance(x, (list, tuple)):
        return [_to_numpy(v) for v in x]
    return np.asarray(ops.convert_to_numpy(x))


def make_input(shape: tuple, dtype: str = "float32", seed: int = 0) -> np.ndarray:
    """Random test input: normal floats, or small non-negative ints for int dtypes."""
    rng = np.random.default_rng(seed)
    if dtype.startswith(("int", "uint")):
        return rng.integers(0, 5, size=shape).astype(dtype)
    if dtype == "bool":
        return rng.integers(0, 2, size=shape).astype(bool)
    return rng.normal(size=shape).astype(dtype)


def check_layer(
    layer_cls: Callable[..., Any],
    init_kwargs: dict | None = None,
    input_shape: tuple | None = None,
    expected_output_shape: tuple | None = None,
    expected_num_weights: int | None = None,
    expected_num_trainable_weights: int | None = None,
    reference: Callable[..., Any] | None = None,
    input_data: np.ndarray | None = None,
    input_dtype: str = "float32",
    call_kwargs: dict | None = None,
    check_training_step: bool = True,
    check_models: bool = True,
    rtol: float | None = None,
    atol: float | None = None,
) -> Any:
    """Runs the standard checks on `layer_cls(**init_kwargs)`; returns the layer.

    `reference(x, weights)` gets the input as NumPy and the weights as a dict of NumPy arrays
    keyed by variable name (e.g. `{"kernel": ..., "bias": ...}`).
    """
    init_kwargs = dict(init_kwargs or {})
    call_kwargs = dict(call_kwargs or {})
    x_np = input_data if input_data is not None else make_input(input_shape, input_dtype)
    input_shape = tuple(x_np.shape)
    layer = layer_cls(**init_kwargs)

    # Symbolic call: spec with an unknown batch dim, and compute_output_shape.
    symbolic_in = lamina.SymbolicTensor((None, *input_shape[1:]), str(x_np.dtype))
    symbolic_out = layer(symbolic_in, **call_kwargs)
    if expected_output_shape is not None:
        expected_symbolic = (None, *tuple(expected_output_shape)[1:])
        assert tuple(symbolic_out.shape) == expected_symbolic, (
            f"{layer_cls.__name__}: symbolic shape {symbolic_out.shape} != {expected_symbolic}"
        )
        assert tuple(layer.compute_output_shape(input_shape)) == tuple(expected_output_shape)

    # Eager call.
    x = ops.convert_to_tensor(x_np)
    output = layer(x, **call_kwargs)
    out_np = _to_numpy(output)
    if expected_output_shape is not None:
        assert tuple(out_np.shape) == tuple(expected_output_shape), (
            f"{layer_cls.__name__}: eager shape {out_np.shape} != {expected_output_shape}"
        )
    assert ops.dtype(output) == symbolic_out.dtype, "eager dtype differs from symbolic spec"
    if expected_num_weights is not None:
        assert len(layer.weights) == expected_num_weights, [w.path for w in layer.weights]
    if expected_num_trainable_weights is not None:
        assert len(layer.trainable_weights) == expected_num_trainable_weights

    if reference is not None:
        weights = {w.name: w.numpy() for w in layer.weights}
        expected = np.asarray(reference(x_np, weights))
        default_rtol, default_atol = tolerance(ops.dtype(output))
        np.testing.assert_allclose(
            out_np,
            expected,
            rtol=default_rtol * 10 if rtol is None else rtol,
            atol=max(default_atol * 10, 1e-5) if atol is None else atol,
            err_msg=f"{layer_cls.__name__} vs its NumPy reference on {BACKEND}",
        )

    # Config and weights round trip.
    clone = type(layer).from_config(layer.get_config())
    clone(ops.convert_to_tensor(x_np), **call_kwargs)
    clone.set_weights(layer.get_weights())
    np.testing.assert_allclose(_to_numpy(clone(x, **call_kwargs)), out_np, rtol=1e-6, atol=1e-6)

    if check_models:
        _check_in_models(layer, x_np, out_np, call_kwargs)
    if check_training_step and BACKEND in DIFFERENTIABLE_BACKENDS and layer.trainable_weights:
        _check_training_step(layer, x, call_kwargs)
    return layer


def _check_in_models(layer: Any, x_np: np.ndarray, out_np: Any, call_kwargs: dict) -> None:
    if call_kwargs:
        return
    dtype = str(x_np.dtype)
    sequential = lamina.Sequential([lamina.Input(shape=x_np.shape[1:], dtype=dtype), layer])
    np.testing.assert_allclose(_to_numpy(sequential(x_np)), out_np, rtol=1e-6, atol=1e-6)
    inputs = lamina.Input(shape=x_np.shape[1:], dtype=dtype)
    functional = lamina.Model(inputs, layer(inputs))
    np.testing.assert_allclose(_to_numpy(functional(x_np)), out_np, rtol=1e-6, atol=1e-6)


def _check_training_step(layer: Any, x: Any, call_kwargs: dict) -> None:
    trainable = [v.value for v in layer.trainable_variables]
    non_trainable = [v.value for v in layer.non_trainable_variables]

    def loss_fn(values: list) -> Any:
        outputs, _ = layer.stateless_call(values, non_trainable, x, **call_kwargs)
        leaves = outputs if isinstance(outputs, (list, tuple)) else [outputs]
        return sum(ops.mean(ops.square(ops.cast(o, "float32") - 1.0)) for o in leaves)

    grad_fn = lamina.backend.core.value_and_grad(loss_fn)
    loss, grads = grad_fn(trainable)
    for variable, grad in zip(layer.trainable_variables, grads):
        grad_np = _to_numpy(grad)
        assert grad_np.shape == variable.shape, f"gradient shape of {variable.path}"
        assert np.all(np.isfinite(grad_np)), f"non-finite gradient for {variable.path}"
    total = sum(float(np.sum(np.square(_to_numpy(g)))) for g in grads)
    if total == 0.0:
        return
    step = 1e-2 / max(np.sqrt(total), 1.0)
    updated = [v - step * g for v, g in zip(trainable, grads)]
    new_loss, _ = grad_fn(updated)
    assert float(_to_numpy(new_loss)) < float(_to_numpy(loss)), (
        "a gradient step did not lower the loss"
    )
