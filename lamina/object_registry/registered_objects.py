"""The state of the user-object registry: registered objects and custom-object scopes.

`lamina.saving.object_registration` is the public face (`register_keras_serializable`,
`CustomObjectScope`, `get_registered_object`, ...). The tables live here, in a module that
imports nothing from lamina, so that packages below `lamina.saving` (activations, losses,
layers, ...) can look names up at call time without importing the saving package.

Lookup order, everywhere: the active scopes (innermost first), then the global registry,
then the `custom_objects` of the call.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

#: `{registered name: object}` for `register_keras_serializable` (and `get_custom_objects`).
GLOBAL_OBJECTS: dict[str, Any] = {}
#: `{object: registered name}`, the reverse of `GLOBAL_OBJECTS` for the decorated objects.
GLOBAL_NAMES: dict[Any, str] = {}
_SCOPES = threading.local()


def scope_stack() -> list[dict[str, Any]]:
    """This thread's stack of `CustomObjectScope` dicts (outermost first)."""
    stack = getattr(_SCOPES, "stack", None)
    if stack is None:
        stack = _SCOPES.stack = []
    return stack


def register(registered_name: str, obj: Any) -> None:
    """Records `obj` under `registered_name` in both global tables."""
    GLOBAL_OBJECTS[registered_name] = obj
    GLOBAL_NAMES[obj] = registered_name


def registered_name_of(obj: Any) -> str | None:
    """The name `obj` was registered under, or None (also for unhashable objects)."""
    try:
        return GLOBAL_NAMES.get(obj)
    except TypeError:
        return None


def find(name: Any, custom_objects: Mapping[str, Any] | None = None) -> Any:
    """The user object `name` stands for, or None: scopes first, then the global registry,
    then `custom_objects`."""
    if not isinstance(name, str):
        return None
    for scope in reversed(scope_stack()):
        if name in scope:
            return scope[name]
    if name in GLOBAL_OBJECTS:
        return GLOBAL_OBJECTS[name]
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    return None


def find_by_bare_name(name: str, custom_objects: Mapping[str, Any] | None = None) -> Any:
    """The one visible object registered as `"<package>><name>"` (how Keras <= 3.6 wrote
    registered functions: by their bare name), or None when none or several match."""
    suffix = ">" + name
    matches = {id(obj): obj for key, obj in visible(custom_objects).items() if key.endswith(suffix)}
    return next(iter(matches.values())) if len(matches) == 1 else None


def visible(custom_objects: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Every `{name: object}` `find` can return, merged so that later sources win:
    `custom_objects`, then the global registry, then the scopes (innermost last)."""
    merged: dict[str, Any] = dict(custom_objects or {})
    merged.update(GLOBAL_OBJECTS)
    for scope in scope_stack():
        merged.update(scope)
    return merged
