"""Turning config entries back into objects, resolving names only where it is safe.

`Resolver.load` walks a config. Before any constructor runs, every object entry nested
anywhere in it is checked: its name must resolve to one of lamina's modeling objects
(`builtin_objects`) or to a user object (registered, in a `CustomObjectScope`, or in
`custom_objects`). Entries naming anything else (`os.system`, `builtins.eval`,
`subprocess.Popen`, lamina's file helpers) are refused, and so are lambdas stored as
bytecode while safe mode is on. User functions and non-layer user classes are resolved in
place, so that lamina's per-package `get()` functions (which know only built-ins) receive
the objects themselves.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any

import numpy as np

from lamina.saving import builtin_objects

_ENTRY_KEYS = ("module", "class_name", "registered_name")
# Arguments newer Keras 3 releases write that some lamina classes do not take yet, with the
# value that leaves the feature off: dropped when they hold it and the class's constructor
# does not name them (a no-op once the class takes them).
_NEWER_KERAS_ARGUMENTS: dict[str, Any] = {
    "quantization_config": None,
    "input_axes": None,
    "output_axes": None,
    "renorm": False,
    "renorm_clipping": None,
    "renorm_momentum": 0.99,
}


class Resolver:
    """Loads config entries with a fixed set of visible user objects and a safe mode."""

    def __init__(self, objects: Mapping[str, Any], safe_mode: bool) -> None:
        self.objects = dict(objects)
        self.safe_mode = safe_mode

    def load(self, config: Any) -> Any:
        """Returns the object (or structure) `config` describes."""
        if config is None or isinstance(config, (str, int, float, bool)):
            if isinstance(config, str) and config in self.objects:
                return self.objects[config]
            return config
        if isinstance(config, (list, tuple)):
            return [self.load(item) for item in config]
        if not isinstance(config, dict):
            return config  # already an object (resolved while preparing an outer entry)
        if not _is_entry(config):
            return {key: self.load(value) for key, value in config.items()}
        if config["class_name"] in _SPECIAL_LOADERS:
            return _SPECIAL_LOADERS[config["class_name"]](self, config)
        entry = self.prepare(config)
        if not isinstance(entry, dict):
            return entry  # resolved while preparing (a user object or a function)
        return self._load_entry(entry)

    # -- checking and preparing nested entries ----------------------------------------------

    def prepare(self, value: Any) -> Any:
        """Checks every entry in `value` and returns it with user objects, functions and
        (in unsafe mode) lambdas resolved; other entries stay dicts."""
        if isinstance(value, list):
            return [self.prepare(item) for item in value]
        if not isinstance(value, dict):
            return value
        if not _is_entry(value):
            return {key: self.prepare(item) for key, item in value.items()}
        class_name = value["class_name"]
        if class_name == "__lambda__":
            return self._lambda(value)
        if class_name.startswith("__") and class_name.endswith("__"):
            return value  # tensors, arrays, slices: read by the layer that owns them
        if class_name == "function":
            return self._function(value)
        custom = self._custom_class(value)
        if custom is not None and not _is_layer_class(custom):
            return self._instantiate(custom, self._prepared_entry(value, custom))
        if custom is None:
            self._check_builtin(value)
        return self._prepared_entry(value, custom)

    def _prepared_entry(self, entry: dict, cls: type | None) -> dict:
        prepared = {}
        for key, item in entry.items():
            prepared[key] = item if key in _ENTRY_KEYS else self.prepare(item)
        inner = prepared.get("config")
        if isinstance(inner, dict):
            target = cls or builtin_objects.find_class(entry["class_name"], entry.get("module"))
            prepared["config"] = _drop_newer_keras_arguments(target, inner)
        return prepared

    def _check_builtin(self, entry: dict) -> None:
        class_name, module = entry["class_name"], entry.get("module")
        if builtin_objects.family_of(module) == "ops":
            if builtin_objects.is_known_op(class_name):
                return
        elif builtin_objects.find_class(class_name, module) is not None:
            return
        raise _refusal("class", class_name, entry)

    # -- functions and classes --------------------------------------------------------------

    def _function(self, entry: dict) -> Any:
        name = entry.get("config")
        if not isinstance(name, str):
            raise ValueError(
                "deserialize_keras_object: a 'function' entry must hold the function's name "
                f"in 'config', received {name!r}."
            )
        registered = entry.get("registered_name")
        for key in (name, registered if registered != "function" else None):
            if isinstance(key, str) and key in self.objects:
                return self.objects[key]
        if entry.get("module") == "builtins" and ">" not in name:
            # Keras <= 3.6 saved registered functions under their bare name.
            matches = [obj for key, obj in self.objects.items() if key.endswith(">" + name)]
            if len(matches) == 1:
                return matches[0]
        found = builtin_objects.find_function(name, entry.get("module"))
        if found is None:
            raise _refusal("function", name, entry)
        return found

    def _custom_class(self, entry: dict) -> Any:
        registered = entry.get("registered_name")
        for key in (registered, entry["class_name"]):
            if isinstance(key, str) and key in self.objects:
                return self.objects[key]
        return None

    def _lambda(self, entry: dict) -> Any:
        if self.safe_mode:
            raise ValueError(
                "deserialize_keras_object: refusing a Python lambda stored as bytecode (a "
                "'__lambda__' entry): loading it would run code from the file, which "
                "safe_mode=True (the default) forbids. If you trust the file's source, load "
                "it with safe_mode=False, or call "
                "lamina.config.enable_unsafe_deserialization() first."
            )
        from lamina.saving.unsafe_code import load_lambda

        return load_lambda(entry.get("config"))

    def _load_entry(self, entry: dict) -> Any:
        cls = self._custom_class(entry)
        if cls is None:
            cls = builtin_objects.find_class(entry["class_name"], entry.get("module"))
        if cls is None:
            raise _refusal("class", entry["class_name"], entry)
        if not inspect.isclass(cls):
            return cls
        return self._instantiate(cls, entry)

    def _instantiate(self, cls: type, entry: dict) -> Any:
        inner = entry.get("config")
        inner = {} if inner is None else inner
        if not isinstance(inner, dict):
            raise ValueError(
                f"deserialize_keras_object: the 'config' of {cls.__name__} must be a dict, "
                f"received {type(inner).__name__}."
            )
        family = _builtin_family(cls)
        if family is not None and family not in ("layers", "models"):
            package = builtin_objects._package(family)
            return package.deserialize({**entry, "config": inner}, custom_objects=self.objects)
        if not hasattr(cls, "from_config"):
            raise TypeError(
                f"deserialize_keras_object: {cls.__name__} has no from_config() method, so "
                "it cannot be rebuilt from a config. Define from_config() (and get_config())."
            )
        instance = self._from_config(cls, inner)
        build_config = entry.get("build_config")
        if build_config and not getattr(instance, "built", True):
            instance.build_from_config(build_config)
            _build_sublayers(instance, build_config)
        compile_config = entry.get("compile_config")
        if compile_config and hasattr(instance, "compile"):
            from lamina.saving import compile_state

            compile_state.restore_compile_state(instance, compile_config, self)
        return instance

    def _from_config(self, cls: type, inner: dict) -> Any:
        from_config = cls.from_config  # type: ignore[attr-defined]
        try:
            parameters = inspect.signature(from_config).parameters
        except (TypeError, ValueError):
            parameters = {}  # type: ignore[assignment]
        try:
            if "custom_objects" in parameters:
                return from_config(inner, custom_objects=self.objects)
            return from_config(inner)
        except TypeError as error:
            raise TypeError(
                f"deserialize_keras_object: {cls.__name__}.from_config() failed: {error}. "
                "If get_config() returns objects (layers, models), from_config() must "
                "deserialize them (lamina.saving.deserialize_keras_object)."
            ) from error


def _build_sublayers(instance: Any, build_config: dict) -> None:
    """Builds the sublayers of a layer whose `build()` left them unbuilt (a subclassed model
    without its own `build`), by calling it once on symbolic inputs of the saved shape."""
    from lamina.backend.common.symbolic_tensor import SymbolicTensor

    flatten = getattr(instance, "_flatten_layers", None)
    shape = build_config.get("input_shape") if isinstance(build_config, dict) else None
    if not callable(flatten) or shape is None or all(layer.built for layer in flatten()):
        return
    if all(d is None or isinstance(d, int) for d in shape):
        inputs: Any = SymbolicTensor(tuple(shape), instance.compute_dtype)
    else:
        inputs = [SymbolicTensor(tuple(s), instance.compute_dtype) for s in shape]
    instance.compute_output_spec(inputs)


def _is_entry(value: dict) -> bool:
    return isinstance(value.get("class_name"), str) and "config" in value


def _is_layer_class(cls: Any) -> bool:
    from lamina.layers.layer import Layer

    return inspect.isclass(cls) and issubclass(cls, Layer)


def _builtin_family(cls: type) -> str | None:
    for family in builtin_objects.FAMILY_MODULES:
        if cls in builtin_objects.classes(family).values():
            return family
    return None


def _drop_newer_keras_arguments(cls: Any, inner: dict) -> dict:
    droppable = [key for key, off in _NEWER_KERAS_ARGUMENTS.items() if _holds(inner, key, off)]
    if not inspect.isclass(cls) or not droppable:
        return inner
    try:
        accepted = inspect.signature(cls.__init__).parameters
    except (TypeError, ValueError):
        return inner
    return {k: v for k, v in inner.items() if k not in droppable or k in accepted}


def _holds(inner: dict, key: str, value: Any) -> bool:
    return key in inner and type(inner[key]) is type(value) and inner[key] == value


def _refusal(kind: str, name: str, entry: dict) -> ValueError:
    module = entry.get("module")
    where = f"'{module}.{name}'" if module else f"'{name}'"
    registered = entry.get("registered_name")
    if registered and registered not in (name, "function"):
        where += f" (registered name '{registered}')"
    return ValueError(
        f"deserialize_keras_object: refusing {kind} {where}: it is not one of lamina's own "
        "layers, models, optimizers, losses, metrics, initializers, regularizers, "
        "constraints or activations, and no registered or custom object has that name. "
        "Loading never imports modules named in a file. If it is your own "
        f"{kind}, decorate it with @lamina.saving.register_keras_serializable() or pass it "
        f"in custom_objects={{'{registered or name}': ...}}."
    )


def _as_array(entry: dict) -> np.ndarray:
    """The NumPy array of a `"__numpy__"` / `"__tensor__"` entry (numbers only)."""
    config = entry.get("config") or {}
    dtype = np.dtype(str(config.get("dtype", "float32")))
    if dtype.kind not in "biufc":
        raise ValueError(
            f"deserialize_keras_object: refusing an array entry of dtype {dtype}; only "
            "numeric arrays can be stored in configs."
        )
    return np.asarray(config.get("value"), dtype=dtype)


def _load_tensor(resolver: Resolver, entry: dict) -> Any:
    from lamina import ops

    return ops.convert_to_tensor(_as_array(entry))


def _load_slice(resolver: Resolver, entry: dict) -> slice:
    bounds = entry.get("config") or {}
    return slice(*(resolver.load(bounds.get(key)) for key in ("start", "stop", "step")))


def _load_bytes(resolver: Resolver, entry: dict) -> bytes:
    value = (entry.get("config") or {}).get("value")
    if not isinstance(value, str):
        raise ValueError(f"deserialize_keras_object: malformed '__bytes__' entry {entry!r}.")
    return value.encode("utf-8")


def _refuse_symbolic(resolver: Resolver, entry: dict) -> Any:
    raise ValueError(
        f"deserialize_keras_object: a '{entry['class_name']}' entry can only appear inside a "
        "Functional model's config (or is TensorFlow-only); it cannot be loaded on its own."
    )


_SPECIAL_LOADERS: dict[str, Any] = {
    "__numpy__": lambda resolver, entry: _as_array(entry),
    "__tensor__": _load_tensor,
    "__bytes__": _load_bytes,
    "__slice__": _load_slice,
    "__ellipsis__": lambda resolver, entry: Ellipsis,
    "__lambda__": lambda resolver, entry: resolver.prepare(entry),
    "__keras_tensor__": _refuse_symbolic,
    "__typespec__": _refuse_symbolic,
}
