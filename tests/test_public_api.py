"""Every public name: a docstring with an example, and no engine module reachable from it."""

from __future__ import annotations

import inspect
import types

import pytest

import lamina

ENGINES = ("torch", "jax", "jaxlib", "tensorflow", "pytensor")
PUBLIC_MODULES = [
    lamina,
    lamina.activations,
    lamina.callbacks,
    lamina.config,
    lamina.constraints,
    lamina.dtype_policies,
    lamina.initializers,
    lamina.layers,
    lamina.losses,
    lamina.metrics,
    lamina.mixed_precision,
    lamina.models,
    lamina.ops,
    lamina.ops.image,
    lamina.applications,
    *(getattr(lamina.applications, name) for name in lamina.applications.__all__ if name.islower()),
    lamina.optimizers,
    lamina.optimizers.schedules,
    lamina.random,
    lamina.regularizers,
    lamina.saving,
    lamina.utils,
]


def _public_objects():
    for module in PUBLIC_MODULES:
        for name in getattr(module, "__all__", []):
            value = getattr(module, name)
            if isinstance(value, types.ModuleType) or isinstance(value, str):
                continue
            yield f"{module.__name__}.{name}", value


@pytest.mark.parametrize(("name", "value"), list(_public_objects()))
def test_public_object_has_docstring_with_example(name, value):
    doc = inspect.getdoc(value) or ""
    assert doc.strip(), f"{name} has no docstring"
    assert ">>>" in doc, f"{name}'s docstring has no >>> example"


@pytest.mark.parametrize(("name", "value"), list(_public_objects()))
def test_public_object_is_not_an_engine_object(name, value):
    module = getattr(value, "__module__", "") or ""
    assert module.split(".")[0] not in ENGINES, f"{name} comes from {module}"


def test_all_lists_are_sorted_and_unique():
    for module in PUBLIC_MODULES:
        names = getattr(module, "__all__", [])
        assert len(set(names)) == len(names), module.__name__


# Ops that take no tensors, or that answer for symbolic inputs themselves.
NOT_SYMBOLIC_OPS = {
    "convert_to_numpy",
    "convert_to_tensor",
    "custom_gradient",
    "dtype",
    "is_tensor",
}


@pytest.mark.parametrize("name", sorted(set(lamina.ops.__all__) - NOT_SYMBOLIC_OPS - {"shape"}))
def test_every_op_has_a_symbolic_spec(name):
    assert hasattr(getattr(lamina.ops, name), "compute_output_spec"), name


def test_shape_and_dtype_answer_for_symbolic_tensors():
    x = lamina.SymbolicTensor((None, 4), "int8")
    assert lamina.ops.shape(x) == (None, 4)
    assert lamina.ops.dtype(x) == "int8"
