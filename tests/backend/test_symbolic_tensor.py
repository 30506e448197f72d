"""SymbolicTensor: specs flow through ops without an engine, and record the op call."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import ops


def test_attributes_and_repr():
    x = lamina.SymbolicTensor((None, 3), "int8", name="ids")
    assert (x.shape, x.dtype, x.ndim, x.op) == ((None, 3), "int8", 2, None)
    assert "shape=(None, 3)" in repr(x) and "ids" in repr(x)


def test_default_dtype_is_floatx():
    assert lamina.SymbolicTensor((2,)).dtype == "float32"


def test_op_call_is_recorded():
    x = lamina.SymbolicTensor((None, 3))
    y = ops.add(x, 1.0)
    z = ops.exp(y)
    assert z.op.fn is ops.exp and z.op.inputs == [y]
    assert y.op.name == "add" and y.op.args == (x, 1.0)


def test_operators_use_ops():
    x = lamina.SymbolicTensor((4, 1))
    y = lamina.SymbolicTensor((3,), "float16")
    assert (x + y).shape == (4, 3)
    assert (x * 2).dtype == "float32"
    assert (2 * x).op.name == "multiply"


def test_no_engine_runs_for_symbolic_inputs(monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("the engine ran")

    monkeypatch.setattr(lamina.backend.elementwise, "add", boom)
    assert ops.add(lamina.SymbolicTensor((2,)), np.ones(2, "float32")).shape == (2,)


def test_symbolic_tensor_has_no_value():
    x = lamina.SymbolicTensor((2,))
    with pytest.raises(TypeError, match="cannot be used as a Python bool"):
        bool(x)
    with pytest.raises(TypeError, match="has no value and cannot become a NumPy array"):
        np.asarray(x)
    with pytest.raises(TypeError, match="convert_to_tensor received a SymbolicTensor"):
        ops.convert_to_tensor(x)


def test_rejects_bad_shape():
    with pytest.raises(ValueError, match="SymbolicTensor expected a shape of ints or None"):
        lamina.SymbolicTensor(("a",))
    with pytest.raises(ValueError, match="SymbolicTensor shape dims must be >= 0"):
        lamina.SymbolicTensor((-2,))
