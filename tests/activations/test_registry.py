"""`get`, `serialize` and `deserialize` of `lamina.activations`: round trips for every name,
custom functions and objects, Keras 3 config dicts, and one test per error message."""

from __future__ import annotations

import pytest

from lamina import activations, ops
from lamina.activations.registry import BUILTIN_ACTIVATIONS

ALIASES = {"swish": "silu", "hard_swish": "hard_silu"}


def scaled_tanh(x):
    return ops.multiply(2.0, ops.tanh(x))


class Scaled:
    """A callable activation object with a config."""

    def __init__(self, factor=1.0):
        self.factor = factor

    def __call__(self, x):
        return ops.multiply(self.factor, x)

    def get_config(self):
        return {"factor": self.factor}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def test_builtins_are_exactly_the_exported_activations():
    exported = set(activations.__all__) - {"get", "serialize", "deserialize"}
    assert set(BUILTIN_ACTIVATIONS) == exported
    for name, function in BUILTIN_ACTIVATIONS.items():
        assert getattr(activations, name) is function


@pytest.mark.parametrize("name", sorted(BUILTIN_ACTIVATIONS))
def test_round_trip_by_name(name):
    function = getattr(activations, name)
    saved = activations.serialize(function)
    assert saved == ALIASES.get(name, name)
    assert activations.deserialize(saved) is function
    assert activations.get(name) is function
    assert activations.get(saved) is function


@pytest.mark.parametrize("name", sorted(BUILTIN_ACTIVATIONS))
def test_keras_function_dict_resolves_to_builtin(name):
    config = {
        "module": "keras.activations",
        "class_name": "function",
        "config": name,
        "registered_name": name,
    }
    assert activations.get(config) is BUILTIN_ACTIVATIONS[name]
    assert activations.deserialize(config) is BUILTIN_ACTIVATIONS[name]


def test_legacy_class_name_dict_resolves_to_builtin():
    assert activations.deserialize({"class_name": "relu", "config": {}}) is activations.relu


def test_get_none_gives_linear_and_callables_pass_through():
    assert activations.get(None) is activations.linear
    assert activations.get(scaled_tanh) is scaled_tanh
    assert activations.deserialize(scaled_tanh) is scaled_tanh


def test_custom_function_round_trip():
    saved = activations.serialize(scaled_tanh)
    assert saved == {
        "module": __name__,
        "class_name": "function",
        "config": "scaled_tanh",
        "registered_name": "scaled_tanh",
    }
    restored = activations.deserialize(saved, custom_objects={"scaled_tanh": scaled_tanh})
    assert restored is scaled_tanh


def test_custom_object_round_trip():
    saved = activations.serialize(Scaled(3.0))
    assert saved["class_name"] == "Scaled"
    assert saved["config"] == {"factor": 3.0}
    restored = activations.deserialize(saved, custom_objects={"Scaled": Scaled})
    assert isinstance(restored, Scaled)
    assert restored.factor == 3.0
    assert ops.convert_to_numpy(restored(ops.ones((2,)))).tolist() == [3.0, 3.0]


def test_custom_objects_take_precedence_over_builtin_names():
    assert activations.deserialize("relu", custom_objects={"relu": scaled_tanh}) is scaled_tanh


def test_custom_function_named_like_a_builtin_is_not_taken_for_it():
    config = {"module": "my_project", "class_name": "function", "config": "relu"}
    with pytest.raises(ValueError, match=r"Unknown activation 'relu'"):
        activations.deserialize(config)


def test_unknown_name_lists_valid_names_and_custom_objects():
    with pytest.raises(
        ValueError, match=r"Unknown activation 'swoosh'\. Valid names are \[.*'relu'"
    ):
        activations.get("swoosh")
    with pytest.raises(ValueError, match=r"custom_objects=\{'swoosh': your_function\}"):
        activations.deserialize("swoosh")


def test_unknown_custom_function_without_custom_objects():
    with pytest.raises(ValueError, match=r"Unknown activation 'scaled_tanh'"):
        activations.deserialize(activations.serialize(scaled_tanh))


def test_unknown_class_without_custom_objects():
    with pytest.raises(ValueError, match=r"Unknown activation 'Scaled'"):
        activations.deserialize(activations.serialize(Scaled(2.0)))


def test_get_rejects_other_types():
    with pytest.raises(ValueError, match=r"Could not interpret activation function identifier: 3"):
        activations.get(3)


def test_deserialize_rejects_other_types():
    with pytest.raises(ValueError, match=r"deserialize expected an activation name, a config"):
        activations.deserialize(3)


def test_deserialize_rejects_dict_without_class_name():
    with pytest.raises(ValueError, match=r"with a string 'class_name'"):
        activations.deserialize({"config": "relu"})


def test_deserialize_rejects_function_entry_without_name():
    with pytest.raises(ValueError, match=r"'config' of a 'function' entry to be its name"):
        activations.deserialize({"class_name": "function", "config": {"name": "relu"}})


def test_serialize_rejects_lambdas():
    with pytest.raises(ValueError, match=r"expected a built-in activation.*received a lambda"):
        activations.serialize(lambda x: x)


def test_serialize_rejects_callables_without_name_or_config():
    with pytest.raises(ValueError, match=r"serialize expected a built-in activation"):
        activations.serialize(print)
