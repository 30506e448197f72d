"""Keras 2 configs rewritten in the Keras 3 form (`legacy_h5_config`), checked as dicts and
by loading hand-written Keras 2 configs through `deserialize_keras_object`."""

from __future__ import annotations

import numpy as np
import pytest

from lamina.saving import deserialize_keras_object
from lamina.saving.legacy_h5_config import starts_with_input_node, upgrade_model_config


def _dense(name, units, **extra):
    # Keras <= 2.12 style: nested objects without "module".
    config = {
        "name": name,
        "trainable": True,
        "dtype": "float32",
        "units": units,
        "activation": "linear",
        "use_bias": True,
        "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
        "bias_initializer": {"class_name": "Zeros", "config": {}},
        "kernel_regularizer": None,
        "bias_regularizer": None,
        "activity_regularizer": None,
        "kernel_constraint": None,
        "bias_constraint": None,
        **extra,
    }
    return {"class_name": "Dense", "config": config}


def _input(name, batch_shape):
    config = {"batch_input_shape": batch_shape, "dtype": "float32", "sparse": False}
    return {"class_name": "InputLayer", "config": {**config, "ragged": False, "name": name}}


def test_sequential_first_layer_shape_becomes_an_input_layer():
    keras2 = {
        "class_name": "Sequential",
        "config": {"name": "mlp", "layers": [_dense("d", 2, batch_input_shape=[None, 3])]},
    }
    upgraded = upgrade_model_config(keras2)
    first, dense = upgraded["config"]["layers"]
    assert first == {
        "class_name": "InputLayer",
        "config": {"batch_shape": [None, 3], "name": "d_input", "dtype": "float32"},
    }
    assert "batch_input_shape" not in dense["config"]
    assert "batch_input_shape" in keras2["config"]["layers"][0]["config"]  # input unchanged
    model = deserialize_keras_object(upgraded)
    assert model.input_shape == (None, 3) and model.layers[0].units == 2


def test_oldest_sequential_config_as_a_list_loads():
    keras2 = {"class_name": "Sequential", "config": [_dense("d", 2, batch_input_shape=[None, 4])]}
    model = deserialize_keras_object(upgrade_model_config(keras2))
    assert [tuple(w.shape) for w in model.weights] == [(4, 2), (2,)]


def test_input_layer_axis_policy_and_keras2_only_arguments():
    norm = {"class_name": "BatchNormalization", "config": {"name": "bn", "axis": [3]}}
    policy = {"class_name": "Policy", "config": {"name": "mixed_float16"}}
    lstm = {
        "class_name": "LSTM",
        "config": {"name": "lstm", "units": 2, "time_major": False, "dtype": policy},
    }
    embedding = {
        "class_name": "Embedding",
        "config": {"input_dim": 5, "output_dim": 2, "input_length": 7},
    }
    entries = [_input("x", [None, 4, 4, 3]), norm, lstm, embedding]
    keras2 = {"class_name": "Sequential", "config": {"name": "s", "layers": entries}}
    layers = upgrade_model_config(keras2)["config"]["layers"]
    assert layers[0]["config"] == {
        "batch_shape": [None, 4, 4, 3],
        "dtype": "float32",
        "sparse": False,
        "name": "x",
    }
    assert layers[1]["config"]["axis"] == 3
    assert layers[2]["config"] == {"name": "lstm", "units": 2, "dtype": "mixed_float16"}
    assert "input_length" not in layers[3]["config"]


def test_time_major_true_is_refused():
    lstm = {"class_name": "LSTM", "config": {"name": "lstm", "units": 2, "time_major": True}}
    with pytest.raises(ValueError, match="LSTM layer 'lstm' uses time_major=True"):
        upgrade_model_config(
            {"class_name": "Sequential", "config": {"name": "s", "layers": [lstm]}}
        )


def test_wrapped_layers_are_upgraded():
    inner = {"class_name": "GRU", "config": {"name": "gru", "units": 3, "time_major": False}}
    wrapper = {"class_name": "Bidirectional", "config": {"name": "bi", "layer": inner}}
    keras2 = {"class_name": "Sequential", "config": {"name": "s", "layers": [wrapper]}}
    upgraded = upgrade_model_config(keras2)["config"]["layers"][0]
    assert upgraded["config"]["layer"]["config"] == {"name": "gru", "units": 3}


def test_lambda_bytecode_becomes_a_lambda_entry_refused_in_safe_mode():
    config = {"name": "lam", "function": ["Y29kZQ==", None, None], "function_type": "lambda"}
    keras2 = {
        "class_name": "Sequential",
        "config": {
            "name": "s",
            "layers": [_input("x", [None, 2]), {"class_name": "Lambda", "config": config}],
        },
    }
    upgraded = upgrade_model_config(keras2)["config"]["layers"][1]["config"]
    assert upgraded == {
        "name": "lam",
        "function": {
            "class_name": "__lambda__",
            "config": {"code": "Y29kZQ==", "defaults": None, "closure": None},
        },
    }
    with pytest.raises(ValueError, match="safe_mode"):
        deserialize_keras_object(upgrade_model_config(keras2))


