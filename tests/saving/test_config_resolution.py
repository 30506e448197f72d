"""Resolving config entries: nested checks, user objects in place, newer Keras arguments."""

from __future__ import annotations

import pytest

import lamina
from lamina.saving.config_resolution import Resolver, _drop_newer_keras_arguments


def _dense(**overrides):
    config = {"units": 2, "name": "d"}
    config.update(overrides)
    return {
        "module": "keras.layers",
        "class_name": "Dense",
        "config": config,
        "registered_name": None,
    }


def test_refuses_nested_function_from_arbitrary_module():
    entry = _dense(
        activation={
            "module": "os",
            "class_name": "function",
            "config": "system",
            "registered_name": None,
        }
    )
    with pytest.raises(ValueError, match="refusing function 'os.system'"):
        Resolver({}, safe_mode=True).load(entry)


def test_refuses_nested_class_from_arbitrary_module():
    popen = {"module": "subprocess", "class_name": "Popen", "config": {"args": "true"}}
    entry = _dense(kernel_initializer=popen)
    with pytest.raises(ValueError, match="refusing class 'subprocess.Popen'"):
        Resolver({}, safe_mode=False).load(entry)


def test_nested_user_objects_are_resolved_in_place():
    class Halves(lamina.initializers.Initializer):
        def __call__(self, shape, dtype=None):
            return lamina.ops.full(shape, 0.5, dtype=dtype)

        def get_config(self):
            return {}

    def clip(x):
        return lamina.ops.clip(x, -1.0, 1.0)

    entry = _dense(
        activation={
            "module": "builtins",
            "class_name": "function",
            "config": "Mine>clip",
            "registered_name": "function",
        },
        kernel_initializer={
            "module": "tests",
            "class_name": "Halves",
            "config": {},
            "registered_name": "Mine>Halves",
        },
    )
    layer = Resolver({"Mine>clip": clip, "Mine>Halves": Halves}, True).load(entry)
    assert layer.activation is clip
    assert isinstance(layer.kernel_initializer, Halves)


def test_bare_function_name_finds_registered_function():
    def gate(x):
        return x

    entry = {
        "module": "builtins",
        "class_name": "function",
        "config": "gate",
        "registered_name": "function",
    }
    assert Resolver({"Pkg>gate": gate}, True).load(entry) is gate


def test_builtin_entries_are_checked_but_left_to_their_package():
    resolver = Resolver({}, True)
    entry = _dense(
        kernel_initializer={
            "module": "keras.initializers",
            "class_name": "Ones",
            "config": {},
            "registered_name": None,
        }
    )
    prepared = resolver.prepare(entry)
    assert prepared["config"]["kernel_initializer"]["class_name"] == "Ones"
    layer = resolver.load(entry)
    assert type(layer.kernel_initializer).__name__ == "Ones"


def test_op_entries_are_checked_against_lamina_ops():
    resolver = Resolver({}, True)
    good = {"module": "keras.src.ops.numpy", "class_name": "Add", "config": {"name": "add"}}
    assert resolver.prepare(good) == good
    bad = {"module": "keras.src.ops.numpy", "class_name": "System", "config": {}}
    with pytest.raises(ValueError, match="refusing class 'keras.src.ops.numpy.System'"):
        resolver.prepare(bad)


def test_tensor_records_are_left_for_functional_configs():
    record = {"class_name": "__keras_tensor__", "config": {"keras_history": ["a", 0, 0]}}
    assert Resolver({}, True).prepare({"args": [record]}) == {"args": [record]}
    with pytest.raises(ValueError, match="only appear inside a Functional"):
        Resolver({}, True).load(record)


def test_newer_keras_arguments_dropped_only_at_their_off_value():
    inner = {"units": 2, "quantization_config": None}
    assert _drop_newer_keras_arguments(lamina.layers.Dense, inner) == {"units": 2}
    kept = {"units": 2, "quantization_config": {"mode": "int8"}}
    assert _drop_newer_keras_arguments(lamina.layers.Dense, kept) == kept
    batch_norm = {"renorm": False, "renorm_momentum": 0.99, "renorm_clipping": None}
    assert _drop_newer_keras_arguments(lamina.layers.BatchNormalization, batch_norm) == {}
    assert _drop_newer_keras_arguments(lamina.layers.BatchNormalization, {"renorm": True}) == {
        "renorm": True
    }


def test_keras_initializer_axes_are_accepted():
    initializer = {
        "module": "keras.initializers",
        "class_name": "GlorotUniform",
        "config": {"seed": 1, "input_axes": None, "output_axes": None},
        "registered_name": None,
    }
    entry = _dense(kernel_initializer=initializer, quantization_config=None)
    layer = Resolver({}, True).load(entry)
    assert type(layer.kernel_initializer).__name__ == "GlorotUniform"


def test_from_config_type_error_names_the_class():
    class Broken(lamina.layers.Layer):
        @classmethod
        def from_config(cls, config):
            raise TypeError("boom")

    entry = {"module": "t", "class_name": "Broken", "config": {}, "registered_name": "T>Broken"}
    with pytest.raises(TypeError, match="Broken.from_config.. failed: boom"):
        Resolver({"T>Broken": Broken}, True).load(entry)


def test_non_dict_inner_config_is_refused():
    entry = {"module": "keras.layers", "class_name": "Dense", "config": [1, 2]}
    with pytest.raises(ValueError, match="'config' of Dense must be a dict"):
        Resolver({}, True).load(entry)
