"""Functional models: inputs/outputs as tensor, list and dict; shared layers; nesting;
get_layer; config round trips; refusal of ill-formed graphs."""

from __future__ import annotations

import json

import numpy as np
import pytest

import lamina as keras
from lamina import layers, ops


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _affine(layer, x):
    kernel, bias = layer.get_weights()
    return x @ kernel + bias


def _two_input_model():
    a = keras.Input(shape=(3,), name="a")
    b = keras.Input(shape=(2,), name="b")
    ha = layers.Dense(4, name="da")(a)
    hb = layers.Dense(4, name="db")(b)
    out = layers.Dense(1, name="head")(ops.add(ha, hb))
    return keras.Model(inputs=[a, b], outputs=out, name="two")


def test_single_tensor_in_and_out():
    inputs = keras.Input(shape=(3,), name="x")
    hidden = layers.Dense(4, activation="relu", name="hidden")(inputs)
    outputs = layers.Dense(2, name="out")(hidden)
    model = keras.Model(inputs, outputs)
    assert isinstance(model, keras.models.Functional) and isinstance(model, keras.Model)
    assert [layer.name for layer in model.layers] == ["x", "hidden", "out"]
    assert model.inputs == [inputs] and model.outputs == [outputs]
    assert model.input is inputs and model.output is outputs
    assert model.input_shape == (None, 3) and model.output_shape == (None, 2)
    x = np.random.normal(size=(4, 3)).astype("float32")
    hidden_np = np.maximum(_affine(model.get_layer("hidden"), x), 0.0)
    expected = _affine(model.get_layer("out"), hidden_np)
    np.testing.assert_allclose(_np(model(x)), expected, rtol=1e-5, atol=1e-5)


def test_list_inputs_and_outputs():
    model = _two_input_model()
    xa, xb = np.ones((2, 3), "float32"), np.ones((2, 2), "float32")
    expected = _affine(
        model.get_layer("head"),
        _affine(model.get_layer("da"), xa) + _affine(model.get_layer("db"), xb),
    )
    np.testing.assert_allclose(_np(model([xa, xb])), expected, rtol=1e-5, atol=1e-5)
    assert model.count_params() == 16 + 12 + 5
    assert model.input_shape == [(None, 3), (None, 2)]


def test_dict_inputs_and_outputs():
    a = keras.Input(shape=(3,), name="a")
    b = keras.Input(shape=(2,), name="b")
    outputs = {"left": layers.Dense(4)(a), "right": layers.Dense(5)(b)}
    model = keras.Model({"a": a, "b": b}, outputs)
    result = model({"b": np.ones((2, 2), "float32"), "a": np.ones((2, 3), "float32")})
    assert {k: ops.shape(v) for k, v in result.items()} == {"left": (2, 4), "right": (2, 5)}
    assert model.output_shape == {"left": (None, 4), "right": (None, 5)}


def test_shared_layer():
    shared = layers.Dense(3, name="shared")
    a, b = keras.Input((2,), name="a"), keras.Input((2,), name="b")
    model = keras.Model([a, b], [shared(a), shared(b)])
    assert len(model.weights) == 2 and model.layers.count(shared) == 1
    x, y = np.ones((1, 2), "float32"), np.full((1, 2), 2.0, "float32")
    out_x, out_y = model([x, y])
    np.testing.assert_allclose(_np(out_x), _affine(shared, x), rtol=1e-6)
    np.testing.assert_allclose(_np(out_y), _affine(shared, y), rtol=1e-6)
    assert shared.input is a and shared.output.shape == (None, 3)


def test_model_nested_as_a_layer():
    inner = _two_input_model()
    a, b = keras.Input((3,)), keras.Input((2,))
    outer = keras.Model([a, b], layers.Dense(2, name="top")(inner([a, b])))
    assert inner in outer.layers and outer.count_params() == inner.count_params() + 4
    xa, xb = np.ones((2, 3), "float32"), np.ones((2, 2), "float32")
    expected = _affine(outer.get_layer("top"), _np(inner([xa, xb])))
    np.testing.assert_allclose(_np(outer([xa, xb])), expected, rtol=1e-5, atol=1e-5)


def test_model_with_dict_inputs_nested_as_a_layer():
    a = keras.Input(shape=(3,), name="a")
    inner = keras.Model({"a": a}, layers.Dense(2)(a), name="inner")
    x = keras.Input(shape=(3,))
    outer = keras.Model(x, inner({"a": x}))
    assert inner in outer.layers
    assert ops.shape(outer(np.ones((4, 3), "float32"))) == (4, 2)


def test_sequential_nested_in_functional():
    block = keras.Sequential([layers.Dense(4), layers.Dense(3)], name="block")
    inputs = keras.Input((2,))
    model = keras.Model(inputs, block(inputs))
    assert model.output_shape == (None, 3) and model.count_params() == 12 + 15


def test_get_layer_by_name_and_index():
    model = _two_input_model()
    assert model.get_layer("head").units == 1
    assert model.get_layer(index=0).name == "a"
    assert model.get_layer(index=-1).name == "head"


def test_get_layer_unknown_name():
    with pytest.raises(ValueError, match=r"Functional 'two' has no layer named 'nope'.*'head'"):
        _two_input_model().get_layer("nope")


def test_get_layer_index_out_of_range():
    with pytest.raises(ValueError, match=r"index 9 is out of range for a model with 5 layers"):
        _two_input_model().get_layer(index=9)


def test_get_layer_needs_exactly_one_argument():
    with pytest.raises(ValueError, match=r"pass exactly one of name= or index="):
        _two_input_model().get_layer()


