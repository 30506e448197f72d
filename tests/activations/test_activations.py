"""Every activation of `lamina.activations` against a NumPy formula, on the active backend:
values in float32 (spot checks in float16 and float64), dtypes, symbolic shapes, errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special

import lamina
from lamina import activations, ops

RNG = np.random.default_rng(0)
SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805
TOLERANCES = {"float16": (2e-2, 2e-3), "float32": (1e-5, 1e-6), "float64": (1e-12, 1e-12)}


def _softmax(x, axis=-1):
    shifted = np.exp(x - x.max(axis=axis, keepdims=True))
    return shifted / shifted.sum(axis=axis, keepdims=True)


def _sparsemax(x, axis=-1):
    # Per slice: the largest k with 1 + k * z_k > z_1 + ... + z_k (z sorted descending).
    moved = np.moveaxis(x, axis, -1)
    out = np.zeros_like(moved)
    for index in np.ndindex(moved.shape[:-1]):
        z = np.sort(moved[index])[::-1]
        k = max(k for k in range(1, z.size + 1) if 1 + k * z[k - 1] > z[:k].sum())
        out[index] = np.maximum(moved[index] - (z[:k].sum() - 1) / k, 0)
    return np.moveaxis(out, -1, axis)


def _hard_sigmoid(x):
    return np.clip(x + 3, 0, 6) / 6


# name -> (float64 NumPy formula, keyword arguments for both)
REFERENCES = {
    "relu": (lambda x: np.maximum(x, 0), {}),
    "relu6": (lambda x: np.clip(x, 0, 6), {}),
    "leaky_relu": (lambda x, negative_slope=0.2: np.where(x >= 0, x, negative_slope * x), {}),
    "elu": (lambda x, alpha=1.0: np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0))), {}),
    "selu": (
        lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(np.minimum(x, 0))),
        {},
    ),
    "celu": (
        lambda x, alpha=1.0: np.maximum(x, 0) + np.minimum(alpha * np.expm1(x / alpha), 0),
        {"alpha": 1.5},
    ),
    "gelu": (lambda x: 0.5 * x * (1 + special.erf(x / math.sqrt(2))), {}),
    "silu": (lambda x: x * special.expit(x), {}),
    "swish": (lambda x: x * special.expit(x), {}),
    "mish": (lambda x: x * np.tanh(np.logaddexp(0, x)), {}),
    "sigmoid": (special.expit, {}),
    "hard_sigmoid": (_hard_sigmoid, {}),
    "hard_silu": (lambda x: x * _hard_sigmoid(x), {}),
    "hard_swish": (lambda x: x * _hard_sigmoid(x), {}),
    "log_sigmoid": (lambda x: -np.logaddexp(0, -x), {}),
    "softplus": (lambda x: np.logaddexp(0, x), {}),
    "softsign": (lambda x: x / (1 + np.abs(x)), {}),
    "softmax": (_softmax, {}),
    "log_softmax": (lambda x, axis=-1: np.log(_softmax(x, axis)), {"axis": 0}),
    "tanh": (np.tanh, {}),
    "tanh_shrink": (lambda x: x - np.tanh(x), {}),
    "exponential": (np.exp, {}),
    "linear": (lambda x: x, {}),
    "glu": (lambda x, axis=-1: x[..., :3] * special.expit(x[..., 3:]), {}),
    "hard_tanh": (lambda x: np.clip(x, -1, 1), {}),
    "hard_shrink": (lambda x, threshold=0.5: np.where(np.abs(x) > threshold, x, 0), {}),
    "soft_shrink": (
        lambda x, threshold=0.5: np.sign(x) * np.maximum(np.abs(x) - threshold, 0),
        {"threshold": 0.7},
    ),
    "threshold": (
        lambda x, threshold, default_value: np.where(x > threshold, x, default_value),
        {"threshold": 0.25, "default_value": -3.0},
    ),
    "sparse_plus": (lambda x: np.where(x <= -1, 0, np.where(x >= 1, x, (x + 1) ** 2 / 4)), {}),
    "sparse_sigmoid": (lambda x: np.clip((x + 1) / 2, 0, 1), {}),
    "squareplus": (lambda x, b=4: (x + np.sqrt(x**2 + b)) / 2, {"b": 2.0}),
    "sparsemax": (_sparsemax, {}),
}


def _check(name, dtype, shape=(4, 6)):
    reference, kwargs = REFERENCES[name]
    x = (RNG.normal(size=shape) * 2.5).astype(dtype)
    y = getattr(activations, name)(ops.convert_to_tensor(x), **kwargs)
    expected = reference(x.astype(np.float64), **kwargs)
    rtol, atol = TOLERANCES[dtype]
    assert ops.dtype(y) == dtype
    np.testing.assert_allclose(ops.convert_to_numpy(y).astype(np.float64), expected, rtol, atol)


def test_every_exported_activation_has_a_reference():
    exported = set(activations.__all__) - {"get", "serialize", "deserialize"}
    assert exported == set(REFERENCES)


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_matches_numpy_in_float32(name):
    _check(name, "float32")


@pytest.mark.parametrize("name", ["relu", "gelu", "softmax", "sparsemax", "soft_shrink"])
@pytest.mark.parametrize("dtype", ["float16", "float64"])
def test_matches_numpy_in_other_floats(name, dtype):
    _check(name, dtype)


def test_gelu_approximate_matches_tanh_form():
    x = RNG.normal(size=(10,)).astype("float32")
    inner = math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)
    expected = 0.5 * x * (1 + np.tanh(inner))
    y = activations.gelu(ops.convert_to_tensor(x), approximate=True)
    np.testing.assert_allclose(ops.convert_to_numpy(y), expected, rtol=1e-5, atol=1e-6)


def test_softmax_over_a_tuple_of_axes():
    x = RNG.normal(size=(2, 3, 4)).astype("float32")
    y = ops.convert_to_numpy(activations.softmax(ops.convert_to_tensor(x), axis=(1, 2)))
    expected = np.exp(x) / np.exp(x).sum(axis=(1, 2), keepdims=True)
    np.testing.assert_allclose(y, expected, rtol=1e-5, atol=1e-6)


def test_sparsemax_on_first_axis_sums_to_one():
    x = RNG.normal(size=(5, 3)).astype("float32")
    y = ops.convert_to_numpy(activations.sparsemax(ops.convert_to_tensor(x), axis=0))
    np.testing.assert_allclose(y, _sparsemax(x.astype(np.float64), axis=0), atol=1e-6)
    np.testing.assert_allclose(y.sum(axis=0), np.ones(3), rtol=1e-6)


def test_linear_returns_its_input():
    x = ops.ones((2,))
    assert activations.linear(x) is x


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_symbolic_input_gives_symbolic_output(name):
    _, kwargs = REFERENCES[name]
    x = lamina.SymbolicTensor((None, 6), "float32")
    y = getattr(activations, name)(x, **kwargs)
    expected = (None, 3) if name == "glu" else (None, 6)
    assert isinstance(y, lamina.SymbolicTensor)
    assert ops.shape(y) == expected
    assert ops.dtype(y) == "float32"


def test_squareplus_rejects_negative_b():
    with pytest.raises(ValueError, match=r"squareplus expected b >= 0, received b=-1"):
        activations.squareplus(ops.ones((2,)), b=-1)
