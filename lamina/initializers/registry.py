"""Looking initializers up by name: `get`, `serialize` and `deserialize` in the Keras 3 form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lamina.initializers import constant_initializers as _constant
from lamina.initializers import random_initializers as _random
from lamina.initializers import variance_scaling as _scaling
from lamina.initializers.class_registry import ClassRegistry
from lamina.initializers.initializer import Initializer

_CLASSES: tuple[type[Initializer], ...] = (
    Initializer,
    _constant.Constant,
    _constant.Identity,
    _constant.Ones,
    _constant.Zeros,
    _random.Orthogonal,
    _random.RandomNormal,
    _random.RandomUniform,
    _random.TruncatedNormal,
    _scaling.GlorotNormal,
    _scaling.GlorotUniform,
    _scaling.HeNormal,
    _scaling.HeUniform,
    _scaling.LecunNormal,
    _scaling.LecunUniform,
    _scaling.VarianceScaling,
)
#: Every name `get` and `deserialize` accept: class names, snake_case names and Keras's aliases.
BUILTIN_INITIALIZERS: dict[str, type[Initializer]] = {
    **{cls.__name__: cls for cls in _CLASSES},
    "initializer": Initializer,
    "constant": _constant.Constant,
    "identity": _constant.Identity,
    "IdentityInitializer": _constant.Identity,
    "ones": _constant.Ones,
    "one": _constant.Ones,
    "zeros": _constant.Zeros,
    "zero": _constant.Zeros,
    "orthogonal": _random.Orthogonal,
    "OrthogonalInitializer": _random.Orthogonal,
    "random_normal": _random.RandomNormal,
    "normal": _random.RandomNormal,
    "random_uniform": _random.RandomUniform,
    "uniform": _random.RandomUniform,
    "truncated_normal": _random.TruncatedNormal,
    "glorot_normal": _scaling.GlorotNormal,
    "glorot_uniform": _scaling.GlorotUniform,
    "he_normal": _scaling.HeNormal,
    "he_uniform": _scaling.HeUniform,
    "lecun_normal": _scaling.LecunNormal,
    "lecun_uniform": _scaling.LecunUniform,
    "variance_scaling": _scaling.VarianceScaling,
}
_REGISTRY = ClassRegistry("initializer", "keras.initializers", BUILTIN_INITIALIZERS)


def get(identifier: Any) -> Any:
    """Returns the initializer an identifier stands for.

    Args:
        identifier: None (gives None), a name such as `"glorot_uniform"` or `"GlorotUniform"`
            (a new instance with default arguments), a config dict as `serialize` writes it, an
            initializer class (instantiated), or a callable, returned as is.

    Returns:
        An initializer, a callable, or None.

    Raises:
        ValueError: If `identifier` names no known initializer or is of another type.

    Example:
        >>> import lamina
        >>> type(lamina.initializers.get("he_normal")).__name__
        'HeNormal'
        >>> lamina.initializers.get(None) is None
        True
    """
    return _REGISTRY.get(identifier)


def serialize(initializer: Any) -> dict[str, Any] | None:
    """Returns `{"module": "keras.initializers", "class_name", "config", "registered_name"}`.

    Custom classes get their own module and their class name as `registered_name`; named
    functions get `class_name` `"function"` and their name as `config`.

    Args:
        initializer: An initializer, a named function, or None (gives None).

    Returns:
        The config dict Keras 3 writes, or None.

    Example:
        >>> import lamina
        >>> saved = lamina.initializers.serialize(lamina.initializers.Constant(0.5))
        >>> saved["module"], saved["class_name"], saved["config"], saved["registered_name"]
        ('keras.initializers', 'Constant', {'value': 0.5}, None)
    """
    return _REGISTRY.serialize(initializer)


def deserialize(config: Any, custom_objects: Mapping[str, Any] | None = None) -> Any:
    """Returns the initializer a name or config dict stands for.

    Only lamina's initializers and the entries of `custom_objects` can be returned;
    `custom_objects` takes precedence over built-in names.

    Args:
        config: A name, a dict as `serialize` (or Keras 3) writes it, or a callable.
        custom_objects: Maps names to user classes (built with `from_config`) or functions.

    Returns:
        An initializer or callable.

    Raises:
        ValueError: If a name is unknown or `config` is malformed.

    Example:
        >>> import lamina
        >>> init = lamina.initializers.deserialize(
        ...     {"class_name": "RandomUniform", "config": {"minval": 0.0, "maxval": 1.0}}
        ... )
        >>> init.minval, init.maxval
        (0.0, 1.0)
    """
    return _REGISTRY.deserialize(config, custom_objects)
