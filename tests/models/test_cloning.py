"""clone_model: the same architecture and config, new layers and new weights."""

from __future__ import annotations

import numpy as np
import pytest

import lamina as keras
from lamina import layers, ops


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _same_architecture(clone, model):
    assert type(clone) is type(model) and clone.name == model.name
    assert [type(layer) for layer in clone.layers] == [type(layer) for layer in model.layers]
    assert [layer.get_config() for layer in clone.layers] == [
        layer.get_config() for layer in model.layers
    ]
    assert [w.shape for w in clone.weights] == [w.shape for w in model.weights]
    model_ids = {id(w) for w in model.weights}
    assert not any(id(w) in model_ids for w in clone.weights)


def test_clone_sequential():
    model = keras.Sequential(
        [keras.Input((3,)), layers.Dense(4, activation="relu"), layers.Dense(2)]
    )
    clone = keras.models.clone_model(model)
    _same_architecture(clone, model)
    assert clone.input_shape == (None, 3)
    assert not any(layer in model.layers for layer in clone.layers)
    clone.set_weights(model.get_weights())
    x = np.random.normal(size=(2, 3)).astype("float32")
    np.testing.assert_allclose(_np(clone(x)), _np(model(x)), rtol=1e-6)


def test_clone_deferred_sequential():
    model = keras.Sequential([layers.Dense(4), layers.Dense(2)])
    clone = keras.models.clone_model(model)
    assert not clone.built and len(clone.layers) == 2
    assert ops.shape(clone(np.ones((1, 5), "float32"))) == (1, 2)


def test_clone_functional_with_shared_layer_and_ops():
    shared = layers.Dense(3, name="shared")
    a, b = keras.Input((2,), name="a"), keras.Input((2,), name="b")
    out = layers.Dense(1, name="head")(ops.add(shared(a), shared(b)))
    model = keras.Model({"a": a, "b": b}, out, name="pair")
    clone = keras.models.clone_model(model)
    _same_architecture(clone, model)
    assert len(clone.weights) == 4
    clone.set_weights(model.get_weights())
    x = {"a": np.ones((2, 2), "float32"), "b": np.full((2, 2), 3.0, "float32")}
    np.testing.assert_allclose(_np(clone(x)), _np(model(x)), rtol=1e-6)


def test_clone_with_clone_function_and_input_tensors():
    inputs = keras.Input((3,), name="x")
    model = keras.Model(inputs, layers.Dense(2, name="d")(inputs))
    new_inputs = keras.Input((3,), name="new_x")

    def widen(layer):
        config = layer.get_config()
        config["units"] = 5
        return type(layer).from_config(config)

    clone = keras.models.clone_model(model, input_tensors=new_inputs, clone_function=widen)
    assert clone.output_shape == (None, 5) and clone.inputs == [new_inputs]


def test_clone_with_call_function():
    seen = []

    def record(layer, *args, **kwargs):
        seen.append(layer.name)
        return layer(*args, **kwargs)

    inputs = keras.Input((3,))
    model = keras.Model(inputs, layers.Dense(2, name="d")(inputs))
    keras.models.clone_model(model, call_function=record)
    assert seen == ["d"]


def test_recursive_clone_reaches_nested_layers():
    inner = keras.Sequential([keras.Input((3,)), layers.Dense(2, name="inner_dense")], name="in")
    inputs = keras.Input((3,))
    model = keras.Model(inputs, inner(inputs))
    cloned_names = []

    def clone_function(layer):
        cloned_names.append(layer.name)
        return type(layer).from_config(layer.get_config())

    keras.models.clone_model(model, clone_function=clone_function, recursive=True)
    assert cloned_names == ["inner_dense"]


def test_clone_subclassed_model():
    class Tiny(keras.Model):
        def __init__(self, units=2, **kwargs):
            super().__init__(**kwargs)
            self.dense = layers.Dense(units)

        def call(self, inputs):
            return self.dense(inputs)

    clone = keras.models.clone_model(Tiny(units=3, name="tiny"))
    assert isinstance(clone, Tiny) and clone.dense.units == 3 and clone.name == "tiny"


def test_clone_subclassed_model_rejects_clone_function():
    class Tiny(keras.Model):
        def call(self, inputs):
            return inputs

    with pytest.raises(ValueError, match=r"only supported for Sequential and Functional models"):
        keras.models.clone_model(Tiny(), clone_function=lambda layer: layer)


def test_clone_rejects_non_models():
    with pytest.raises(ValueError, match=r"clone_model expected a lamina Model, received Dense"):
        keras.models.clone_model(layers.Dense(2))


def test_clone_rejects_wrong_input_tensors():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(2)], name="s")
    with pytest.raises(ValueError, match=r"Sequential 's' takes one input tensor, but .* 2"):
        keras.models.clone_model(model, input_tensors=[keras.Input((3,)), keras.Input((3,))])
    with pytest.raises(ValueError, match=r"must be tensors returned by lamina.Input\(\)"):
        keras.models.clone_model(model, input_tensors=keras.SymbolicTensor((None, 3)))
