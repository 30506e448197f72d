"""max_pool and average_pool against loop references, specs, gradients and errors."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import ops
from tests.ops.conv_reference import from_last, pool_reference
from tests.support.op_check import BACKEND, check_gradient, check_op

RNG = np.random.default_rng(0)
FORMATS = ["channels_last", "channels_first"]
CASES = [
    ((7,), 2, None, "valid"),
    ((7,), 3, 2, "same"),
    ((8,), 2, 1, "same"),
    ((5, 6), 2, None, "same"),
    ((6, 7), (3, 2), (2, 1), "valid"),
    ((5, 5), 3, 1, "same"),
    ((4, 5, 3), 2, (1, 2, 1), "same"),
    ((4, 4, 4), (2, 3, 2), 2, "valid"),
]


def _input(spatial, data_format, dtype="float32"):
    return from_last(RNG.normal(size=(2, *spatial, 3)).astype(dtype), data_format)


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize(("spatial", "pool_size", "strides", "padding"), CASES)
def test_max_pool_matches_loops(data_format, spatial, pool_size, strides, padding):
    x = _input(spatial, data_format)
    kwargs = {"strides": strides, "padding": padding, "data_format": data_format}
    check_op(ops.max_pool, [x, pool_size], pool_reference, kwargs, "float32")


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize(("spatial", "pool_size", "strides", "padding"), CASES)
def test_average_pool_matches_loops(data_format, spatial, pool_size, strides, padding):
    x = _input(spatial, data_format)
    kwargs = {"strides": strides, "padding": padding, "data_format": data_format}

    def reference(a, size, **kw):
        return pool_reference(a, size, kind="mean", **kw)

    check_op(ops.average_pool, [x, pool_size], reference, kwargs, "float32", 1e-5, 1e-6)


@pytest.mark.parametrize("dtype", ["float16", "float64", "int32", "uint8"])
def test_max_pool_keeps_dtype(dtype):
    x = RNG.integers(0, 100, (2, 5, 4, 3)).astype(dtype)
    kwargs = {"padding": "same", "data_format": "channels_last"}
    check_op(ops.max_pool, [x, 2], pool_reference, kwargs, dtype)


@pytest.mark.parametrize(("dtype", "expected"), [("float16", "float16"), ("int32", "float32")])
def test_average_pool_dtypes(dtype, expected):
    x = RNG.integers(0, 100, (2, 5, 4, 3)).astype(dtype)
    kwargs = {"padding": "same", "data_format": "channels_last"}

    def reference(a, size, **kw):
        return pool_reference(a, size, kind="mean", **kw)

    check_op(ops.average_pool, [x, 2], reference, kwargs, expected, 2e-3, 2e-3)


def test_pools_on_empty_batch():
    x = np.zeros((0, 4, 4, 2), "float32")
    kwargs = {"data_format": "channels_last"}
    check_op(ops.max_pool, [x, 2], pool_reference, kwargs)
    check_op(
        ops.average_pool, [x, 2], lambda a, s, **kw: pool_reference(a, s, kind="mean", **kw), kwargs
    )


def test_pool_gradients():
    x = RNG.permutation(12).reshape(1, 4, 3, 1) / 7.0  # distinct values: no ties at the max
    kwargs = {"pool_size": 2, "strides": 1, "padding": "same", "data_format": "channels_last"}
    check_gradient(ops.max_pool, [x], kwargs)
    check_gradient(ops.average_pool, [x], kwargs)
    channels_first = {"pool_size": 3, "strides": 2, "padding": "same"}
    check_gradient(
        ops.average_pool, [x.reshape(1, 2, 6)], {**channels_first, "data_format": "channels_first"}
    )


def test_pools_reject_window_larger_than_valid_input():
    message = r"max_pool: the window's \(dilated\) spatial size \(3, 3\) is larger .* \(2, 4\)"
    with pytest.raises(ValueError, match=message):
        ops.max_pool(np.ones((1, 2, 4, 1)), 3, data_format="channels_last")
    with pytest.raises(ValueError, match=r"average_pool: the window's .* \(3,\)"):
        ops.average_pool(np.ones((1, 1, 2)), 3, data_format="channels_first")


def test_pools_reject_wrong_rank_and_arguments():
    with pytest.raises(
        ValueError, match=r"max_pool: expected inputs of rank 3, 4 or 5 .* \(4, 4\)"
    ):
        ops.max_pool(np.ones((4, 4)), 2)
    with pytest.raises(
        ValueError, match=r"average_pool: pool_size must be a positive int .* \(2, 2, 2\)"
    ):
        ops.average_pool(np.ones((1, 4, 4, 1)), (2, 2, 2), data_format="channels_last")
    with pytest.raises(ValueError, match=r"max_pool: strides must be a positive int .* 0"):
        ops.max_pool(np.ones((1, 4, 1)), 2, strides=0, data_format="channels_last")


@pytest.mark.skipif(BACKEND != "jax", reason="checks differentiation inside jax.jit")
def test_pool_gradients_inside_jit():
    # Under a trace a pool's initial value must stay a constant, or reduce_window's gradient
    # fails (a CNN's jitted train step did).
    import jax
    import jax.numpy as jnp

    def total(x):
        return ops.sum(ops.max_pool(x, 2)) + ops.sum(ops.average_pool(x, 2))

    x = jnp.arange(16.0, dtype=jnp.float32).reshape(1, 4, 4, 1)
    grads = np.asarray(jax.jit(jax.grad(total))(x)).reshape(4, 4)
    expected = np.full((4, 4), 0.25, np.float32)
    expected[1::2, 1::2] += 1.0  # Each 2x2 window's maximum is its bottom-right value.
    np.testing.assert_allclose(grads, expected)
