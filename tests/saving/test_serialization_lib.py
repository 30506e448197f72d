"""serialize_keras_object / deserialize_keras_object and the safe-mode switches."""

from __future__ import annotations

import json

import numpy as np
import pytest

import lamina
from lamina.saving import object_registration, serialization_lib
from lamina.saving.serialization_lib import deserialize_keras_object, serialize_keras_object


@pytest.fixture(autouse=True)
def _clean_state():
    objects = dict(object_registration._GLOBAL_CUSTOM_OBJECTS)
    names = dict(object_registration._GLOBAL_CUSTOM_NAMES)
    yield
    serialization_lib.restore_safe_mode()
    object_registration._GLOBAL_CUSTOM_OBJECTS.clear()
    object_registration._GLOBAL_CUSTOM_OBJECTS.update(objects)
    object_registration._GLOBAL_CUSTOM_NAMES.clear()
    object_registration._GLOBAL_CUSTOM_NAMES.update(names)


def _round_trip(obj, **kwargs):
    return deserialize_keras_object(json.loads(json.dumps(serialize_keras_object(obj))), **kwargs)


def test_plain_values_and_structures_pass_through():
    value = {"a": [1, 2.5, "x", None, True], "b": (3, 4)}
    assert serialize_keras_object(value) == {"a": [1, 2.5, "x", None, True], "b": [3, 4]}
    assert deserialize_keras_object({"a": [1, {"b": None}]}) == {"a": [1, {"b": None}]}


def test_special_values_round_trip():
    array = np.arange(6, dtype="float32").reshape(2, 3)
    loaded = _round_trip([array, np.float32(1.5), b"bytes", slice(1, None, 2), Ellipsis])
    np.testing.assert_array_equal(loaded[0], array)
    assert loaded[0].dtype == np.float32
    assert loaded[1:] == [1.5, b"bytes", slice(1, None, 2), Ellipsis]


def test_tensor_round_trips_as_tensor(backend_name):
    tensor = lamina.ops.convert_to_tensor([[1.0, 2.0]])
    entry = serialize_keras_object(tensor)
    # The numpy backend's tensors are NumPy arrays.
    assert entry["class_name"] == ("__numpy__" if backend_name == "numpy" else "__tensor__")
    loaded = deserialize_keras_object(entry)
    assert lamina.ops.is_tensor(loaded)
    np.testing.assert_array_equal(lamina.ops.convert_to_numpy(loaded), [[1.0, 2.0]])


def test_refuses_non_numeric_array_entry():
    entry = {"class_name": "__numpy__", "config": {"value": ["a"], "dtype": "object"}}
    with pytest.raises(ValueError, match="only numeric arrays"):
        deserialize_keras_object(entry)


def test_builtin_layer_entry_matches_keras_form():
    entry = serialize_keras_object(lamina.layers.Dense(3, name="d"))
    assert entry["module"] == "keras.layers"
    assert entry["class_name"] == "Dense"
    assert entry["registered_name"] is None
    layer = deserialize_keras_object(entry)
    assert isinstance(layer, lamina.layers.Dense) and layer.units == 3 and layer.name == "d"


@pytest.mark.parametrize(
    ("obj", "module"),
    [
        (lamina.optimizers.Adam(0.25), "keras.optimizers"),
        (lamina.losses.Huber(delta=2.0), "keras.losses"),
        (lamina.metrics.MeanAbsoluteError(), "keras.metrics"),
        (lamina.initializers.RandomNormal(stddev=0.5), "keras.initializers"),
        (lamina.regularizers.L2(0.1), "keras.regularizers"),
        (lamina.constraints.MaxNorm(2.0), "keras.constraints"),
        (lamina.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5), "keras.optimizers.schedules"),
        (lamina.dtype_policies.DTypePolicy("float16"), "keras"),
    ],
)
def test_builtin_objects_round_trip(obj, module):
    entry = serialize_keras_object(obj)
    assert entry["module"] == module and entry["registered_name"] is None
    loaded = _round_trip(obj)
    assert type(loaded) is type(obj)
    assert loaded.get_config() == obj.get_config()


def test_functions_use_keras_form_and_resolve():
    entry = serialize_keras_object(lamina.activations.relu)
    assert entry == {
        "module": "builtins",
        "class_name": "function",
        "config": "relu",
        "registered_name": "function",
    }
    assert deserialize_keras_object(entry) is lamina.activations.relu
    assert _round_trip(lamina.losses.mean_squared_error) is lamina.losses.mean_squared_error


