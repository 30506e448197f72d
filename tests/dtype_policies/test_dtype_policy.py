"""Dtype policies: float16/bfloat16 layers store and compute in the low dtype; mixed ones keep
float32 variables and compute in the low dtype."""

from __future__ import annotations

import numpy as np
import pytest

import lamina as keras
from lamina import dtype_policies, layers, ops


class Probe(layers.Layer):
    """Records the dtypes `call` sees: its input and its weight's value."""

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 2), initializer="ones")

    def call(self, inputs):
        self.seen = (ops.dtype(inputs), ops.dtype(self.kernel.value))
        return ops.matmul(inputs, self.kernel.value)


@pytest.mark.parametrize("name", ["float16", "bfloat16"])
def test_low_precision_policies(name):
    layer = Probe(dtype=name)
    out = layer(np.ones((1, 3), "float32"))
    assert layer.dtype_policy.name == name
    assert (layer.dtype, layer.variable_dtype, layer.compute_dtype) == (name, name, name)
    assert layer.kernel.dtype == name and layer.seen == (name, name)
    assert ops.dtype(out) == name
    np.testing.assert_allclose(np.asarray(ops.convert_to_numpy(out), "float32"), [[3.0, 3.0]])


@pytest.mark.parametrize(
    ("name", "low"), [("mixed_float16", "float16"), ("mixed_bfloat16", "bfloat16")]
)
def test_mixed_policies_keep_float32_variables(name, low):
    layer = Probe(dtype=name)
    out = layer(np.ones((1, 3), "float32"))
    assert (layer.variable_dtype, layer.compute_dtype, layer.dtype) == ("float32", low, "float32")
    assert layer.kernel.dtype == "float32" and ops.dtype(layer.kernel.value) == "float32"
    assert layer.seen == (low, low)
    assert ops.dtype(out) == low


@pytest.mark.parametrize("name", ["mixed_float16", "mixed_bfloat16"])
def test_mixed_dense_outputs_the_compute_dtype(name):
    layer = layers.Dense(2, dtype=name)
    out = layer(np.ones((1, 3), "float32"))
    assert layer.kernel.dtype == "float32" and ops.dtype(out) == layer.compute_dtype
    assert layer(keras.SymbolicTensor((None, 3))).dtype == layer.compute_dtype


def test_symbolic_calls_use_the_compute_dtype():
    layer = Probe(dtype="float16")
    assert layer(keras.SymbolicTensor((None, 3))).dtype == "float16"
    assert layers.Dense(2, dtype="bfloat16")(keras.Input((3,))).dtype == "bfloat16"


def test_autocast_false_keeps_input_dtype():
    layer = Probe(dtype="float16", autocast=False)
    layer.build((None, 3))
    layer(np.ones((1, 3), "float32"))
    assert layer.seen[0] == "float32"


def test_integer_inputs_are_not_cast():
    class Echo(layers.Layer):
        def call(self, inputs):
            return inputs

    assert ops.dtype(Echo(dtype="float16")(np.ones((2,), "int32"))) == "int32"


def test_global_policy():
    dtype_policies.set_dtype_policy("mixed_bfloat16")
    try:
        layer = layers.Dense(2)
        assert layer.dtype_policy.name == "mixed_bfloat16"
        assert dtype_policies.dtype_policy().compute_dtype == "bfloat16"
    finally:
        dtype_policies.set_dtype_policy(None)
    assert layers.Dense(2).dtype_policy.name == "float32"


def test_policy_in_layer_config():
    layer = layers.Dense(2, dtype="mixed_float16")
    config = layer.get_config()
    assert config["dtype"] == {
        "module": "keras",
        "class_name": "DTypePolicy",
        "config": {"name": "mixed_float16"},
        "registered_name": None,
    }
    assert layers.Dense.from_config(config).dtype_policy.name == "mixed_float16"


def test_get_serialize_deserialize():
    policy = dtype_policies.DTypePolicy("mixed_float16")
    assert dtype_policies.get("mixed_float16") == policy
    assert dtype_policies.get(policy) is policy
    assert dtype_policies.deserialize(dtype_policies.serialize(policy)) == policy
    assert (
        dtype_policies.get({"class_name": "FloatDTypePolicy", "config": {"name": "float16"}}).name
        == "float16"
    )
    assert dtype_policies.DTypePolicy().name == "float32"
    assert policy.quantization_mode is None


def test_unknown_policy_name():
    with pytest.raises(ValueError, match=r"DTypePolicy: unknown policy 'float17'"):
        dtype_policies.DTypePolicy("float17")


def test_policy_name_must_be_a_string():
    with pytest.raises(TypeError, match=r"DTypePolicy expected a string name, received 3"):
        dtype_policies.DTypePolicy(3)


def test_get_rejects_other_serialized_objects():
    with pytest.raises(ValueError, match=r"dtype_policies.get: expected a serialized DTypePolicy"):
        dtype_policies.get({"class_name": "Dense", "config": {}})


def test_deserialize_rejects_none():
    with pytest.raises(ValueError, match=r"deserialize expected a serialized DTypePolicy"):
        dtype_policies.deserialize(None)
