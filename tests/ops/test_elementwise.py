"""Element-wise ops against NumPy, their symbolic specs, gradients and errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import ops
from tests.support.op_check import check_gradient, check_op

RNG = np.random.default_rng(0)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "int32", "uint8"])
@pytest.mark.parametrize("shapes", [((2, 3), (2, 3)), ((2, 1), (3,)), ((0, 3), (3,)), ((), (4,))])
def test_add_matches_numpy(dtype, shapes):
    x = (RNG.uniform(0, 10, shapes[0])).astype(dtype)
    y = (RNG.uniform(0, 10, shapes[1])).astype(dtype)
    check_op(ops.add, [x, y], np.add, expected_dtype=dtype)


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("int8", "uint8", "int16"),
        ("int32", "float16", "float16"),
        ("float16", "bfloat16", "float32"),
    ],
)
def test_add_follows_promotion_table(left, right, expected):
    x = np.ones((2,), dtype=left) if left != "bfloat16" else None
    result = ops.add(
        ops.convert_to_tensor(np.ones(2), left), ops.convert_to_tensor(np.ones(2), right)
    )
    assert ops.dtype(result) == expected
    del x


def test_python_scalars_are_weak():
    x = ops.convert_to_tensor(np.ones(2), "float16")
    assert ops.dtype(ops.add(x, 1.5)) == "float16"
    i = ops.convert_to_tensor(np.ones(2), "int8")
    assert ops.dtype(ops.add(i, 3)) == "int8"
    assert ops.dtype(ops.add(i, 3.0)) == lamina.config.floatx()


def test_add_rejects_incompatible_shapes():
    with pytest.raises(ValueError, match=r"add: shapes \(3,\), \(2,\) cannot be broadcast"):
        ops.add(np.ones(3), np.ones(2))
    with pytest.raises(ValueError, match=r"add: shapes \(None, 3\), \(2,\)"):
        ops.add(lamina.SymbolicTensor((None, 3)), np.ones(2))


def test_exp_matches_numpy_and_promotes_ints():
    check_op(ops.exp, [RNG.normal(size=(3, 4)).astype("float32")], np.exp)
    check_op(
        ops.exp,
        [np.arange(4, dtype="int32")],
        lambda a: np.exp(a).astype("float32"),
        expected_dtype="float32",
        rtol=1e-6,
    )


def test_exp_gradient():
    check_gradient(ops.exp, [RNG.normal(size=(2, 3))])


def test_multiply_gradient_both_args():
    check_gradient(ops.multiply, [RNG.normal(size=(2, 3)), RNG.normal(size=(3,))], argnums=(0, 1))
