"""Zeros, Ones, Constant and Identity: values, dtypes, configs and errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import initializers, ops


def host(x):
    return np.asarray(ops.convert_to_numpy(x))


def test_zeros_and_ones_fill_in_floatx_by_default():
    zeros = initializers.Zeros()((2, 3))
    ones = initializers.Ones()([4])
    assert ops.dtype(zeros) == ops.dtype(ones) == "float32"
    np.testing.assert_array_equal(host(zeros), np.zeros((2, 3)))
    np.testing.assert_array_equal(host(ones), np.ones(4))


def test_zeros_and_ones_take_int_dtypes():
    assert ops.dtype(initializers.Zeros()((2,), dtype="int32")) == "int32"
    assert host(initializers.Ones()((2,), dtype="int64")).tolist() == [1, 1]


def test_default_dtype_follows_floatx():
    lamina.config.set_floatx("float64")
    try:
        assert ops.dtype(initializers.Ones()((2,))) == "float64"
        assert ops.dtype(initializers.GlorotUniform(seed=1)((2, 2))) == "float64"
    finally:
        lamina.config.set_floatx("float32")


def test_constant_fills_and_broadcasts():
    np.testing.assert_array_equal(host(initializers.Constant(2.5)((2, 2))), np.full((2, 2), 2.5))
    row = [1.0, 2.0, 3.0]
    np.testing.assert_array_equal(
        host(initializers.Constant(row)((2, 3))), np.broadcast_to(row, (2, 3))
    )
    assert ops.dtype(initializers.Constant(3)((2,), dtype="int32")) == "int32"


def test_constant_keeps_float64_precision():
    values = host(initializers.Constant(0.1)((1,), dtype="float64"))
    assert values[0] == 0.1


def test_constant_default_is_zero_and_config_round_trips():
    assert initializers.Constant().get_config() == {"value": 0.0}
    init = initializers.Constant(np.array([1.0, 2.0]))
    config = init.get_config()
    assert config == {"value": [1.0, 2.0]}
    np.testing.assert_array_equal(
        host(initializers.Constant.from_config(config)((3, 2))), host(init((3, 2)))
    )


def test_constant_rejects_value_that_does_not_broadcast():
    with pytest.raises(ValueError, match=r"Constant: value of shape \(3,\) does not broadcast"):
        initializers.Constant([1.0, 2.0, 3.0])((2, 2))


def test_identity_is_gain_times_eye():
    np.testing.assert_array_equal(host(initializers.Identity()((3, 3))), np.eye(3))
    np.testing.assert_array_equal(host(initializers.Identity(gain=0.5)((2, 4))), 0.5 * np.eye(2, 4))
    assert initializers.Identity(2.0).get_config() == {"gain": 2.0}


def test_identity_rejects_other_ranks():
    with pytest.raises(ValueError, match=r"Identity: can only fill 2-D matrices, received shape"):
        initializers.Identity()((2, 2, 2))


def test_identity_rejects_non_number_gain():
    with pytest.raises(ValueError, match="Identity: gain must be a number, received gain='2'"):
        initializers.Identity(gain="2")


@pytest.mark.parametrize("shape", [(2, -1), (2.5,), "ab", None])
def test_rejects_bad_shapes(shape):
    with pytest.raises(ValueError, match="Zeros: shape must be a tuple of non-negative ints"):
        initializers.Zeros()(shape)


def test_int_shape_means_a_vector():
    assert ops.shape(initializers.Ones()(3)) == (3,)


def test_base_initializer_must_be_subclassed():
    with pytest.raises(NotImplementedError, match=r"Initializer must implement __call__"):
        initializers.Initializer()((2,))


def test_clone_gives_an_equal_new_initializer():
    init = initializers.RandomNormal(mean=1.0, seed=5)
    clone = init.clone()
    assert clone is not init
    assert clone.get_config() == init.get_config()
    np.testing.assert_array_equal(host(clone((3,))), host(init((3,))))


def test_constant_config_of_numpy_scalar_is_a_python_float():
    config = initializers.Constant(np.float32(0.5)).get_config()
    assert config == {"value": 0.5} and type(config["value"]) is float
