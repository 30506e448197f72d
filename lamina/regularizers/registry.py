"""Looking regularizers up by name: `get`, `serialize` and `deserialize` in the Keras 3 form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lamina.initializers.class_registry import ClassRegistry
from lamina.regularizers.regularizers import L1, L1L2, L2, OrthogonalRegularizer, Regularizer

#: Every name `get` and `deserialize` accept: class names, snake_case names and Keras's aliases.
BUILTIN_REGULARIZERS: dict[str, type[Regularizer]] = {
    **{cls.__name__: cls for cls in (Regularizer, L1, L2, L1L2, OrthogonalRegularizer)},
    "regularizer": Regularizer,
    "l1": L1,
    "l2": L2,
    "l1_l2": L1L2,
    "l1l2": L1L2,
    "orthogonal_regularizer": OrthogonalRegularizer,
}
_REGISTRY = ClassRegistry("regularizer", "keras.regularizers", BUILTIN_REGULARIZERS)


def get(identifier: Any) -> Any:
    """Returns the regularizer an identifier stands for.

    Args:
        identifier: None (gives None), a name such as `"l2"` or `"L2"` (a new instance with
            default arguments), a config dict as `serialize` writes it, a regularizer class
            (instantiated), or a callable, returned as is.

    Returns:
        A regularizer, a callable, or None.

    Raises:
        ValueError: If `identifier` names no known regularizer or is of another type.

    Example:
        >>> import lamina
        >>> lamina.regularizers.get("l2").l2
        0.01
        >>> lamina.regularizers.get(None) is None
        True
    """
    return _REGISTRY.get(identifier)


def serialize(regularizer: Any) -> dict[str, Any] | None:
    """Returns `{"module": "keras.regularizers", "class_name", "config", "registered_name"}`.

    Custom classes get their own module and their class name as `registered_name`; named
    functions get `class_name` `"function"` and their name as `config`.

    Args:
        regularizer: A regularizer, a named function, or None (gives None).

    Returns:
        The config dict Keras 3 writes, or None.

    Example:
        >>> import lamina
        >>> saved = lamina.regularizers.serialize(lamina.regularizers.L1L2(l1=0.5))
        >>> saved["module"], saved["class_name"], saved["config"], saved["registered_name"]
        ('keras.regularizers', 'L1L2', {'l1': 0.5, 'l2': 0.0}, None)
    """
    return _REGISTRY.serialize(regularizer)


def deserialize(config: Any, custom_objects: Mapping[str, Any] | None = None) -> Any:
    """Returns the regularizer a name or config dict stands for.

    Only lamina's regularizers and the entries of `custom_objects` can be returned;
    `custom_objects` takes precedence over built-in names.

    Args:
        config: A name, a dict as `serialize` (or Keras 3) writes it, or a callable.
        custom_objects: Maps names to user classes (built with `from_config`) or functions.

    Returns:
        A regularizer or callable.

    Raises:
        ValueError: If a name is unknown or `config` is malformed.

    Example:
        >>> import lamina
        >>> regularizer = lamina.regularizers.deserialize(
        ...     {"class_name": "L2", "config": {"l2": 0.25}}
        ... )
        >>> type(regularizer).__name__, regularizer.l2
        ('L2', 0.25)
    """
    return _REGISTRY.deserialize(config, custom_objects)
