"""`serialize_keras_object` / `deserialize_keras_object`, and safe mode.

The config of an object is Keras 3's: `{"module", "class_name", "config", "registered_name"}`,
plus `build_config` (and `compile_config` for a compiled model). Built-ins get Keras's public
module (`"keras.layers"`, `"keras.optimizers"`, ...) and `registered_name: None`; user objects
their own module and their registered name (`"Custom>MyLayer"`).

Loading never runs code from a config: names resolve only to lamina's own modeling objects
(`builtin_objects`) and to objects the user registered or passed in `custom_objects`; a
Python lambda stored as bytecode (Keras's `"__lambda__"` entries) is refused unless safe
mode is switched off, by `safe_mode=False` or `enable_unsafe_deserialization()`.
"""

from __future__ import annotations

import threading
import types
from collections.abc import Mapping
from typing import Any

import numpy as np

from lamina.object_registry.object_family import registered_function_entry
from lamina.saving import builtin_objects, object_registration

_PLAIN_TYPES = (str, int, float, bool)
_UNSAFE = {"enabled": False}
_SAFE_SCOPES = threading.local()


# -- safe mode -------------------------------------------------------------------------------


def enable_unsafe_deserialization() -> None:
    """Switches safe mode off for the rest of the process: lambdas stored as bytecode load.

    Only do this for files you trust: loading such a lambda runs code from the file.

    Example:
        >>> import lamina
        >>> lamina.saving.enable_unsafe_deserialization()
        >>> lamina.saving.serialization_lib.in_safe_mode()
        False
        >>> lamina.saving.serialization_lib.restore_safe_mode()  # what tests do afterwards
    """
    _UNSAFE["enabled"] = True


def restore_safe_mode() -> None:
    """Undoes `enable_unsafe_deserialization` (for tests and tools).

    Example:
        >>> from lamina.saving import serialization_lib
        >>> serialization_lib.restore_safe_mode()
        >>> serialization_lib.in_safe_mode() is None
        True
    """
    _UNSAFE["enabled"] = False


def in_safe_mode() -> bool | None:
    """The safe mode in force: a `SafeModeScope`'s value, False after
    `enable_unsafe_deserialization()`, else None (each call's `safe_mode` decides).

    Example:
        >>> from lamina.saving import serialization_lib
        >>> with serialization_lib.SafeModeScope(True):
        ...     serialization_lib.in_safe_mode()
        True
    """
    scopes = getattr(_SAFE_SCOPES, "stack", None)
    if scopes:
        return scopes[-1]
    return False if _UNSAFE["enabled"] else None


class SafeModeScope:
    """Sets the safe mode of every deserialization inside a `with` block (per thread).

    Args:
        safe_mode: True refuses lambdas stored as bytecode; False loads them.

    Example:
        >>> from lamina.saving import serialization_lib
        >>> with serialization_lib.SafeModeScope(False):
        ...     serialization_lib.in_safe_mode()
        False
    """

    def __init__(self, safe_mode: bool = True) -> None:
        self.safe_mode = bool(safe_mode)

    def __enter__(self) -> SafeModeScope:
        if getattr(_SAFE_SCOPES, "stack", None) is None:
            _SAFE_SCOPES.stack = []
        _SAFE_SCOPES.stack.append(self.safe_mode)
        return self

    def __exit__(self, *exc_info: Any) -> None:
        _SAFE_SCOPES.stack.pop()


def effective_safe_mode(safe_mode: bool | None) -> bool:
    """The safe mode a call with `safe_mode` runs in (a scope or the global switch wins)."""
    forced = in_safe_mode()
    if forced is not None:
        return forced
    return safe_mode is not False


# -- serializing -----------------------------------------------------------------------------


