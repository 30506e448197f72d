"""lamina.Variable on the active backend."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import ops


def test_attributes_and_path():
    with lamina.name_scope("dense"):
        v = lamina.Variable(np.zeros((2, 3), "float32"), name="kernel", trainable=False)
    assert (v.name, v.path, v.shape, v.dtype, v.trainable, v.ndim) == (
        "kernel",
        "dense/kernel",
        (2, 3),
        "float32",
        False,
        2,
    )


def test_callable_initializer_needs_shape():
    v = lamina.Variable(lambda shape, dtype: np.full(shape, 2.0), shape=(3,), dtype="float64")
    assert v.dtype == "float64"
    np.testing.assert_array_equal(v.numpy(), [2.0, 2.0, 2.0])
    with pytest.raises(ValueError, match=r"Variable 'variable' was given a callable initializer"):
        lamina.Variable(lambda shape, dtype: np.ones(shape))


def test_dtype_inference():
    assert lamina.Variable([1.0, 2.0]).dtype == "float32"
    assert lamina.Variable([1, 2]).dtype == "int32"
    assert lamina.Variable(np.zeros(2, "float64")).dtype == "float64"
    assert lamina.Variable([1, 2], dtype="float16").dtype == "float16"


def test_assign_family_returns_and_stores():
    v = lamina.Variable([1.0, 2.0])
    v.assign([3.0, 4.0])
    v.assign_add([1.0, 1.0])
    v.assign_sub(np.array([0.5, 0.5], "float32"))
    np.testing.assert_allclose(v.numpy(), [3.5, 4.5])
    np.testing.assert_allclose(ops.convert_to_numpy(v.value), [3.5, 4.5])


def test_assign_rejects_wrong_shape():
    v = lamina.Variable(np.zeros((2, 2), "float32"), name="w")
    with pytest.raises(
        ValueError, match=r"Variable 'w' has shape \(2, 2\) but assign\(\) received .* \(3,\)"
    ):
        v.assign(np.zeros(3, "float32"))


def test_operators_and_numpy_interop():
    v = lamina.Variable([1.0, 2.0])
    np.testing.assert_allclose(ops.convert_to_numpy(v + 1), [2.0, 3.0])
    np.testing.assert_allclose(ops.convert_to_numpy(1 + v), [2.0, 3.0])
    np.testing.assert_allclose(ops.convert_to_numpy(v * v), [1.0, 4.0])
    np.testing.assert_allclose(ops.convert_to_numpy(2 - v), [1.0, 0.0])
    np.testing.assert_allclose(ops.convert_to_numpy(v / 2), [0.5, 1.0])
    np.testing.assert_allclose(ops.convert_to_numpy(-v), [-1.0, -2.0])
    np.testing.assert_array_equal(ops.convert_to_numpy(v > 1.5), [False, True])
    np.testing.assert_allclose(np.asarray(v), [1.0, 2.0])
    np.testing.assert_allclose(np.asarray(v, dtype="float64"), [1.0, 2.0])
    assert float(lamina.Variable(3.0)) == 3.0
    assert len(v) == 2


def test_variables_work_inside_ops():
    v = lamina.Variable(np.eye(2, dtype="float32"))
    x = ops.convert_to_tensor(np.array([[1.0, 2.0]], "float32"))
    np.testing.assert_allclose(ops.convert_to_numpy(ops.add(x, v)), [[2.0, 2.0], [1.0, 3.0]])
    assert ops.dtype(v) == "float32"


def test_variable_is_hashable_by_identity():
    a, b = lamina.Variable([1.0]), lamina.Variable([1.0])
    assert len({a, b}) == 2


def test_name_with_slash_is_rejected():
    with pytest.raises(ValueError, match="Variable name must be a string without '/'"):
        lamina.Variable([1.0], name="a/b")
