"""The user-object registry: registration, names, scopes, the global dict."""

from __future__ import annotations

import threading

import pytest

import lamina
from lamina.saving import object_registration


@pytest.fixture(autouse=True)
def _clean_registry():
    objects = dict(object_registration._GLOBAL_CUSTOM_OBJECTS)
    names = dict(object_registration._GLOBAL_CUSTOM_NAMES)
    yield
    object_registration._GLOBAL_CUSTOM_OBJECTS.clear()
    object_registration._GLOBAL_CUSTOM_OBJECTS.update(objects)
    object_registration._GLOBAL_CUSTOM_NAMES.clear()
    object_registration._GLOBAL_CUSTOM_NAMES.update(names)


class _WithConfig:
    def get_config(self):
        return {}


def test_registers_class_under_package_and_name():
    decorated = lamina.saving.register_keras_serializable(package="Pkg")(_WithConfig)
    assert decorated is _WithConfig
    assert lamina.saving.get_registered_name(_WithConfig) == "Pkg>_WithConfig"
    assert lamina.saving.get_registered_object("Pkg>_WithConfig") is _WithConfig
    assert lamina.saving.get_custom_objects()["Pkg>_WithConfig"] is _WithConfig


def test_default_package_is_custom_and_name_can_be_given():
    def activation(x):
        return x

    lamina.saving.register_keras_serializable()(activation)
    lamina.saving.register_lamina_serializable("Mine", name="act")(_WithConfig)
    assert lamina.saving.get_registered_name(activation) == "Custom>activation"
    assert lamina.saving.get_registered_object("Mine>act") is _WithConfig


def test_lamina_alias_is_the_keras_function():
    assert lamina.saving.register_lamina_serializable is lamina.saving.register_keras_serializable
    assert lamina.saving.custom_object_scope is lamina.saving.CustomObjectScope


def test_unregistered_name_is_dunder_name():
    def plain(x):
        return x

    assert lamina.saving.get_registered_name(plain) == "plain"
    assert lamina.saving.get_registered_object("Custom>plain") is None


def test_rejects_class_without_get_config():
    class NoConfig:
        pass

    with pytest.raises(ValueError, match="NoConfig has no get_config"):
        lamina.saving.register_keras_serializable()(NoConfig)


def test_rejects_package_with_separator():
    with pytest.raises(ValueError, match="without '>'"):
        lamina.saving.register_keras_serializable(package="a>b")


def test_scope_lookup_order_and_nesting():
    first, second = object(), object()
    with lamina.saving.CustomObjectScope({"thing": first}):
        assert lamina.saving.get_registered_object("thing") is first
        with lamina.saving.custom_object_scope({"thing": second}, None):
            assert lamina.saving.get_registered_object("thing") is second
        assert lamina.saving.get_registered_object("thing") is first
    assert lamina.saving.get_registered_object("thing") is None


def test_custom_objects_and_module_objects_are_searched_last():
    registered, passed, module = object(), object(), object()
    lamina.saving.get_custom_objects()["X>y"] = registered
    found = lamina.saving.get_registered_object(
        "X>y", custom_objects={"X>y": passed}, module_objects={"X>y": module}
    )
    assert found is registered
    assert lamina.saving.get_registered_object("z", None, {"z": module}) is module


def test_scopes_are_per_thread():
    seen = []
    with lamina.saving.CustomObjectScope({"only_here": 1}):
        worker = threading.Thread(
            target=lambda: seen.append(lamina.saving.get_registered_object("only_here"))
        )
        worker.start()
        worker.join()
    assert seen == [None]


def test_scope_rejects_non_dict():
    with pytest.raises(TypeError, match="expected dicts"):
        lamina.saving.CustomObjectScope(["not", "a", "dict"])


def test_visible_objects_precedence():
    lamina.saving.get_custom_objects()["n"] = "global"
    visible = object_registration.visible_objects({"n": "passed", "m": 1})
    assert (visible["n"], visible["m"]) == ("global", 1)
    with lamina.saving.CustomObjectScope({"n": "scope"}):
        assert object_registration.visible_objects({"n": "passed"})["n"] == "scope"