def test_config_round_trip_rebuilds_the_same_architecture():
    model = _two_input_model()
    config = model.get_config()
    classes = [entry["class_name"] for entry in config["layers"]]
    assert classes == ["InputLayer", "InputLayer", "Dense", "Dense", "Add", "Dense"]
    clone = keras.Model.from_config(config)
    assert isinstance(clone, keras.models.Functional)
    assert [layer.name for layer in clone.layers] == [layer.name for layer in model.layers]
    assert clone.output_shape == model.output_shape
    clone.set_weights(model.get_weights())
    xs = [np.ones((2, 3), "float32"), np.ones((2, 2), "float32")]
    np.testing.assert_allclose(_np(clone(xs)), _np(model(xs)), rtol=1e-6)


def test_config_round_trip_with_shared_and_nested_layers():
    shared = layers.Dense(3, name="shared")
    inner = keras.Sequential([keras.Input((3,)), layers.Dense(2)], name="inner")
    a = keras.Input((3,), name="a")
    out = {"x": inner(shared(shared(a))), "y": shared(a)}
    model = keras.Model({"a": a}, out, name="mix")
    clone = keras.models.Functional.from_config(model.get_config())
    assert [type(layer).__name__ for layer in clone.layers] == ["InputLayer", "Dense", "Sequential"]
    clone.set_weights(model.get_weights())
    x = {"a": np.random.normal(size=(2, 3)).astype("float32")}
    got, want = clone(x), model(x)
    for key in ("x", "y"):
        np.testing.assert_allclose(_np(got[key]), _np(want[key]), rtol=1e-5, atol=1e-6)


def test_config_with_ops_survives_json():
    inputs = keras.Input((3, 4), name="seq")
    first = inputs[:, 0]
    total = ops.sum(inputs, axis=1)
    model = keras.Model(inputs, layers.Dense(2, name="head")(ops.add(first, total)))
    config = json.loads(json.dumps(model.get_config()))
    clone = keras.Model.from_config(config)
    clone.set_weights(model.get_weights())
    x = np.random.normal(size=(2, 3, 4)).astype("float32")
    expected = _affine(model.get_layer("head"), x[:, 0] + x.sum(axis=1))
    np.testing.assert_allclose(_np(clone(x)), expected, rtol=1e-5, atol=1e-5)


def test_config_rejects_unknown_ops():
    config = _two_input_model().get_config()
    config["layers"][4]["class_name"] = "NoSuchOp"
    with pytest.raises(ValueError, match=r"Functional config 'two': unknown op 'NoSuchOp'"):
        keras.Model.from_config(config)


def test_config_through_layers_serialize():
    model = _two_input_model()
    clone = keras.layers.deserialize(keras.layers.serialize(model))
    assert type(clone).__name__ == "Functional" and clone.count_params() == model.count_params()


def test_refuses_outputs_that_do_not_depend_on_an_input():
    a, b = keras.Input((3,), name="used"), keras.Input((3,), name="unused")
    with pytest.raises(ValueError, match=r"the outputs do not depend on input 'unused'"):
        keras.Model([a, b], layers.Dense(1)(a))


def test_refuses_outputs_from_an_input_not_given():
    a, b = keras.Input((3,), name="given"), keras.Input((3,), name="forgotten")
    with pytest.raises(ValueError, match=r"depend on Input 'forgotten', which is not one of"):
        keras.Model(a, ops.add(a, b))


def test_refuses_a_reused_layer_name():
    inputs = keras.Input((3,))
    hidden = layers.Dense(2, name="twin")(inputs)
    with pytest.raises(ValueError, match=r"the name 'twin' is used by more than one layer"):
        keras.Model(inputs, layers.Dense(2, name="twin")(hidden))


def test_refuses_inputs_not_from_input():
    with pytest.raises(ValueError, match=r"input 0 must be a tensor returned by lamina.Input"):
        keras.Model(keras.SymbolicTensor((None, 3)), keras.SymbolicTensor((None, 3)))


def test_refuses_non_symbolic_outputs():
    inputs = keras.Input((3,))
    with pytest.raises(ValueError, match=r"output 0 is not a symbolic tensor"):
        keras.Model(inputs, np.ones((3,)))


def test_rejects_wrong_number_of_inputs():
    with pytest.raises(
        ValueError, match=r"Functional model 'two' expects 2 input\(s\), received 1"
    ):
        _two_input_model()(np.ones((2, 3), "float32"))


def test_layers_are_ordered_by_depth_as_keras_orders_them():
    # Keras 3 lists (and numbers in weight files) a branching model's layers deepest first,
    # ties in the order a walk from the outputs meets them; this order is Keras 3.15.1's.
    inputs = keras.Input((4,), name="inp")
    a = layers.Dense(3, name="a")(inputs)
    b = layers.Dense(3, name="b")(inputs)
    c = layers.Dense(3, name="c")(a)
    d = layers.Add(name="d")([c, b])
    e = layers.Dense(2, name="e")(b)
    model = keras.Model(inputs, [d, e])
    assert [layer.name for layer in model.layers] == ["inp", "a", "c", "b", "d", "e"]
    assert [w.path for w in model.weights][:4] == ["a/kernel", "a/bias", "c/kernel", "c/bias"]


def test_each_op_call_is_its_own_operation_in_the_layer_order():
    # Order from Keras 3.15.1 for the same graph: each ops.add call counts on its own.
    inputs = keras.Input((4,), name="inp")
    b = layers.Dense(4, name="b")(ops.add(layers.Dense(4, name="a")(inputs), 1.0))
    shifted = ops.add(layers.Dense(4, name="c")(inputs), 1.0)
    d = layers.Dense(4, name="d")(ops.add(b, shifted))
    e = layers.Dense(4, name="e")(shifted)
    model = keras.Model(inputs, [d, e])
    assert [layer.name for layer in model.layers] == ["inp", "a", "c", "b", "d", "e"]
