"""Lambda through check_layer, its safe configs (names only, never code), masks and errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers
from tests.support.layer_check import check_layer


def double_then_sum(x, axis=-1):
    return lamina.ops.sum(lamina.ops.multiply(x, 2.0), axis=axis)


def pairs_shape(input_shape):
    return (input_shape[0], input_shape[1] // 2, 2)


def keep_first_mask(inputs, previous_mask):
    return lamina.ops.not_equal(inputs[:, :, 0], 0.0)


def test_lambda_with_activation_function():
    layer = check_layer(
        layers.Lambda,
        {"function": lamina.activations.relu},
        input_shape=(2, 3),
        expected_output_shape=(2, 3),
        expected_num_weights=0,
        reference=lambda x, w: np.maximum(x, 0.0),
    )
    assert layer.get_config()["function"] == "relu"


def test_lambda_with_arguments_and_inferred_shape():
    layer = layers.Lambda(double_then_sum, arguments={"axis": 1})
    x = np.random.default_rng(0).normal(size=(2, 3, 4)).astype("float32")
    out = lamina.ops.convert_to_numpy(layer(x))
    np.testing.assert_allclose(out, np.sum(2.0 * x, axis=1), rtol=1e-5)
    assert layer(lamina.SymbolicTensor((None, 3, 4))).shape == (None, 4)
    assert layer.compute_output_shape((5, 3, 4)) == (5, 4)


def test_lambda_with_fixed_and_callable_output_shape():
    reshape = lambda x: lamina.ops.reshape(x, (-1, 3, 2))  # noqa: E731
    assert layers.Lambda(reshape, output_shape=(3, 2)).compute_output_shape((7, 6)) == (7, 3, 2)
    layer = layers.Lambda(reshape, output_shape=pairs_shape)
    assert layer(lamina.SymbolicTensor((None, 6))).shape == (None, 3, 2)


def test_lambda_passes_mask_and_training_to_function():
    calls = []

    def record(x, mask=None, training=None):
        calls.append((mask, training))
        return x

    layer = layers.Lambda(record)
    layer(np.ones((1, 2), "float32"), mask="m", training=True)
    assert calls[-1] == ("m", True)


def test_lambda_callable_mask():
    layer = layers.Lambda(lamina.activations.linear, mask=keep_first_mask)
    x = np.array([[[1.0, 2.0], [0.0, 3.0]]], "float32")
    mask = layer.compute_mask(lamina.ops.convert_to_tensor(x))
    assert lamina.ops.convert_to_numpy(mask).tolist() == [[True, False]]
    assert layers.Lambda(lamina.activations.linear).compute_mask(x, "previous") is None


def test_lambda_named_function_config_stores_only_its_name():
    layer = layers.Lambda(double_then_sum, output_shape=pairs_shape, mask=keep_first_mask)
    config = layer.get_config()
    assert config["function"] == {
        "module": __name__,
        "class_name": "function",
        "config": "double_then_sum",
        "registered_name": "double_then_sum",
    }
    assert config["output_shape"]["config"] == "pairs_shape"
    assert config["mask"]["config"] == "keep_first_mask"
    custom = {f.__name__: f for f in (double_then_sum, pairs_shape, keep_first_mask)}
    clone = layers.Lambda.from_config(config, custom_objects=custom)
    assert clone.function is double_then_sum
    assert clone.mask is keep_first_mask
    again = layers.deserialize(layers.serialize(layer), custom_objects=custom)
    assert again.function is double_then_sum


def test_lambda_from_config_refuses_unknown_function():
    config = layers.Lambda(double_then_sum).get_config()
    with pytest.raises(ValueError, match=r"Lambda.from_config cannot resolve the function"):
        layers.Lambda.from_config(config)


def test_lambda_from_config_refuses_stored_bytecode():
    config = {"function": {"class_name": "__lambda__", "config": {"code": "4wEAAAA="}}}
    with pytest.raises(ValueError, match=r"refuses the function: it is a lambda stored as Python"):
        layers.Lambda.from_config(config)


def test_lambda_get_config_rejects_python_lambda():
    layer = layers.Lambda(lambda x: x + 1.0, name="lam")  # noqa: E731
    with pytest.raises(ValueError, match=r"Lambda 'lam': its function is a Python lambda, which"):
        layer.get_config()


def test_lambda_get_config_rejects_lambda_output_shape():
    layer = layers.Lambda(double_then_sum, output_shape=lambda s: s, name="lam")
    with pytest.raises(ValueError, match=r"Lambda 'lam': its output_shape is a Python lambda"):
        layer.get_config()


def test_lambda_get_config_rejects_fixed_mask():
    layer = layers.Lambda(double_then_sum, mask=np.ones((2,), bool), name="lam")
    with pytest.raises(ValueError, match=r"Lambda 'lam': only a callable mask can be put in"):
        layer.get_config()


def test_lambda_get_config_rejects_tensor_arguments():
    layer = layers.Lambda(double_then_sum, arguments={"axis": np.ones(2)}, name="lam")
    with pytest.raises(ValueError, match=r"Lambda 'lam': argument 'axis' of type ndarray cannot"):
        layer.get_config()


def test_lambda_get_config_rejects_unnamed_callable():
    class NoConfig:
        def __call__(self, x):
            return x

    layer = layers.Lambda(NoConfig(), name="lam")
    with pytest.raises(ValueError, match=r"Lambda 'lam': cannot serialize its function"):
        layer.get_config()


def test_lambda_rejects_non_callable():
    with pytest.raises(ValueError, match=r"Lambda '.*': function must be callable, received 3"):
        layers.Lambda(3)