def serialize_keras_object(obj: Any) -> Any:
    """Returns the JSON-ready config of a lamina object (or a structure of them).

    Layers and models, optimizers, losses, metrics, initializers, regularizers,
    constraints, schedules and dtype policies become `{"module", "class_name", "config",
    "registered_name", ...}` dicts; named functions `{"class_name": "function", ...}`;
    NumPy arrays, tensors, bytes, slices and Ellipsis Keras's special entries; lists,
    tuples and dicts are serialized item by item.

    Args:
        obj: The object.

    Returns:
        Plain Python values (dicts, lists, strings, numbers, None).

    Raises:
        ValueError: For a lambda: its code would have to be stored, and lamina never
            writes code into files.
        TypeError: For an object without `get_config()`.

    Example:
        >>> import lamina
        >>> config = lamina.saving.serialize_keras_object(lamina.optimizers.SGD(0.5))
        >>> config["module"], config["class_name"], config["config"]["learning_rate"]
        ('keras.optimizers', 'SGD', 0.5)
        >>> lamina.saving.serialize_keras_object(lamina.activations.relu)["config"]
        'relu'
    """
    if obj is None or isinstance(obj, _PLAIN_TYPES):
        return obj
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(item) for item in obj]
    if isinstance(obj, dict):
        return _serialize_dict(obj)
    special = _serialize_special(obj)
    if special is not None:
        return special
    if isinstance(obj, types.FunctionType):
        return _serialize_function(obj)
    return _serialize_instance(obj)


#: lamina's name for `serialize_keras_object`.
serialize_lamina_object = serialize_keras_object


def _serialize_dict(obj: dict) -> dict:
    result = {key: serialize_keras_object(value) for key, value in obj.items()}
    return _with_registered_names(result)


def _serialize_special(obj: Any) -> dict | None:
    from lamina import ops

    if isinstance(obj, bytes):
        return {"class_name": "__bytes__", "config": {"value": obj.decode("utf-8")}}
    if isinstance(obj, slice):
        bounds = {"start": obj.start, "stop": obj.stop, "step": obj.step}
        return {"class_name": "__slice__", "config": serialize_keras_object(bounds)}
    if obj is Ellipsis:
        return {"class_name": "__ellipsis__", "config": {}}
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        if obj.ndim == 0:
            return obj.item()
        return {"class_name": "__numpy__", "config": _array_config(obj)}
    if ops.is_tensor(obj):
        return {"class_name": "__tensor__", "config": _array_config(ops.convert_to_numpy(obj))}
    return None


def _array_config(array: np.ndarray) -> dict:
    return {"value": array.tolist(), "dtype": str(array.dtype)}


def _serialize_function(fn: types.FunctionType) -> dict:
    if fn.__name__ == "<lambda>":
        raise ValueError(
            "serialize_keras_object: cannot serialize a Python lambda: its bytecode would "
            "have to be stored, and loading it back would run code from the file. Define it "
            "with `def` and register it with @lamina.saving.register_keras_serializable()."
        )
    # Keras 3's form for functions: the (registered) name in "config", module "builtins".
    return registered_function_entry(object_registration.get_registered_name(fn))


def _serialize_instance(obj: Any) -> dict:
    cls = type(obj)
    get_config = getattr(obj, "get_config", None)
    if not callable(get_config):
        raise TypeError(
            f"serialize_keras_object: cannot serialize {obj!r} (type {cls.__name__}): it has no "
            "get_config() method. Give the class get_config() (and from_config()), and "
            "register it with @lamina.saving.register_keras_serializable()."
        )
    inner = get_config()
    if not isinstance(inner, dict):
        raise TypeError(
            f"serialize_keras_object: {cls.__name__}.get_config() must return a dict, "
            f"received {type(inner).__name__}."
        )
    builtin = cls in builtin_objects.all_builtin_classes()
    config: dict[str, Any] = {
        "module": _builtin_module(cls) if builtin else cls.__module__,
        "class_name": cls.__name__,
        "config": _serialize_dict(inner),
        "registered_name": None if builtin else object_registration.get_registered_name(cls),
    }
    build_config = getattr(obj, "get_build_config", lambda: None)()
    if build_config is not None:
        config["build_config"] = _serialize_dict(build_config)
    compile_config = _compile_config_of(obj)
    if compile_config is not None:
        config["compile_config"] = compile_config
    return config


