"""The group tree of saved weights, checked literally against the Keras 3 layout.

Where the facts come from: Keras 3's `keras/src/saving/saving_lib.py` (`_save_state`,
`_walk_saveable`, `_save_container_state`, `H5IOStore.make`), read through the search tool,
and the trees Keras 3.15.1 itself wrote for the same models (jax backend, `h5py` visit of
`model.save_weights(...)`), which the expected lists below reproduce:

- each object's variables: datasets "0", "1", ... in `<path>/vars`, whose attribute `name` is
  the object's name; the model's own group is `/vars`; layers without variables still get
  their (empty) group;
- Sequential/Functional: `layers/<class in snake case>[_<n>]` (Functional lists its
  InputLayers, Sequential does not);
- subclassed models and layers: sublayers by attribute name, lists as containers; a model's
  `layers` attribute is visited in alphabetical order too, so a sublayer in an attribute
  sorting after "layers" (here `out`) is saved as `layers/dense_1`;
- the compiled optimizer: `optimizer/vars`.
"""

from __future__ import annotations

import h5py
import numpy as np
import pytest

import lamina
from lamina import layers
from lamina.saving import keras_layout, save_weights


def _tree(path) -> list[str]:
    found: list[str] = []
    with h5py.File(path, "r") as f:
        assert dict(f.attrs) == {}
        f.visititems(lambda name, obj: found.append(_describe(name, obj)))
    return sorted(found)


def _describe(name: str, obj) -> str:
    if isinstance(obj, h5py.Dataset):
        return f"{name} {tuple(obj.shape)}"
    return name


def _saved_tree(model, tmp_path) -> list[str]:
    path = tmp_path / "model.weights.h5"
    save_weights(model, path)
    return _tree(path)


def _vars_name(tmp_path, group: str) -> str:
    with h5py.File(tmp_path / "model.weights.h5", "r") as f:
        return f[group].attrs["name"]


def test_sequential_layout(tmp_path):
    model = lamina.Sequential(
        [lamina.Input(shape=(3,)), layers.Dense(4), layers.Dropout(0.1), layers.Dense(2)]
    )
    assert _saved_tree(model, tmp_path) == [
        "layers",
        "layers/dense",
        "layers/dense/vars",
        "layers/dense/vars/0 (3, 4)",
        "layers/dense/vars/1 (4,)",
        "layers/dense_1",
        "layers/dense_1/vars",
        "layers/dense_1/vars/0 (4, 2)",
        "layers/dense_1/vars/1 (2,)",
        "layers/dropout",
        "layers/dropout/vars",
        "vars",
    ]
    assert _vars_name(tmp_path, "vars") == model.name
    assert _vars_name(tmp_path, "layers/dense_1/vars") == model.layers[2].name


def test_functional_layout_lists_input_layers(tmp_path):
    inputs = lamina.Input(shape=(3,), name="features")
    hidden = layers.Dense(4, name="a")(inputs)
    model = lamina.Model(inputs, layers.Dense(2, name="b")(hidden))
    assert _saved_tree(model, tmp_path) == [
        "layers",
        "layers/dense",
        "layers/dense/vars",
        "layers/dense/vars/0 (3, 4)",
        "layers/dense/vars/1 (4,)",
        "layers/dense_1",
        "layers/dense_1/vars",
        "layers/dense_1/vars/0 (4, 2)",
        "layers/dense_1/vars/1 (2,)",
        "layers/input_layer",
        "layers/input_layer/vars",
        "vars",
    ]
    assert _vars_name(tmp_path, "layers/dense/vars") == "a"
    assert _vars_name(tmp_path, "layers/input_layer/vars") == "features"


def test_nested_model_layout(tmp_path):
    inner = lamina.Sequential([lamina.Input(shape=(3,)), layers.Dense(4)])
    inputs = lamina.Input(shape=(3,))
    model = lamina.Model(inputs, layers.Dense(2)(inner(inputs)))
    assert _saved_tree(model, tmp_path) == [
        "layers",
        "layers/dense",
        "layers/dense/vars",
        "layers/dense/vars/0 (4, 2)",
        "layers/dense/vars/1 (2,)",
        "layers/input_layer",
        "layers/input_layer/vars",
        "layers/sequential",
        "layers/sequential/layers",
        "layers/sequential/layers/dense",
        "layers/sequential/layers/dense/vars",
        "layers/sequential/layers/dense/vars/0 (3, 4)",
        "layers/sequential/layers/dense/vars/1 (4,)",
        "layers/sequential/vars",
        "vars",
    ]


