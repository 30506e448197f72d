"""ClassRegistry: `get`, `serialize` and `deserialize` in the Keras 3 form, for a family of
configurable classes (initializers, regularizers, constraints, optimizers, schedules).

A thin front of the shared `lamina.object_registry.object_family.ObjectFamily`: names
resolve only to user objects (custom-object scopes, objects registered with
`lamina.saving.register_keras_serializable`, `custom_objects`) and to the family's own
classes. Nothing is imported from a path found in a config, so loading a config cannot run
code it names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lamina.object_registry.object_family import ObjectFamily


class ClassRegistry(ObjectFamily):
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
        super().__init__(kind, module, builtins)

    def _resolve(
        self, name: str, config: dict[str, Any] | None, custom_objects: Mapping[str, Any] | None
    ) -> Any:
        """`resolve` under its former name (the optimizers' registry calls it)."""
        return self.resolve(name, config, custom_objects)