def _compile_config_of(obj: Any) -> dict | None:
    from lamina.saving import compile_state

    if hasattr(obj, "compile") and hasattr(obj, "get_compile_config"):
        return obj.get_compile_config() or None
    if hasattr(obj, "compile"):
        return compile_state.get_compile_config(obj)
    return None


def _builtin_module(cls: type) -> str:
    if cls.__name__ in builtin_objects.MODEL_MODULES and cls.__module__.startswith("lamina.models"):
        return builtin_objects.MODEL_MODULES[cls.__name__]
    for family in builtin_objects.FAMILY_MODULES:
        if builtin_objects.classes(family).get(cls.__name__) is cls:
            return builtin_objects.FAMILY_MODULES[family]
    return cls.__module__


def _with_registered_names(entry: dict) -> dict:
    """Puts registered names into object entries written with plain names (by a custom
    `get_config` that builds its entries by hand), as Keras 3 writes them; lamina's own
    per-package serializers already write registered names."""
    if not isinstance(entry.get("class_name"), str) or "registered_name" not in entry:
        return entry
    module = entry.get("module")
    if entry["class_name"] == "function" and isinstance(entry.get("config"), str):
        found = _registered_by_origin(module, entry["config"])
        if found is not None:
            return {**entry, "module": "builtins", "config": found, "registered_name": "function"}
        return entry
    if entry.get("registered_name") is None:
        if entry["class_name"] == "Functional" and module == "keras":
            return {**entry, "module": builtin_objects.MODEL_MODULES["Functional"]}
        return entry
    found = _registered_by_origin(module, entry["class_name"])
    return {**entry, "registered_name": found} if found is not None else entry


def _registered_by_origin(module: Any, name: str) -> str | None:
    for obj, registered in list(object_registration._GLOBAL_CUSTOM_NAMES.items()):
        if getattr(obj, "__module__", None) == module and getattr(obj, "__name__", None) == name:
            return registered
    return None


# -- deserializing ---------------------------------------------------------------------------


def deserialize_keras_object(
    config: Any,
    custom_objects: Mapping[str, Any] | None = None,
    safe_mode: bool = True,
    **kwargs: Any,
) -> Any:
    """Returns the object a config (from `serialize_keras_object` or Keras 3) describes.

    Classes and functions resolve only to lamina's own modeling objects and to objects
    registered with `register_keras_serializable`, in an active `CustomObjectScope`, or in
    `custom_objects`; a config naming anything else (an arbitrary module or callable) is
    refused with a ValueError before anything is created.

    Args:
        config: A config dict, or a structure (list, dict) of them, or a plain value.
        custom_objects: `{name: class or function}` for user objects.
        safe_mode: When True (the default), a lambda stored as bytecode is refused; pass
            False only for files you trust.
        **kwargs: `module_objects`: further `{name: object}` entries, searched last.

    Returns:
        The object (or structure).

    Raises:
        ValueError: For unknown or refused names, lambdas in safe mode, malformed configs.

    Example:
        >>> import lamina
        >>> config = {"module": "keras.layers", "class_name": "Dense",
        ...           "config": {"units": 3}, "registered_name": None}
        >>> layer = lamina.saving.deserialize_keras_object(config)
        >>> type(layer).__name__, layer.units
        ('Dense', 3)
    """
    from lamina.saving.config_resolution import Resolver

    objects = object_registration.visible_objects(custom_objects)
    module_objects = kwargs.pop("module_objects", None)
    if kwargs:
        raise TypeError(
            f"deserialize_keras_object: unexpected keyword argument(s) {sorted(kwargs)}; "
            "expected custom_objects=, safe_mode= or module_objects=."
        )
    if module_objects:
        objects = {**dict(module_objects), **objects}
    resolver = Resolver(objects, effective_safe_mode(safe_mode))
    try:
        return resolver.load(config)
    except RecursionError as error:
        raise ValueError(
            "deserialize_keras_object: the config is nested too deeply to be a model's "
            "config; refusing it."
        ) from error


#: lamina's name for `deserialize_keras_object`.
deserialize_lamina_object = deserialize_keras_object