class _Subclassed(lamina.Model):
    def __init__(self):
        super().__init__()
        self.dense1 = layers.Dense(4)
        self.out = layers.Dense(2)
        self.blocks = [layers.Dense(3), layers.Dense(3)]

    def call(self, inputs):
        x = self.dense1(inputs)
        for block in self.blocks:
            x = block(x)
        return self.out(x)


def test_subclassed_model_layout(tmp_path):
    model = _Subclassed()
    model(np.ones((2, 3), "float32"))
    assert _saved_tree(model, tmp_path) == [
        "blocks",
        "blocks/dense",
        "blocks/dense/vars",
        "blocks/dense/vars/0 (4, 3)",
        "blocks/dense/vars/1 (3,)",
        "blocks/dense_1",
        "blocks/dense_1/vars",
        "blocks/dense_1/vars/0 (3, 3)",
        "blocks/dense_1/vars/1 (3,)",
        "dense1",
        "dense1/vars",
        "dense1/vars/0 (3, 4)",
        "dense1/vars/1 (4,)",
        "layers",
        "layers/dense_1",
        "layers/dense_1/vars",
        "layers/dense_1/vars/0 (3, 2)",
        "layers/dense_1/vars/1 (2,)",
        "vars",
    ]
    assert _vars_name(tmp_path, "layers/dense_1/vars") == model.out.name


class Block(layers.Layer):
    """Own variable plus sublayers by attribute, and a list nested in a list."""

    def __init__(self):
        super().__init__()
        self.zeta = layers.Dense(2)
        self.alpha = layers.Dense(2)
        self.stages = [[layers.Dense(2)], layers.Dense(2)]

    def build(self, input_shape):
        self.scale = self.add_weight(shape=(2,), initializer="ones", name="scale")

    def call(self, inputs):
        x = self.alpha(self.zeta(inputs))
        x = self.stages[1](self.stages[0][0](x))
        return x * self.scale


def test_custom_layer_layout_names_attributes_and_nested_containers(tmp_path):
    inputs = lamina.Input(shape=(3,))
    model = lamina.Model(inputs, Block()(inputs))
    tree = _saved_tree(model, tmp_path)
    assert [entry for entry in tree if entry.endswith(")")] == [
        "layers/block/alpha/vars/0 (2, 2)",
        "layers/block/alpha/vars/1 (2,)",
        "layers/block/stages/container/dense/vars/0 (2, 2)",
        "layers/block/stages/container/dense/vars/1 (2,)",
        "layers/block/stages/dense/vars/0 (2, 2)",
        "layers/block/stages/dense/vars/1 (2,)",
        "layers/block/vars/0 (2,)",
        "layers/block/zeta/vars/0 (3, 2)",
        "layers/block/zeta/vars/1 (2,)",
    ]


def test_shared_layer_is_saved_once_at_its_first_path(tmp_path):
    shared = layers.Dense(3)
    inputs = lamina.Input(shape=(3,))
    model = lamina.Model(inputs, shared(shared(inputs)))
    paths = [path for path, _ in keras_layout.walk(model)]
    assert paths == ["", "layers/input_layer", "layers/dense"]


def test_built_optimizer_is_saved_under_optimizer(tmp_path):
    model = lamina.Sequential([lamina.Input(shape=(3,)), layers.Dense(2)])
    model.optimizer = lamina.optimizers.SGD(momentum=0.9, name="sgd_probe")
    tree = _saved_tree(model, tmp_path)
    assert not any(entry.startswith("optimizer") for entry in tree), "unbuilt: not saved"
    model.optimizer.build(model.trainable_variables)
    tree = _saved_tree(model, tmp_path)
    variables = model.optimizer.variables
    expected = [f"optimizer/vars/{i} {tuple(v.shape)}" for i, v in enumerate(variables)]
    assert [e for e in tree if e.startswith("optimizer/vars/")] == sorted(expected)
    assert _vars_name(tmp_path, "optimizer/vars") == "sgd_probe"


@pytest.mark.parametrize(
    ("class_name", "expected"),
    [
        ("Dense", "dense"),
        ("InputLayer", "input_layer"),
        ("Conv2D", "conv2d"),
        ("GlobalMaxPooling2D", "global_max_pooling2d"),
        ("LSTMCell", "lstm_cell"),
        ("PReLU", "p_re_lu"),
        ("BatchNormalization", "batch_normalization"),
    ],
)
def test_container_names_follow_keras_snake_case(class_name, expected):
    assert keras_layout.keras_snake_case(class_name) == expected
