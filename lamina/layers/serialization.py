"""Layer serialization in the Keras 3 form, resolving only lamina's own classes (safe by
construction: a config can never name an arbitrary importable object)."""

from __future__ import annotations

import inspect
from typing import Any


def _known_classes() -> dict[str, type]:
    from lamina import layers, models

    known: dict[str, type] = {}
    for module in (layers, models):
        for name in module.__all__:
            value = getattr(module, name)
            if isinstance(value, type):
                known[name] = value
    return known


def serialize(layer: Any) -> dict:
    """Returns `layer` as `{"module", "class_name", "config", "registered_name", "build_config"}`.

    Example:
        >>> import lamina
        >>> config = lamina.layers.serialize(lamina.layers.Dense(2, name="d"))
        >>> config["class_name"], config["config"]["units"]
        ('Dense', 2)
    """
    cls = type(layer)
    known = _known_classes()
    builtin = known.get(cls.__name__) is cls
    module = _keras_module(cls) if builtin else cls.__module__
    result = {
        "module": module,
        "class_name": cls.__name__,
        "config": layer.get_config(),
        "registered_name": None if builtin else cls.__name__,
    }
    build_config = layer.get_build_config()
    if build_config is not None:
        result["build_config"] = build_config
    return result


def deserialize(config: dict, custom_objects: dict | None = None) -> Any:
    """Creates a layer from `serialize`'s output (classes from lamina or `custom_objects`).

    Example:
        >>> import lamina
        >>> layer = lamina.layers.deserialize(lamina.layers.serialize(lamina.layers.Dense(2)))
        >>> type(layer).__name__, layer.units
        ('Dense', 2)
    """
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            "layers.deserialize expected a dict with 'class_name' and 'config', received "
            f"{config!r}."
        )
    name = config.get("registered_name") or config["class_name"]
    custom = custom_objects or {}
    cls = custom.get(name) or custom.get(config["class_name"])
    if cls is None:
        cls = _known_classes().get(config["class_name"])
    if cls is None:
        raise ValueError(
            f"layers.deserialize: unknown layer class {config['class_name']!r}. If it is your "
            "own class, pass it in custom_objects={'" + config["class_name"] + "': YourClass}."
        )
    inner = dict(config.get("config", {}))
    if hasattr(cls, "from_config"):
        if "custom_objects" in inspect.signature(cls.from_config).parameters:
            layer = cls.from_config(inner, custom_objects=custom_objects)  # type: ignore[call-arg]
        else:
            layer = cls.from_config(inner)
    else:
        layer = cls(**inner)
    build_config = config.get("build_config")
    if build_config and hasattr(layer, "build_from_config"):
        layer.build_from_config(build_config)
    return layer


def _keras_module(cls: type) -> str:
    module = cls.__module__
    if module.startswith("lamina.models"):
        return "keras"
    if module.startswith("lamina.layers"):
        return "keras.layers"
    return module
