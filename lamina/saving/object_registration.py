"""The registry of user objects that configs may name: `register_keras_serializable`,
`CustomObjectScope`, `get_registered_object`, `get_registered_name`.

A saved config names a user class or function by its registered name, `"<package>><name>"`
(`"Custom>MyLayer"`). Loading resolves such names only through this registry, the active
`CustomObjectScope`s and the `custom_objects` passed to the loading call: nothing is ever
imported from a module path found in a file.

The tables themselves live in `lamina.object_registry.registered_objects` (which imports
nothing else from lamina), so that the `get` / `deserialize` functions of the packages below
`lamina.saving` (activations, losses, metrics, initializers, layers, ...) find registered
and scoped objects too, without importing this package.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

from lamina.object_registry import registered_objects

# The same dict objects as the shared tables (tests and serialization_lib read them here).
_GLOBAL_CUSTOM_OBJECTS = registered_objects.GLOBAL_OBJECTS
_GLOBAL_CUSTOM_NAMES = registered_objects.GLOBAL_NAMES


def register_keras_serializable(package: str = "Custom", name: str | None = None) -> Callable:
    """Returns a decorator that registers a class or function under `"<package>><name>"`.

    A registered object is saved with that name as its `registered_name`, and found again by
    `load_model` / `deserialize_keras_object` without `custom_objects`. Classes must have a
    `get_config()` method.

    Args:
        package: The first part of the registered name.
        name: The second part; defaults to the object's `__name__`.

    Returns:
        A decorator that registers its argument and returns it unchanged.

    Raises:
        ValueError: If `package` contains `">"`, or a class without `get_config()` is
            decorated.

    Example:
        >>> import lamina
        >>> @lamina.saving.register_keras_serializable(package="Docs")
        ... class Scale(lamina.layers.Layer):
        ...     def __init__(self, factor=2.0, **kwargs):
        ...         super().__init__(**kwargs)
        ...         self.factor = factor
        ...     def call(self, x):
        ...         return x * self.factor
        ...     def get_config(self):
        ...         return {**super().get_config(), "factor": self.factor}
        >>> lamina.saving.get_registered_name(Scale)
        'Docs>Scale'
        >>> lamina.saving.get_registered_object("Docs>Scale") is Scale
        True
    """
    if not isinstance(package, str) or ">" in package:
        raise ValueError(
            f"register_keras_serializable: package must be a string without '>', received "
            f"{package!r}. Registered names have the form '<package>><name>'."
        )

    def decorator(obj: Any) -> Any:
        object_name = name if name is not None else getattr(obj, "__name__", None)
        if not isinstance(object_name, str) or not object_name:
            raise ValueError(
                f"register_keras_serializable: cannot register {obj!r}: it has no __name__; "
                "pass name='...' to the decorator."
            )
        if inspect.isclass(obj) and not hasattr(obj, "get_config"):
            raise ValueError(
                f"register_keras_serializable: class {obj.__name__} has no get_config() "
                "method, so it cannot be saved. Define get_config() (and from_config() if "
                "its constructor needs more than the config's entries)."
            )
        registered_objects.register(f"{package}>{object_name}", obj)
        return obj

    return decorator


#: lamina's name for `register_keras_serializable`.
register_lamina_serializable = register_keras_serializable


def get_registered_name(obj: Any) -> str:
    """Returns the name `obj` was registered under, else its `__name__`.

    Args:
        obj: A class or function.

    Returns:
        `"<package>><name>"` for a registered object, else `obj.__name__`.

    Example:
        >>> import lamina
        >>> def double(x):
        ...     return x * 2
        >>> lamina.saving.get_registered_name(double)
        'double'
    """
    found = registered_objects.registered_name_of(obj)
    return found if found is not None else obj.__name__


def get_registered_object(
    name: str | None,
    custom_objects: Mapping[str, Any] | None = None,
    module_objects: Mapping[str, Any] | None = None,
) -> Any:
    """Returns the object registered (or passed) under `name`, or None.

    Looks in the active `CustomObjectScope`s (innermost first), then the global registry,
    then `custom_objects`, then `module_objects`.

    Args:
        name: The name to look up, e.g. `"Custom>MyLayer"`.
        custom_objects: Extra `{name: object}` entries.
        module_objects: Further `{name: object}` entries, searched last.

    Returns:
        The object, or None when no source has `name`.

    Example:
        >>> import lamina
        >>> def triple(x):
        ...     return x * 3
        >>> with lamina.saving.CustomObjectScope({"triple": triple}):
        ...     lamina.saving.get_registered_object("triple") is triple
        True
        >>> lamina.saving.get_registered_object("triple") is None
        True
    """
    found = registered_objects.find(name, custom_objects)
    if found is None and isinstance(name, str) and module_objects and name in module_objects:
        return module_objects[name]
    return found


def get_custom_objects() -> dict[str, Any]:
    """Returns the live global dict of registered objects (`{registered name: object}`).

    Entries added to it are found by loading calls like registered ones; objects of an
    active `CustomObjectScope` are not in it.

    Example:
        >>> import lamina
        >>> def halve(x):
        ...     return x / 2
        >>> lamina.saving.get_custom_objects()["Docs>halve"] = halve
        >>> lamina.saving.get_registered_object("Docs>halve") is halve
        True
        >>> del lamina.saving.get_custom_objects()["Docs>halve"]
    """
    return _GLOBAL_CUSTOM_OBJECTS


class CustomObjectScope:
    """Makes `{name: object}` entries visible to deserialization inside a `with` block.

    Scopes nest; each thread has its own. `custom_object_scope` is the same class.

    Args:
        *args: Dicts of `{name: class or function}` (None entries are ignored).

    Example:
        >>> import lamina
        >>> def swish_twice(x):
        ...     return lamina.activations.silu(lamina.activations.silu(x))
        >>> with lamina.saving.custom_object_scope({"swish_twice": swish_twice}):
        ...     found = lamina.saving.get_registered_object("swish_twice")
        >>> found is swish_twice
        True
    """

    def __init__(self, *args: Mapping[str, Any] | None) -> None:
        merged: dict[str, Any] = {}
        for objects in args:
            if objects is None:
                continue
            if not isinstance(objects, Mapping):
                raise TypeError(
                    f"CustomObjectScope expected dicts of {{name: object}}, received "
                    f"{objects!r} (type {type(objects).__name__})."
                )
            merged.update(objects)
        self.custom_objects = merged

    def __enter__(self) -> CustomObjectScope:
        registered_objects.scope_stack().append(self.custom_objects)
        return self

    def __exit__(self, *exc_info: Any) -> None:
        registered_objects.scope_stack().pop()


#: The same as `CustomObjectScope` (Keras's lower-case alias).
custom_object_scope = CustomObjectScope


def visible_objects(custom_objects: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Every `{name: object}` a loading call may resolve: `custom_objects`, then the global
    registry, then the active scopes (later sources win, as in `get_registered_object`)."""
    return registered_objects.visible(custom_objects)