def test_refuses_lambda_when_serializing():
    with pytest.raises(ValueError, match="cannot serialize a Python lambda"):
        serialize_keras_object(lambda x: x)


def test_refuses_object_without_get_config():
    with pytest.raises(TypeError, match="has no get_config"):
        serialize_keras_object(object())


def test_registered_class_and_function_round_trip():
    @lamina.saving.register_keras_serializable(package="Tests")
    class Doubler(lamina.layers.Layer):
        def __init__(self, factor=2.0, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def call(self, x):
            return x * self.factor

        def get_config(self):
            return {**super().get_config(), "factor": self.factor}

    @lamina.saving.register_keras_serializable(package="Tests")
    def halve(x):
        return x / 2

    entry = serialize_keras_object(Doubler(3.0))
    assert entry["registered_name"] == "Tests>Doubler"
    assert entry["module"] == Doubler.__module__
    assert _round_trip(Doubler(3.0)).factor == 3.0
    assert serialize_keras_object(halve)["config"] == "Tests>halve"
    assert _round_trip(halve) is halve


def test_nested_registered_activation_inside_builtin_layer():
    @lamina.saving.register_keras_serializable(package="Tests")
    def cube(x):
        return x * x * x

    dense = lamina.layers.Dense(2, activation=cube)
    entry = serialize_keras_object(dense)
    assert entry["config"]["activation"]["config"] == "Tests>cube"
    assert _round_trip(dense).activation is cube


def test_unregistered_custom_object_needs_custom_objects():
    class Local(lamina.layers.Layer):
        def call(self, x):
            return x

    entry = json.loads(json.dumps(serialize_keras_object(Local(name="local"))))
    assert entry["registered_name"] == "Local"
    with pytest.raises(ValueError, match="refusing class .*Local"):
        deserialize_keras_object(entry)
    assert type(deserialize_keras_object(entry, custom_objects={"Local": Local})) is Local
    with lamina.saving.CustomObjectScope({"Local": Local}):
        assert type(deserialize_keras_object(entry)) is Local


def test_compiled_model_carries_compile_config():
    model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(1)])
    model.compile(optimizer=lamina.optimizers.SGD(0.5), loss="mae", metrics=["mse"])
    entry = serialize_keras_object(model)
    assert entry["compile_config"]["loss"] == "mae"
    loaded = _round_trip(model)
    assert loaded.compiled and type(loaded.optimizer).__name__ == "SGD"
    assert float(loaded.optimizer.learning_rate) == 0.5


def test_functional_model_uses_keras_module():
    inputs = lamina.Input((2,))
    model = lamina.Model(inputs, lamina.layers.Dense(1)(inputs))
    entry = serialize_keras_object(model)
    assert (entry["module"], entry["class_name"]) == ("keras.src.models.functional", "Functional")
    assert isinstance(_round_trip(model), lamina.models.Functional)


def test_safe_mode_switches():
    assert serialization_lib.in_safe_mode() is None
    assert serialization_lib.effective_safe_mode(True) is True
    assert serialization_lib.effective_safe_mode(False) is False
    lamina.saving.enable_unsafe_deserialization()
    assert serialization_lib.effective_safe_mode(True) is False
    with serialization_lib.SafeModeScope(True):
        assert serialization_lib.effective_safe_mode(False) is True
    serialization_lib.restore_safe_mode()
    assert serialization_lib.in_safe_mode() is None


def test_lambda_entry_refused_in_safe_mode_and_loaded_when_unsafe():
    code = __import__("marshal").dumps((lambda x: x + 1).__code__)
    text = __import__("base64").b64encode(code).decode("ascii")
    entry = {"class_name": "__lambda__", "config": {"value": [text, None, None]}}
    with pytest.raises(ValueError, match="safe_mode=False.*enable_unsafe_deserialization"):
        deserialize_keras_object(entry)
    assert deserialize_keras_object(entry, safe_mode=False)(2) == 3


def test_rejects_unknown_keyword():
    with pytest.raises(TypeError, match="unexpected keyword"):
        deserialize_keras_object({}, printer=print)


def test_module_objects_are_searched():
    def special(x):
        return x

    entry = {"module": "m", "class_name": "function", "config": "special", "registered_name": None}
    assert deserialize_keras_object(entry, module_objects={"special": special}) is special


def test_deeply_nested_config_is_refused():
    config: dict = {}
    for _ in range(5000):
        config = {"a": config}
    with pytest.raises(ValueError, match="nested too deeply"):
        deserialize_keras_object(config)
