"""Encodings (one_hot, multi_hot) and normalization ops (moments, normalize,
batch_normalization) of `lamina.ops.nn` against NumPy: values, dtypes, specs, gradients, errors."""

from __future__ import annotations

import ml_dtypes
import numpy as np
import pytest

import lamina
from lamina import ops
from tests.support.op_check import check_gradient, check_op

RNG = np.random.default_rng(0)


def _cast(x, dtype):
    return x.astype(ml_dtypes.bfloat16) if dtype == "bfloat16" else x.astype(dtype)


def _one_hot_reference(x, num_classes, axis=-1, dtype=None):
    encoded = (np.expand_dims(x, -1) == np.arange(num_classes)).astype(dtype or "float32")
    return np.moveaxis(encoded, -1, axis)


def _multi_hot_reference(inputs, num_classes, axis=-1, dtype=None):
    encoded = _one_hot_reference(inputs, num_classes, axis, dtype)
    return encoded.max(axis=1 if encoded.ndim > 2 else 0)


@pytest.mark.parametrize(
    ("shape", "axis", "dtype"),
    [((4,), -1, None), ((2, 3), 0, "int32"), ((2, 3), 1, "bfloat16"), ((0, 2), -1, None)],
)
def test_one_hot_matches_reference(shape, axis, dtype):
    x = RNG.integers(-1, 6, shape).astype("int32")  # -1 and 5 are out of range: all zeros.
    kwargs = {"num_classes": 5, "axis": axis, "dtype": dtype}
    check_op(ops.one_hot, [x], _one_hot_reference, kwargs, dtype or "float32")


def test_one_hot_of_a_scalar_and_other_integer_dtypes():
    check_op(ops.one_hot, [np.array(2, "uint8")], _one_hot_reference, {"num_classes": 3})
    x = np.array([[0, 1]], "int64")
    check_op(ops.one_hot, [x], _one_hot_reference, {"num_classes": 2, "dtype": "bool"}, "bool")


@pytest.mark.parametrize(
    ("shape", "axis"), [((3,), -1), ((2, 3), -1), ((2, 3), 0), ((2, 4, 3), -1)]
)
def test_multi_hot_matches_reference(shape, axis):
    x = RNG.integers(0, 4, shape).astype("int32")
    check_op(ops.multi_hot, [x], _multi_hot_reference, {"num_classes": 4, "axis": axis})


def test_multi_hot_accepts_num_tokens():
    result = ops.multi_hot(np.array([[0, 2]]), num_tokens=3, dtype="int32")
    assert ops.dtype(result) == "int32"
    assert ops.convert_to_numpy(result).tolist() == [[1, 0, 1]]


def _moments_reference(x, axes, keepdims=False):
    x64 = np.asarray(x).astype(np.float64)
    axes = tuple(axes) if isinstance(axes, list) else axes
    return x64.mean(axis=axes, keepdims=keepdims), x64.var(axis=axes, keepdims=keepdims)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64"])
def test_moments_matches_reference(dtype):
    x = _cast(RNG.normal(3.0, 2.0, (4, 3, 5)), dtype)
    for axes, keepdims in (([0], False), ([0, 2], True), (1, False)):
        kwargs = {"axes": axes, "keepdims": keepdims}
        check_op(ops.moments, [x], _moments_reference, kwargs, dtype)


def test_moments_of_integers_and_empty_batches():
    x = RNG.integers(0, 10, (6, 2)).astype("int32")
    check_op(ops.moments, [x], _moments_reference, {"axes": [0]}, "float32")
    empty = np.zeros((0, 3), "float32")
    check_op(ops.moments, [empty], _moments_reference, {"axes": [1]}, "float32")


def test_moments_of_half_precision_does_not_overflow():
    x = np.full((4096,), 300.0, "float16")
    mean, variance = ops.moments(x, axes=[0])
    assert ops.convert_to_numpy(mean).tolist() == 300.0
    assert ops.convert_to_numpy(variance).tolist() == 0.0


def _normalize_reference(x, axis=-1, order=2, epsilon=None):
    x64 = np.asarray(x).astype(np.float64)
    axis = tuple(axis) if isinstance(axis, list) else axis
    norm = np.sum(np.abs(x64) ** order, axis=axis, keepdims=True) ** (1 / order)
    return x64 / np.maximum(norm, 1e-7 if epsilon is None else epsilon)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64"])
def test_normalize_matches_reference(dtype):
    x = _cast(RNG.normal(size=(3, 4)), dtype)
    for kwargs in ({}, {"order": 1}, {"order": 3, "axis": 0}, {"axis": (0, 1)}):
        check_op(ops.normalize, [x], _normalize_reference, kwargs, dtype)


