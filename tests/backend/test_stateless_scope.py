"""StatelessScope: reads return supplied values, writes are collected."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import ops


def test_reads_use_mapping_and_writes_are_collected():
    v = lamina.Variable([1.0, 2.0])
    w = lamina.Variable([10.0])
    with lamina.StatelessScope([(v, np.zeros(2, "float32"))]) as scope:
        np.testing.assert_allclose(ops.convert_to_numpy(v.value), [0.0, 0.0])
        np.testing.assert_allclose(ops.convert_to_numpy(w.value), [10.0])  # unmapped: own value
        v.assign_add([1.0, 1.0])
        np.testing.assert_allclose(ops.convert_to_numpy(v.value), [1.0, 1.0])
    np.testing.assert_allclose(v.numpy(), [1.0, 2.0])  # the variable itself is untouched
    ((updated, value),) = scope.updates
    assert updated is v
    np.testing.assert_allclose(ops.convert_to_numpy(value), [1.0, 1.0])
    assert not lamina.backend.in_stateless_scope()


def test_nested_scopes_fall_back_to_parent():
    v = lamina.Variable([1.0])
    with lamina.StatelessScope([(v, [5.0])]):
        with lamina.StatelessScope() as inner:
            np.testing.assert_allclose(ops.convert_to_numpy(v.value), [5.0])
            assert lamina.backend.get_stateless_scope() is inner


def test_collect_updates_false_refuses_writes():
    v = lamina.Variable([1.0], name="counter")
    with lamina.StatelessScope(collect_updates=False):
        with pytest.raises(
            ValueError, match="Variable 'counter' was assigned inside a StatelessScope"
        ):
            v.assign([2.0])


def test_mapping_needs_variables():
    with pytest.raises(TypeError, match="StatelessScope expected \\(Variable, value\\) pairs"):
        lamina.StatelessScope([("not a variable", 1.0)])


def test_mapped_value_is_converted_to_variable_dtype():
    v = lamina.Variable(np.zeros(2, "float16"))
    with lamina.StatelessScope([(v, [1, 2])]):
        assert ops.dtype(v.value) == "float16"


@pytest.mark.skipif(
    lamina.backend.backend() != "jax", reason="jax.jit purity is a jax-only property"
)
def test_jitted_function_is_pure_through_the_scope():
    import jax

    v = lamina.Variable([1.0, 2.0])

    def step(value):
        with lamina.StatelessScope([(v, value)]) as scope:
            v.assign(ops.multiply(v.value, 2.0))
        return scope.get_current_value(v)

    out = jax.jit(step)(v.value)
    np.testing.assert_allclose(np.asarray(out), [2.0, 4.0])
    np.testing.assert_allclose(v.numpy(), [1.0, 2.0])