def test_lambda_naming_a_function_resolves_only_known_functions():
    config = {"name": "lam", "function": "relu", "function_type": "function", "module": "x"}
    keras2 = {
        "class_name": "Sequential",
        "config": {
            "name": "s",
            "layers": [_input("x", [None, 2]), {"class_name": "Lambda", "config": config}],
        },
    }
    model = deserialize_keras_object(upgrade_model_config(keras2))
    assert np.asarray(model.predict(np.array([[-1.0, 2.0]], "float32"), verbose=0)).tolist() == [
        [0.0, 2.0]
    ]
    config["function"] = "system"
    with pytest.raises(
        ValueError, match=r"refusing function 'builtins.system'.*custom_objects=\{'system'"
    ):
        deserialize_keras_object(upgrade_model_config(keras2))


def _functional(layers, inputs, outputs, name="f"):
    config = {"name": name, "layers": layers, "input_layers": inputs, "output_layers": outputs}
    return {"class_name": "Model", "config": config}


def _node(*refs, **kwargs):
    return [[name, node, tensor, kwargs] for name, node, tensor in refs]


def test_nested_model_calls_are_renumbered_and_single_refs_unwrapped():
    inner_input = {**_input("inner_in", [None, 3]), "name": "inner_in", "inbound_nodes": []}
    inner_dense = {
        **_dense("inner_dense", 3),
        "name": "inner_dense",
        "inbound_nodes": [_node(("inner_in", 0, 0))],
    }
    inner = _functional(
        [inner_input, inner_dense], [["inner_in", 0, 0]], [["inner_dense", 0, 0]], "inner"
    )
    outer_layers = [
        {**_input("x", [None, 3]), "name": "x", "inbound_nodes": []},
        {**inner, "name": "inner", "inbound_nodes": [_node(("x", 0, 0)), _node(("inner", 1, 0))]},
        {
            "class_name": "Add",
            "config": {"name": "add"},
            "name": "add",
            "inbound_nodes": [_node(("inner", 2, 0), ("x", 0, 0))],
        },
    ]
    keras2 = _functional(outer_layers, [["x", 0, 0]], [["add", 0, 0], ["inner", 1, 0]])
    upgraded = upgrade_model_config(keras2)["config"]
    assert upgraded["input_layers"] == ["x", 0, 0]
    assert upgraded["output_layers"] == [["add", 0, 0], ["inner", 0, 0]]
    add_args = upgraded["layers"][2]["inbound_nodes"][0]["args"][0]
    assert [t["config"]["keras_history"] for t in add_args] == [["inner", 1, 0], ["x", 0, 0]]
    model = deserialize_keras_object(upgrade_model_config(keras2))
    weights = model.get_layer("inner").get_weights()
    x = np.array([[0.5, -1.0, 2.0]], "float32")
    once = x @ weights[0] + weights[1]
    twice = once @ weights[0] + weights[1]
    added, first = model.predict(x, verbose=0)
    np.testing.assert_allclose(np.asarray(added), twice + x, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(np.asarray(first), once, rtol=1e-5, atol=1e-6)


def test_tensors_among_call_kwargs_become_tensor_records():
    keras2_layers = [
        {**_input("q", [None, 2, 4]), "name": "q", "inbound_nodes": []},
        {**_input("v", [None, 3, 4]), "name": "v", "inbound_nodes": []},
        {
            "class_name": "MultiHeadAttention",
            "config": {"name": "mha", "num_heads": 1, "key_dim": 2},
            "name": "mha",
            "inbound_nodes": [[["q", 0, 0, {"value": ["v", 0, 0], "use_causal_mask": False}]]],
        },
    ]
    keras2 = _functional(keras2_layers, [["q", 0, 0], ["v", 0, 0]], [["mha", 0, 0]])
    node = upgrade_model_config(keras2)["config"]["layers"][2]["inbound_nodes"][0]
    assert node["kwargs"]["value"]["config"]["keras_history"] == ["v", 0, 0]
    assert node["kwargs"]["use_causal_mask"] is False
    model = deserialize_keras_object(upgrade_model_config(keras2))
    assert model.output_shape == (None, 2, 4)


def test_malformed_configs_are_refused():
    with pytest.raises(ValueError, match="must be a dict with 'class_name'"):
        upgrade_model_config(["not", "a", "model"])
    with pytest.raises(ValueError, match="must hold a 'layers' list"):
        upgrade_model_config({"class_name": "Sequential", "config": {"name": "s"}})
    bad_node = {**_dense("d", 2), "name": "d", "inbound_nodes": [[["x", "0", 0, {}]]]}
    with pytest.raises(ValueError, match="malformed legacy inbound node"):
        upgrade_model_config(_functional([bad_node], [["d", 0, 0]], [["d", 0, 0]]))


def test_keras3_form_shifts_only_output_refs_of_nested_functional_models():
    record = {"class_name": "__keras_tensor__", "config": {"keras_history": ["inner", 1, 0]}}
    inner = _functional([], [], [], "inner")
    keras3 = _functional(
        [
            {**inner, "name": "inner", "inbound_nodes": []},
            {**_dense("d", 2), "name": "d", "inbound_nodes": [{"args": [record], "kwargs": {}}]},
        ],
        [],
        [["d", 0, 0], ["inner", 2, 0]],
    )
    upgraded = upgrade_model_config(keras3)["config"]
    node = upgraded["layers"][1]["inbound_nodes"][0]
    assert node["args"][0]["config"]["keras_history"] == ["inner", 1, 0]
    assert upgraded["output_layers"] == [["d", 0, 0], ["inner", 1, 0]]
    assert starts_with_input_node(inner)