def test_normalize_zero_vectors_and_epsilon():
    x = np.array([[0.0, 0.0], [3e-4, 4e-4]], "float32")
    check_op(ops.normalize, [x], _normalize_reference)
    check_op(ops.normalize, [x], _normalize_reference, {"epsilon": 1e-2})
    check_op(ops.normalize, [np.zeros((0, 3), "float32")], _normalize_reference)


def _batch_normalization_reference(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    shape = [1] * np.ndim(x)
    shape[axis] = -1

    def param(value, default):
        return np.reshape(np.float64(default) if value is None else _f64(value), shape)

    normalized = (_f64(x) - param(mean, 0)) / np.sqrt(param(variance, 1) + epsilon)
    return normalized * param(scale, 1) + param(offset, 0)


def _f64(x):
    return np.asarray(x).astype(np.float64)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64"])
def test_batch_normalization_matches_reference(dtype):
    x = _cast(RNG.normal(size=(2, 3, 4)), dtype)
    for axis in (-1, 1):
        size = x.shape[axis]
        mean, offset = RNG.normal(size=size), RNG.normal(size=size)
        variance, scale = RNG.uniform(0.5, 2, size), RNG.uniform(0.5, 2, size)
        full = [x, mean, variance, axis, offset, scale]
        check_op(ops.batch_normalization, full, _batch_normalization_reference, None, dtype)
        plain = [x, _cast(mean, dtype), _cast(variance, dtype), axis]
        kwargs = {"epsilon": 1e-5}
        check_op(ops.batch_normalization, plain, _batch_normalization_reference, kwargs, dtype)


def test_batch_normalization_keeps_half_inputs_with_float32_statistics():
    x = RNG.normal(size=(0, 3)).astype("float16")
    mean, variance = np.zeros(3, "float32"), np.ones(3, "float32")
    args = [x, mean, variance, -1]
    check_op(ops.batch_normalization, args, _batch_normalization_reference, None, "float16")


def test_normalization_gradients():
    x = RNG.normal(size=(3, 4))
    check_gradient(lambda a: ops.moments(a, [0])[1], [x])
    check_gradient(ops.normalize, [x])
    check_gradient(ops.normalize, [x], {"order": 3, "axis": 0})
    mean, variance = RNG.normal(size=4), RNG.uniform(0.5, 2, 4)
    offset, scale = RNG.normal(size=4), RNG.uniform(0.5, 2, 4)
    args = [x, mean, variance, -1, offset, scale]
    check_gradient(ops.batch_normalization, args, argnums=(0, 1, 2, 4, 5))


def test_one_hot_rejects_non_integer_labels():
    with pytest.raises(TypeError, match=r"one_hot: x must be an integer tensor, received dtype"):
        ops.one_hot(np.array([0.0, 1.0], "float32"), 3)
    with pytest.raises(TypeError, match=r"multi_hot: inputs must be an integer tensor"):
        ops.multi_hot(lamina.SymbolicTensor((None, 2), "float32"), 3)


def test_one_hot_rejects_bad_num_classes():
    with pytest.raises(
        ValueError, match=r"one_hot: num_classes must be a positive int, received 0"
    ):
        ops.one_hot(lamina.SymbolicTensor((2,), "int32"), 0)
    with pytest.raises(
        ValueError, match=r"multi_hot: num_classes must be a positive int, received None"
    ):
        ops.multi_hot(np.array([1, 2]))


def test_multi_hot_rejects_scalars():
    with pytest.raises(ValueError, match=r"multi_hot: inputs must have rank >= 1"):
        ops.multi_hot(lamina.SymbolicTensor((), "int32"), 3)


def test_normalize_rejects_bad_order():
    with pytest.raises(ValueError, match=r"normalize: order must be an int >= 1, received 0.5"):
        ops.normalize(np.ones((2, 3), "float32"), order=0.5)


def test_batch_normalization_rejects_mismatched_parameters():
    with pytest.raises(
        ValueError,
        match=r"batch_normalization: variance must have shape \(3,\), the size of x's axis 1, "
        r"received variance.shape=\(4,\) for x.shape=\(None, 3\)",
    ):
        ops.batch_normalization(lamina.SymbolicTensor((None, 3)), np.zeros(3), np.ones(4), 1)
    with pytest.raises(ValueError, match=r"batch_normalization: scale must have shape \(4,\)"):
        ops.batch_normalization(np.ones((2, 4)), np.zeros(4), np.ones(4), -1, scale=np.ones(2))
