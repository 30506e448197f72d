"""Layer serialization in the Keras 3 form, through the shared
`lamina.object_registry.object_family.ObjectFamily`.

Names resolve only to user classes (custom-object scopes, classes registered with
`lamina.saving.register_keras_serializable`, `custom_objects`) and to lamina's own layers
and models (safe by construction: a config can never name an arbitrary importable object).
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any

from lamina.object_registry.object_family import ObjectFamily, short_repr


def _known_classes() -> dict[str, type]:
    # Imported when first needed: this module is imported while lamina.layers loads.
    from lamina import layers, models

    known: dict[str, type] = {}
    for module in (layers, models):
        for name in module.__all__:
            value = getattr(module, name)
            if isinstance(value, type):
                known[name] = value
    return known


class _LayerFamily(ObjectFamily):
    """Layers and models: configs only (no names), `build_config` written and applied,
    `custom_objects` passed on to `from_config` methods that take it."""

    def serialize(self, obj: Any) -> Any:
        result = super().serialize(obj)
        get_build_config = getattr(obj, "get_build_config", None)
        build_config = get_build_config() if callable(get_build_config) else None
        if isinstance(result, dict) and build_config is not None:
            result["build_config"] = build_config
        return result

    def deserialize(self, config: Any, custom_objects: Mapping[str, Any] | None = None) -> Any:
        if not isinstance(config, dict) or "class_name" not in config:
            raise ValueError(
                "lamina.layers.deserialize expected a dict with 'class_name' and 'config', "
                f"received {short_repr(config)}."
            )
        return super().deserialize(config, custom_objects)

    def _builtin_module(self, cls: type) -> str:
        module = cls.__module__
        if module.startswith("lamina.models"):
            return "keras"
        if module.startswith("lamina.layers"):
            return "keras.layers"
        return module

    def _build(
        self,
        cls: type,
        inner: dict[str, Any],
        entry: dict[str, Any] | None,
        custom_objects: Mapping[str, Any] | None,
    ) -> Any:
        inner = dict(inner)
        from_config = getattr(cls, "from_config", None)
        if from_config is None:
            layer = cls(**inner)
        elif "custom_objects" in inspect.signature(from_config).parameters:
            layer = from_config(inner, custom_objects=custom_objects)
        else:
            layer = from_config(inner)
        build_config = entry.get("build_config") if entry else None
        if build_config and hasattr(layer, "build_from_config"):
            layer.build_from_config(build_config)
        return layer

    def _valid_names(self) -> str:
        return "Valid names are the classes in lamina.layers.__all__ and lamina.models.__all__."


_FAMILY = _LayerFamily(
    "layer", "keras.layers", _known_classes, expected="a layer with get_config()"
)


def serialize(layer: Any) -> dict:
    """Returns `layer` as `{"module", "class_name", "config", "registered_name", "build_config"}`.

    A registered class (`lamina.saving.register_keras_serializable`) is written with its
    registered name, as Keras 3 writes it.

    Example:
        >>> import lamina
        >>> config = lamina.layers.serialize(lamina.layers.Dense(2, name="d"))
        >>> config["class_name"], config["config"]["units"]
        ('Dense', 2)
    """
    return _FAMILY.serialize(layer)


def deserialize(config: dict, custom_objects: dict | None = None) -> Any:
    """Creates a layer from `serialize`'s output.

    Classes resolve to objects in an active `lamina.saving.custom_object_scope`, classes
    registered with `lamina.saving.register_keras_serializable`, entries of
    `custom_objects`, and lamina's own layers and models, in that order.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.deserialize(lamina.layers.serialize(lamina.layers.Dense(2)))
        >>> type(layer).__name__, layer.units
        ('Dense', 2)
    """
    return _FAMILY.deserialize(config, custom_objects)
