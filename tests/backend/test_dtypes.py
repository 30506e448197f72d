"""The promotion table: its algebra, its documented cases, and every backend following it."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lamina import ops
from lamina.backend import result_type, standardize_dtype
from lamina.backend.common.dtypes import ALLOWED_DTYPES

DTYPES = [d for d in ALLOWED_DTYPES if d != "uint64"]
ANY_DTYPE = st.sampled_from([*DTYPES, int, float, bool])


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        (("int8", "uint8"), "int16"),
        (("uint16", "int16"), "int32"),
        (("uint32", "int32"), "int64"),
        (("int64", "float16"), "float16"),
        (("float16", "bfloat16"), "float32"),
        (("bool", int), "int32"),
        (("int32", float), "float32"),
        (("float16", float), "float16"),
        (("uint8", int), "uint8"),
        (("bool", "bool"), "bool"),
        ((int, float), "float32"),
        (("float32", "float64"), "float64"),
    ],
)
def test_documented_cases(inputs, expected):
    assert result_type(*inputs) == expected


@settings(max_examples=60, deadline=None)
@given(ANY_DTYPE, ANY_DTYPE)
def test_promotion_is_commutative(a, b):
    assert result_type(a, b) == result_type(b, a)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(DTYPES), st.sampled_from(DTYPES), st.sampled_from(DTYPES))
def test_promotion_is_associative(a, b, c):
    assert result_type(result_type(a, b), c) == result_type(a, result_type(b, c))


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(DTYPES))
def test_python_scalars_never_widen_a_same_kind_tensor(dtype):
    if dtype.startswith("float"):
        assert result_type(dtype, float) == dtype
        assert result_type(dtype, int) == dtype
    if dtype.startswith(("int", "uint")):
        assert result_type(dtype, int) == dtype


def test_standardize_dtype_accepts_engine_and_numpy_dtypes():
    assert standardize_dtype(np.dtype("int16")) == "int16"
    assert standardize_dtype(np.float64) == "float64"
    assert standardize_dtype("double") == "float64"
    assert standardize_dtype(None) == "float32"
    assert standardize_dtype(ops.dtype(ops.convert_to_tensor([1], "uint8"))) == "uint8"


def test_standardize_dtype_rejects_unknown():
    with pytest.raises(ValueError, match="standardize_dtype: unsupported dtype 'complex64'"):
        standardize_dtype("complex64")


@pytest.mark.parametrize("left", DTYPES)
@pytest.mark.parametrize("right", DTYPES)
def test_backend_add_follows_the_table(left, right):
    x = ops.convert_to_tensor(np.ones((2,)), left)
    y = ops.convert_to_tensor(np.ones((2,)), right)
    assert ops.dtype(ops.add(x, y)) == result_type(left, right)
