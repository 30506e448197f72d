"""Where each object's variables live in a Keras 3 weights file.

Keras 3 (`keras/src/saving/saving_lib.py`: `_save_state`, `_walk_saveable`,
`_save_container_state`) walks the model's objects from the model down and stores each
object's own variables in the HDF5 group `<path>/vars`, as datasets `"0"`, `"1"`, ... :

- the model itself has the path `""`, so its group is `/vars`;
- a Sequential or Functional model first visits its `layers` as a container at `layers`;
- then every attribute of the object, public names alphabetically and then private ones,
  except those a bare base Layer already has. A layer or optimizer held in attribute `a`
  gets the path `<path>/a`; a list, tuple or dict held in `a` is a container at `<path>/a`;
- inside a container, each layer is named after its class in snake case, numbered on
  repeats (`dense`, `dense_1`, `input_layer`, ...); nested containers are `container`,
  `container_1`, ...;
- a subclassed Model also has the `layers` attribute (its direct sublayers), visited at its
  alphabetical place: a sublayer held in an attribute that sorts after "layers" ends up as
  `layers/<class>_<n>`;
- a compiled model's optimizer is at `optimizer` (metrics and losses store nothing);
- an object reached twice keeps its first path.

This module computes that walk on lamina objects; `weights_file` reads and writes the groups.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from lamina.layers.layer import Layer
from lamina.optimizers.optimizer import Optimizer

# Classes whose own properties are lamina internals (Keras skips what a bare Layer has).
_BASE_MODULES = (
    "lamina.layers.layer",
    "lamina.models.",
    "lamina.trainers",
    "lamina.backend",
    "lamina.optimizers.optimizer",
    "torch",
    "builtins",
)


def keras_snake_case(name: str) -> str:
    """Returns a class name in snake case by Keras's rule: `"Conv2D"` -> `"conv2d"`,
    `"InputLayer"` -> `"input_layer"` (a digit does not start a new word)."""
    name = re.sub(r"\W+", "", name)
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def walk(model: Any) -> list[tuple[str, Any]]:
    """Returns `(path, object)` for the model and every layer and optimizer below it, in
    Keras's order; `path` is `""` for the model and e.g. `"layers/dense"` below it."""
    entries: list[tuple[str, Any]] = []
    _visit(model, "", entries, set())
    return entries


def is_saveable(value: Any) -> bool:
    """Whether `value` stores variables in a weights file (a layer or an optimizer)."""
    return isinstance(value, (Layer, Optimizer))


def own_variables(obj: Any) -> list:
    """The variables an object stores itself, in the order of their dataset keys."""
    return list(obj.variables) if isinstance(obj, Optimizer) else obj._own_variables()


def uses_default_storage(obj: Any, method: str) -> bool:
    """Whether `obj` stores its variables the standard way (not by its own override)."""
    found = getattr(type(obj), method, None)
    return found is None or found in (getattr(Layer, method, None), getattr(Optimizer, method))


def _visit(obj: Any, path: str, entries: list, visited: set[int]) -> None:
    if id(obj) in visited:
        return
    visited.add(id(obj))
    entries.append((path, obj))
    for attribute, child in _children(obj):
        child_path = _join(path, attribute)
        if is_saveable(child):
            _visit(child, child_path, entries, visited)
        elif isinstance(child, (list, tuple, dict)):
            _visit_container(child, child_path, entries, visited, set())


def _visit_container(
    container: Any, path: str, entries: list, visited: set[int], seen: set[int]
) -> None:
    if id(container) in seen:
        return
    seen.add(id(container))
    used: dict[str, int] = {}
    items = list(container.values()) if isinstance(container, dict) else list(container)
    for item in items:
        if is_saveable(item):
            name = _unique(keras_snake_case(type(item).__name__), used)
            _visit(item, _join(path, name), entries, visited)
        elif isinstance(item, (list, tuple, dict)):
            _visit_container(item, _join(path, _unique("container", used)), entries, visited, seen)


def _children(obj: Any) -> Iterator[tuple[str, Any]]:
    base = _model_base(obj)
    if base is not None and base.__name__ in ("Sequential", "Functional"):
        yield "layers", obj.layers
    names = _attribute_names(obj, base)
    if base is not None:
        names |= {"layers", "optimizer"}
    for name in sorted(names, key=_keras_order):
        try:
            value = getattr(obj, name)
        except Exception:  # like Keras: an attribute that fails to read is no child
            continue
        yield name, value


def _model_base(obj: Any) -> type | None:
    """The first of lamina's Sequential, Functional, Model in the object's classes, if any.

    Found by name, not imported: `lamina.models` sits above `lamina.saving`.
    """
    for cls in type(obj).__mro__:
        if (cls.__module__, cls.__name__) in _MODEL_CLASSES:
            return cls
    return None


_MODEL_CLASSES = frozenset(
    {
        ("lamina.models.sequential", "Sequential"),
        ("lamina.models.functional", "Functional"),
        ("lamina.models.model", "Model"),
    }
)


def _attribute_names(obj: Any, base: type | None) -> set[str]:
    """Instance attributes plus properties of non-base classes, minus the base's own."""
    names = set(vars(obj))
    for cls in type(obj).__mro__:
        if cls.__module__.startswith(_BASE_MODULES):
            continue
        for name, value in vars(cls).items():
            if isinstance(value, (property, functools.cached_property)):
                names.add(name)
    if isinstance(obj, Layer):
        names -= _base_attributes(base)
    return {name for name in names if not name.startswith("__")}


@functools.cache
def _base_attributes(base: type | None) -> frozenset[str]:
    """The instance attributes a bare Layer (and a bare `base` model) has: lamina's own
    internals, which Keras skips too. (A base optimizer holds no layers, so optimizers need
    no such list.)"""
    names = set(vars(Layer(name="lamina_saving_probe")))
    if base is not None and base.__name__ == "Functional":
        from lamina.layers import Input

        probe_input = Input(shape=(1,), name="lamina_saving_probe_input")
        names |= set(vars(base(probe_input, probe_input, name="lamina_saving_probe")))
    elif base is not None:
        names |= set(vars(base(name="lamina_saving_probe")))
    return frozenset(names)


def _keras_order(name: str) -> str:
    # Public attributes first, then private ones, each alphabetically.
    return "~" + name if name.startswith("_") else name


def _unique(name: str, used: dict[str, int]) -> str:
    if name in used:
        used[name] += 1
        return f"{name}_{used[name]}"
    used[name] = 0
    return name


def _join(path: str, name: str) -> str:
    return f"{path}/{name}" if path else name
