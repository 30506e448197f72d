"""Looking constraints up by name: `get`, `serialize` and `deserialize` in the Keras 3 form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lamina.constraints.constraints import Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm
from lamina.initializers.class_registry import ClassRegistry

#: Every name `get` and `deserialize` accept: class names and snake_case names.
BUILTIN_CONSTRAINTS: dict[str, type[Constraint]] = {
    **{cls.__name__: cls for cls in (Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm)},
    "constraint": Constraint,
    "max_norm": MaxNorm,
    "min_max_norm": MinMaxNorm,
    "non_neg": NonNeg,
    "unit_norm": UnitNorm,
}
_REGISTRY = ClassRegistry("constraint", "keras.constraints", BUILTIN_CONSTRAINTS)


def get(identifier: Any) -> Any:
    """Returns the constraint an identifier stands for.

    Args:
        identifier: None (gives None), a name such as `"non_neg"` or `"NonNeg"` (a new
            instance with default arguments), a config dict as `serialize` writes it, a
            constraint class (instantiated), or a callable, returned as is.

    Returns:
        A constraint, a callable, or None.

    Raises:
        ValueError: If `identifier` names no known constraint or is of another type.

    Example:
        >>> import lamina
        >>> type(lamina.constraints.get("max_norm")).__name__
        'MaxNorm'
        >>> lamina.constraints.get(None) is None
        True
    """
    return _REGISTRY.get(identifier)


def serialize(constraint: Any) -> dict[str, Any] | None:
    """Returns `{"module": "keras.constraints", "class_name", "config", "registered_name"}`.

    Custom classes get their own module and their class name as `registered_name`; named
    functions get `class_name` `"function"` and their name as `config`.

    Args:
        constraint: A constraint, a named function, or None (gives None).

    Returns:
        The config dict Keras 3 writes, or None.

    Example:
        >>> import lamina
        >>> saved = lamina.constraints.serialize(lamina.constraints.UnitNorm(axis=1))
        >>> saved["module"], saved["class_name"], saved["config"], saved["registered_name"]
        ('keras.constraints', 'UnitNorm', {'axis': 1}, None)
    """
    return _REGISTRY.serialize(constraint)


def deserialize(config: Any, custom_objects: Mapping[str, Any] | None = None) -> Any:
    """Returns the constraint a name or config dict stands for.

    Only lamina's constraints and the entries of `custom_objects` can be returned;
    `custom_objects` takes precedence over built-in names.

    Args:
        config: A name, a dict as `serialize` (or Keras 3) writes it, or a callable.
        custom_objects: Maps names to user classes (built with `from_config`) or functions.

    Returns:
        A constraint or callable.

    Raises:
        ValueError: If a name is unknown or `config` is malformed.

    Example:
        >>> import lamina
        >>> constraint = lamina.constraints.deserialize(
        ...     {"class_name": "MaxNorm", "config": {"max_value": 3.0, "axis": 0}}
        ... )
        >>> type(constraint).__name__, constraint.max_value
        ('MaxNorm', 3.0)
    """
    return _REGISTRY.deserialize(config, custom_objects)
