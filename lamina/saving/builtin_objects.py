"""The closed list of lamina objects a config may name, grouped by family.

A config entry names an object by `module` and `class_name` (or, for functions,
`class_name: "function"` and the function's name in `config`). Loading resolves built-in
names only through the tables built here from the public lists (`__all__`) of lamina's
modeling packages: layers, models, initializers, regularizers, constraints, optimizers and
their schedules, losses, metrics, activations and dtype policies. Nothing outside these
tables (no module import, no attribute walk) can ever be reached from a file, so a config
naming `os.system`, `builtins.eval` or a lamina helper that reads or writes files matches
nothing. Functions resolve only among activations, losses and metrics.
"""

from __future__ import annotations

import functools
import inspect
import re
from typing import Any

# The one rule for which `module` may name a built-in, shared with the per-package lookups.
from lamina.object_registry.object_family import is_builtin_module as is_builtin_module

# Family -> the lamina package holding it.
_PACKAGES = {
    "layers": "layers",
    "models": "models",
    "initializers": "initializers",
    "regularizers": "regularizers",
    "constraints": "constraints",
    "optimizers": "optimizers",
    "schedules": "optimizers.schedules",
    "losses": "losses",
    "metrics": "metrics",
    "activations": "activations",
    "dtype_policies": "dtype_policies",
}
# Family -> the module Keras 3 writes for its built-ins.
FAMILY_MODULES = {
    "layers": "keras.layers",
    "initializers": "keras.initializers",
    "regularizers": "keras.regularizers",
    "constraints": "keras.constraints",
    "optimizers": "keras.optimizers",
    "schedules": "keras.optimizers.schedules",
    "losses": "keras.losses",
    "metrics": "keras.metrics",
    "activations": "keras.activations",
    "dtype_policies": "keras",
}
# Families whose public functions may be named by "function" entries.
FUNCTION_FAMILIES = ("activations", "losses", "metrics")
# Public names that are helpers, not modeling objects.
_NOT_OBJECTS = frozenset(
    {"get", "serialize", "deserialize", "get_metric_for", "get_accuracy_for", "clone_model"}
)
# Prefixes of the modules that may name built-ins (Keras's and lamina's own).
BUILTIN_PREFIXES = ("keras", "lamina")
# The modules Keras 3 writes for lamina's model classes (loading checks them this way too).
MODEL_MODULES = {
    "Sequential": "keras",
    "Model": "keras",
    "Functional": "keras.src.models.functional",
}


@functools.cache
def classes(family: str) -> dict[str, type]:
    """`{public name: class}` for one family."""
    package = _package(family)
    found: dict[str, type] = {}
    for name in package.__all__:
        value = getattr(package, name)
        if name in _NOT_OBJECTS or not inspect.isclass(value):
            continue
        if hasattr(value, "get_config") or hasattr(value, "from_config"):
            found[name] = value
    return found


@functools.cache
def functions(family: str) -> dict[str, Any]:
    """`{public name: function}` for activations, losses and metrics (empty for others)."""
    if family not in FUNCTION_FAMILIES:
        return {}
    package = _package(family)
    found: dict[str, Any] = {}
    for name in package.__all__:
        value = getattr(package, name)
        if name not in _NOT_OBJECTS and inspect.isfunction(value):
            found[name] = value
    return found


@functools.cache
def all_builtin_classes() -> frozenset[type]:
    """Every class of every family."""
    return frozenset(cls for family in _PACKAGES for cls in classes(family).values())


@functools.cache
def all_builtin_functions() -> frozenset[int]:
    """The ids of every function of the function families."""
    return frozenset(id(fn) for family in FUNCTION_FAMILIES for fn in functions(family).values())


def family_of(module: Any) -> str | None:
    """The family a built-in `module` points at (`"keras.layers"` -> `"layers"`), or None
    when the module does not say (`"keras"`, None, or a path lamina does not know)."""
    if not isinstance(module, str):
        return None
    parts = module.split(".")
    if parts[0] not in BUILTIN_PREFIXES:
        return None
    parts = parts[2:] if len(parts) > 1 and parts[1] == "src" else parts[1:]
    if not parts:
        return None
    if parts[0] == "optimizers" and len(parts) > 1 and parts[1] == "schedules":
        return "schedules"
    if parts[0] == "ops":
        return "ops"
    return parts[0] if parts[0] in _PACKAGES else None


def find_class(class_name: str, module: Any) -> type | None:
    """The built-in class `class_name` of the family `module` names; any family's when the
    module does not name one. None when the module is not a built-in one or nothing matches."""
    if not is_builtin_module(module):
        return None
    family = family_of(module)
    if family == "ops":
        return None
    order = [family] if family is not None else list(_PACKAGES)
    for name in order:
        found = classes(name).get(class_name)
        if found is not None:
            return found
    return None


def find_function(name: str, module: Any) -> Any:
    """The built-in activation, loss or metric function `name` (of the family `module`
    names, else of any of the three). None when the module is not a built-in one (or
    `"builtins"`, which Keras writes for functions) or nothing matches."""
    if module != "builtins" and not is_builtin_module(module):
        return None
    family = family_of(module)
    order = [family] if family in FUNCTION_FAMILIES else list(FUNCTION_FAMILIES)
    for family_name in order:
        found = functions(family_name).get(name)
        if found is not None:
            return found
    return None


def is_known_op(class_name: str) -> bool:
    """Whether `class_name` is the CamelCase name of a `lamina.ops` function (how Functional
    configs store ops applied to symbolic tensors)."""
    from lamina import ops

    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", class_name).lower() in ops.__all__


def _package(family: str) -> Any:
    # Imported here, not at the top: these packages sit above lamina.saving.
    import lamina

    package: Any = lamina
    for part in _PACKAGES[family].split("."):
        package = getattr(package, part)
    return package
