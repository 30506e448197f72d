"""ClassRegistry: custom objects, functions, safety against foreign modules, and errors."""

from __future__ import annotations

import pytest

from lamina.initializers.class_registry import ClassRegistry


class Builtin:
    def __init__(self, size=1):
        self.size = size

    def get_config(self):
        return {"size": self.size}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class Custom(Builtin):
    pass


class PlainCustom:
    def __init__(self, size=1):
        self.size = size

    def get_config(self):
        return {"size": self.size}


def double(x):
    return 2 * x


REGISTRY = ClassRegistry("thing", "keras.things", {"Builtin": Builtin, "builtin": Builtin})


def test_builtin_serializes_with_the_keras_module():
    assert REGISTRY.serialize(Builtin(3)) == {
        "module": "keras.things",
        "class_name": "Builtin",
        "config": {"size": 3},
        "registered_name": None,
    }


def test_custom_class_round_trips_through_custom_objects():
    saved = REGISTRY.serialize(Custom(4))
    assert saved["module"] == __name__
    assert saved["registered_name"] == "Custom"
    rebuilt = REGISTRY.deserialize(saved, custom_objects={"Custom": Custom})
    assert type(rebuilt) is Custom and rebuilt.size == 4


def test_class_without_from_config_is_built_from_its_constructor():
    saved = REGISTRY.serialize(PlainCustom(5))
    assert REGISTRY.deserialize(saved, custom_objects={"PlainCustom": PlainCustom}).size == 5


def test_custom_objects_take_precedence_over_builtins():
    assert type(REGISTRY.deserialize("builtin", custom_objects={"builtin": Custom})) is Custom


def test_named_function_round_trips():
    saved = REGISTRY.serialize(double)
    assert saved == {
        "module": __name__,
        "class_name": "function",
        "config": "double",
        "registered_name": "double",
    }
    assert REGISTRY.deserialize(saved, custom_objects={"double": double}) is double


def test_builtin_names_in_foreign_modules_are_not_resolved():
    config = {"module": "os.path", "class_name": "Builtin", "config": {}}
    with pytest.raises(ValueError, match=r"Unknown thing 'Builtin' \(module 'os.path'\)"):
        REGISTRY.deserialize(config)


def test_unknown_name_says_how_to_pass_custom_objects():
    with pytest.raises(ValueError, match=r"Unknown thing 'Missing'.*custom_objects=\{'Missing'"):
        REGISTRY.deserialize("Missing")


def test_unknown_function_is_not_imported():
    config = {"module": "os", "class_name": "function", "config": "system"}
    with pytest.raises(ValueError, match="Unknown thing 'system'"):
        REGISTRY.deserialize(config)


def test_rejects_dict_without_class_name():
    with pytest.raises(ValueError, match="deserialize expected a thing config dict with a string"):
        REGISTRY.deserialize({"config": {}})


def test_rejects_function_entry_without_a_name():
    with pytest.raises(ValueError, match="'config' of a 'function' entry to be its name"):
        REGISTRY.deserialize({"class_name": "function", "config": {}})


def test_deserialize_rejects_other_types():
    with pytest.raises(ValueError, match="deserialize expected a thing name, a config dict"):
        REGISTRY.deserialize(3)


def test_get_rejects_other_types():
    with pytest.raises(ValueError, match="Could not interpret thing identifier: 3"):
        REGISTRY.get(3)


def test_serialize_rejects_objects_without_config():
    with pytest.raises(ValueError, match="serialize expected a thing with get_config"):
        REGISTRY.serialize(lambda x: x)
