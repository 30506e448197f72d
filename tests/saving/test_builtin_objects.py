"""The closed tables of lamina objects that configs may name."""

from __future__ import annotations

import os
import subprocess

import pytest

import lamina
from lamina.saving import builtin_objects


def test_families_hold_public_classes():
    assert builtin_objects.classes("layers")["Dense"] is lamina.layers.Dense
    assert builtin_objects.classes("models")["Functional"] is lamina.models.Functional
    assert builtin_objects.classes("optimizers")["Adam"] is lamina.optimizers.Adam
    assert builtin_objects.classes("losses")["MeanSquaredError"] is lamina.losses.MeanSquaredError
    assert builtin_objects.classes("metrics")["MeanSquaredError"] is lamina.metrics.MeanSquaredError


def test_helpers_and_function_builders_are_not_objects():
    layer_names = builtin_objects.classes("layers")
    assert "deserialize" not in layer_names and "Input" not in layer_names
    assert "get" not in builtin_objects.functions("activations")
    assert "clone_model" not in builtin_objects.classes("models")
    assert builtin_objects.functions("layers") == {}


@pytest.mark.parametrize(
    ("module", "family"),
    [
        ("keras.layers", "layers"),
        ("keras.src.layers.core.dense", "layers"),
        ("keras.src.models.functional", "models"),
        ("keras.optimizers.schedules", "schedules"),
        ("keras.src.ops.numpy", "ops"),
        ("lamina.losses.regression_losses", "losses"),
        ("keras", None),
        ("os", None),
        (None, None),
    ],
)
def test_family_of_module(module, family):
    assert builtin_objects.family_of(module) == family


def test_module_picks_family_for_shared_names():
    assert builtin_objects.find_class("MeanSquaredError", "keras.metrics") is (
        lamina.metrics.MeanSquaredError
    )
    assert builtin_objects.find_class("MeanSquaredError", "keras.losses") is (
        lamina.losses.MeanSquaredError
    )
    assert builtin_objects.find_class("Sequential", "keras") is lamina.Sequential


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("system", "os"),
        ("Popen", "subprocess"),
        ("atomic_write", "lamina.saving.file_writes"),
        ("enable_unsafe_deserialization", "lamina.saving"),
        ("import_module", "importlib"),
        ("Dense", "evil.layers"),
    ],
)
def test_arbitrary_classes_are_not_found(name, module):
    assert builtin_objects.find_class(name, module) is None


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("eval", "builtins"),
        ("exec", "builtins"),
        ("system", "os"),
        ("atomic_write_path", "lamina.saving.file_writes"),
        ("enable_unsafe_deserialization", "lamina.saving.serialization_lib"),
        ("load_model", "keras.saving"),
        ("get", "keras.activations"),
    ],
)
def test_arbitrary_functions_are_not_found(name, module):
    assert builtin_objects.find_function(name, module) is None


def test_functions_found_by_family_or_builtins_module():
    assert builtin_objects.find_function("relu", "builtins") is lamina.activations.relu
    assert builtin_objects.find_function("mae", "keras.metrics") is lamina.metrics.mae
    assert builtin_objects.find_function("mean_squared_error", "keras.losses") is (
        lamina.losses.mean_squared_error
    )


def test_is_known_op():
    assert builtin_objects.is_known_op("Add")
    assert builtin_objects.is_known_op("GetItem") is ("get_item" in lamina.ops.__all__)
    assert not builtin_objects.is_known_op("System")


def test_tables_do_not_reference_dangerous_callables():
    dangerous = {eval, exec, os.system, subprocess.Popen, __import__, open}
    for family in builtin_objects._PACKAGES:
        values = list(builtin_objects.classes(family).values())
        values += list(builtin_objects.functions(family).values())
        assert not dangerous.intersection(values), family
