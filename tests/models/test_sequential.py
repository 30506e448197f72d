"""Sequential: built from a list, with add/pop, deferred or from an Input; configs round-trip."""

from __future__ import annotations

import numpy as np
import pytest

import lamina as keras
from lamina import layers, ops


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _mlp_reference(model, x):
    for w, b in zip(model.get_weights()[::2], model.get_weights()[1::2]):
        x = x @ w + b
    return x


def test_from_a_list_with_an_input():
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(4), layers.Dense(2)])
    assert model.built and model.output_shape == (None, 2) and model.input_shape == (None, 3)
    assert [type(layer).__name__ for layer in model.layers] == ["Dense", "Dense"]
    x = np.random.normal(size=(5, 3)).astype("float32")
    np.testing.assert_allclose(_np(model(x)), _mlp_reference(model, x), rtol=1e-5, atol=1e-5)


def test_add_and_pop():
    model = keras.Sequential(name="stack")
    model.add(keras.Input(shape=(3,)))
    model.add(layers.Dense(4))
    assert model.output_shape == (None, 4)
    model.add(layers.Dense(1))
    assert model.output_shape == (None, 1) and model.count_params() == 16 + 5
    popped = model.pop()
    assert isinstance(popped, layers.Dense) and popped.units == 1
    assert model.output_shape == (None, 4) and len(model.layers) == 1


def test_deferred_build_on_first_call():
    model = keras.Sequential([layers.Dense(4), layers.Dense(2)])
    assert not model.built and model.weights == []
    with pytest.raises(ValueError, match=r"Sequential '.*' has no known output shape yet"):
        _ = model.output_shape
    x = np.ones((3, 5), "float32")
    assert ops.shape(model(x)) == (3, 2)
    assert model.built and len(model.weights) == 4
    assert model.count_params() == 5 * 4 + 4 + 4 * 2 + 2


def test_input_shape_on_the_first_layer():
    model = keras.Sequential([layers.Dense(4, input_shape=(3,)), layers.Dense(1)])
    assert model.built and model.input_shape == (None, 3) and model.output_shape == (None, 1)
    model = keras.Sequential([layers.Dense(4, input_dim=6)])
    assert model.input_shape == (None, 6)


def test_build_explicitly():
    model = keras.Sequential([layers.Dense(2)])
    model.build((None, 7))
    assert model.output_shape == (None, 2) and model.count_params() == 16


def test_layers_see_their_symbolic_input_and_output():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(4, name="a"), layers.Dense(2)])
    dense = model.get_layer("a")
    assert dense.input.shape == (None, 3) and dense.output.shape == (None, 4)


def test_nested_sequential():
    inner = keras.Sequential([keras.Input((3,)), layers.Dense(4)])
    outer = keras.Sequential([keras.Input((3,)), inner, layers.Dense(1)])
    assert outer.count_params() == 16 + 5 and len(outer.weights) == 4
    assert ops.shape(outer(np.ones((2, 3), "float32"))) == (2, 1)


def test_config_round_trip_rebuilds_the_architecture():
    model = keras.Sequential(
        [keras.Input((3,)), layers.Dense(4, activation="relu"), layers.Dense(2)], name="seq"
    )
    config = model.get_config()
    assert config["name"] == "seq" and len(config["layers"]) == 3
    assert config["layers"][0]["class_name"] == "InputLayer"
    clone = keras.Sequential.from_config(config)
    assert clone.name == "seq" and clone.output_shape == (None, 2)
    assert [type(layer) for layer in clone.layers] == [type(layer) for layer in model.layers]
    assert [w.shape for w in clone.weights] == [w.shape for w in model.weights]
    clone.set_weights(model.get_weights())
    x = np.random.normal(size=(2, 3)).astype("float32")
    np.testing.assert_allclose(_np(clone(x)), _np(model(x)), rtol=1e-6)


def test_config_round_trip_of_a_deferred_model():
    model = keras.Sequential([layers.Dense(4), layers.Dense(2)])
    clone = keras.Sequential.from_config(model.get_config())
    assert not clone.built and len(clone.layers) == 2


def test_add_rejects_non_layers():
    with pytest.raises(TypeError, match=r"Sequential 'bad'.add expected a Layer, received int"):
        keras.Sequential(name="bad").add(3)


def test_input_only_first():
    model = keras.Sequential([layers.Dense(2)], name="late")
    with pytest.raises(ValueError, match=r"Sequential 'late': an InputLayer can only come first"):
        model.add(keras.Input((3,)))


def test_pop_from_empty():
    with pytest.raises(IndexError, match=r"Sequential 'empty' has no layers to pop"):
        keras.Sequential(name="empty").pop()


def test_build_needs_a_shape():
    with pytest.raises(ValueError, match=r"Sequential 'nobuild'.build needs an input shape"):
        keras.Sequential([layers.Dense(1)], name="nobuild").build(None)
