"""ClassRegistry: `get`, `serialize` and `deserialize` in the Keras 3 form, for a family of
configurable classes (initializers, regularizers, constraints).

Names resolve only to the family's own classes and to `custom_objects`: nothing is imported
from a path found in a config, so loading a config cannot run code it names.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Mapping
from typing import Any

# Modules whose entries may name a built-in class (Keras's files and lamina's own).
_BUILTIN_MODULE_PREFIXES = ("keras", "lamina")


class ClassRegistry:
    """Looks up one family's classes by name and turns instances into configs and back.

    Args:
        kind: The family's singular name in messages, e.g. `"initializer"`.
        module: The `module` written for built-ins, e.g. `"keras.initializers"`.
        builtins: Every name `get` and `deserialize` accept (class names and aliases), mapped
            to the class.

    Example:
        >>> from lamina.initializers.class_registry import ClassRegistry
        >>> class Half:
        ...     def get_config(self):
        ...         return {}
        >>> registry = ClassRegistry("thing", "keras.things", {"Half": Half, "half": Half})
        >>> registry.serialize(registry.get("half"))["class_name"]
        'Half'
    """

    def __init__(self, kind: str, module: str, builtins: Mapping[str, type]) -> None:
        self.kind = kind
        self.module = module
        self.builtins = dict(builtins)
        self._builtin_classes = set(self.builtins.values())

    def get(self, identifier: Any) -> Any:
        """Returns None for None, an instance for a name, dict or class, a callable as is."""
        if identifier is None:
            return None
        if isinstance(identifier, (str, dict)):
            return self.deserialize(identifier)
        if inspect.isclass(identifier):
            return identifier()
        if callable(identifier):
            return identifier
        raise ValueError(
            f"Could not interpret {self.kind} identifier: {identifier!r} (type "
            f"{type(identifier).__name__}). Expected None, a name, a config dict, a class or "
            "a callable."
        )

    def serialize(self, obj: Any) -> dict[str, Any] | None:
        """Returns `{"module", "class_name", "config", "registered_name"}` for `obj`."""
        if obj is None:
            return None
        cls = type(obj)
        if cls in self._builtin_classes:
            return {
                "module": self.module,
                "class_name": cls.__name__,
                "config": obj.get_config(),
                "registered_name": None,
            }
        if isinstance(obj, types.FunctionType) and obj.__name__ != "<lambda>":
            return {
                "module": obj.__module__,
                "class_name": "function",
                "config": obj.__name__,
                "registered_name": obj.__name__,
            }
        if callable(getattr(obj, "get_config", None)):
            return {
                "module": cls.__module__,
                "class_name": cls.__name__,
                "config": obj.get_config(),
                "registered_name": cls.__name__,
            }
        raise ValueError(
            f"serialize expected a {self.kind} with get_config() or a named function, "
            f"received {obj!r} (type {cls.__name__})."
        )

    def deserialize(self, config: Any, custom_objects: Mapping[str, Any] | None = None) -> Any:
        """Returns the object a name, a `serialize` dict or a callable stands for."""
        if config is None:
            return None
        if isinstance(config, str):
            return self._instantiate(self._resolve(config, None, custom_objects), {})
        if isinstance(config, dict):
            return self._from_dict(config, custom_objects)
        if inspect.isclass(config):
            return config()
        if callable(config):
            return config
        raise ValueError(
            f"deserialize expected a {self.kind} name, a config dict or a callable, received "
            f"{config!r} (type {type(config).__name__})."
        )

    def _from_dict(self, config: dict[str, Any], custom_objects: Mapping[str, Any] | None) -> Any:
        class_name = config.get("class_name")
        if not isinstance(class_name, str):
            raise ValueError(
                f"deserialize expected a {self.kind} config dict with a string 'class_name' (as "
                f"serialize writes it), received {config!r}."
            )
        inner = config.get("config")
        if class_name == "function":
            if not isinstance(inner, str):
                raise ValueError(
                    "deserialize expected the 'config' of a 'function' entry to be its name, "
                    f"received {inner!r}."
                )
            return self._resolve(config.get("registered_name") or inner, None, custom_objects)
        found = self._resolve(class_name, config, custom_objects)
        return self._instantiate(found, inner or {})

    def _resolve(
        self, name: str, config: dict[str, Any] | None, custom_objects: Mapping[str, Any] | None
    ) -> Any:
        registered = config.get("registered_name") if config else None
        for key in (registered, name):
            if custom_objects and isinstance(key, str) and key in custom_objects:
                return custom_objects[key]
        module = config.get("module") if config else None
        builtin_module = module is None or str(module).startswith(_BUILTIN_MODULE_PREFIXES)
        if builtin_module and name in self.builtins:
            return self.builtins[name]
        raise ValueError(
            f"Unknown {self.kind} {registered or name!r}"
            + (f" (module {module!r})" if module else "")
            + f". Valid names are {sorted(self.builtins)}. For a custom {self.kind}, pass "
            f"custom_objects={{{(registered or name)!r}: YourClass}} to deserialize, or pass "
            "the object itself."
        )

    def _instantiate(self, found: Any, inner: dict[str, Any]) -> Any:
        if not inspect.isclass(found):
            return found
        if hasattr(found, "from_config"):
            return found.from_config(inner)
        return found(**inner)
