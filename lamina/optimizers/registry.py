"""Looking optimizers up by name: `get`, `serialize` and `deserialize` in the Keras 3 form."""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any

from lamina.initializers.class_registry import ClassRegistry
from lamina.optimizers.adadelta import Adadelta
from lamina.optimizers.adafactor import Adafactor
from lamina.optimizers.adagrad import Adagrad
from lamina.optimizers.adam import Adam
from lamina.optimizers.adamax import Adamax
from lamina.optimizers.adamw import AdamW
from lamina.optimizers.ftrl import Ftrl
from lamina.optimizers.lamb import Lamb
from lamina.optimizers.lion import Lion
from lamina.optimizers.loss_scale_optimizer import LossScaleOptimizer
from lamina.optimizers.nadam import Nadam
from lamina.optimizers.optimizer import Optimizer
from lamina.optimizers.rmsprop import RMSprop
from lamina.optimizers.sgd import SGD

_CLASSES: tuple[type[Optimizer], ...] = (
    Optimizer,
    SGD,
    Adam,
    AdamW,
    RMSprop,
    Adagrad,
    Adamax,
    Nadam,
    Adadelta,
    Lion,
    Ftrl,
    Lamb,
    Adafactor,
    LossScaleOptimizer,
)
#: Every name `get` and `deserialize` accept: the class names and their lower-case forms
#: ("adam", "sgd", "rmsprop", ...); other spellings are matched case-insensitively.
BUILTIN_OPTIMIZERS: dict[str, type[Optimizer]] = {
    **{cls.__name__: cls for cls in _CLASSES},
    **{cls.__name__.lower(): cls for cls in _CLASSES},
}
_REGISTRY = ClassRegistry("optimizer", "keras.optimizers", BUILTIN_OPTIMIZERS)


def get(identifier: Any) -> Any:
    """Returns the optimizer an identifier stands for.

    Args:
        identifier: None (gives None), an optimizer (returned as is), a name such as
            `"adam"` or `"SGD"` (a new instance with default arguments), a config dict as
            `serialize` writes it, or an optimizer class (instantiated).

    Returns:
        An optimizer, or None.

    Raises:
        ValueError: If `identifier` names no known optimizer or is of another type.

    Example:
        >>> from lamina import optimizers
        >>> optimizer = optimizers.get("rmsprop")
        >>> type(optimizer).__name__, optimizer.rho
        ('RMSprop', 0.9)
    """
    if identifier is None or isinstance(identifier, Optimizer):
        return identifier
    if inspect.isclass(identifier) and issubclass(identifier, Optimizer):
        return identifier()
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    raise ValueError(
        f"Could not interpret optimizer identifier: {identifier!r} (type "
        f"{type(identifier).__name__}). Expected None, an optimizer, a name such as 'adam', a "
        "config dict or an optimizer class."
    )


def serialize(optimizer: Any) -> dict[str, Any] | None:
    """Returns `{"module": "keras.optimizers", "class_name", "config", "registered_name"}`.

    Args:
        optimizer: An optimizer, or None (gives None).

    Returns:
        The config dict Keras 3 writes, or None.

    Example:
        >>> from lamina import optimizers
        >>> saved = optimizers.serialize(optimizers.SGD(learning_rate=0.1, momentum=0.9))
        >>> saved["module"], saved["class_name"], saved["config"]["learning_rate"]
        ('keras.optimizers', 'SGD', 0.1)
    """
    return _REGISTRY.serialize(optimizer)


def deserialize(config: Any, custom_objects: Mapping[str, Any] | None = None) -> Any:
    """Returns the optimizer a name or config dict stands for.

    Only lamina's optimizers (and schedules, for a `learning_rate` config) and the entries of
    `custom_objects` can be returned; `custom_objects` takes precedence over built-in names.
    Built-in names match case-insensitively, as in Keras.

    Args:
        config: A name, or a dict as `serialize` (or Keras 3) writes it.
        custom_objects: Maps names to user classes (built with `from_config`).

    Returns:
        An optimizer.

    Raises:
        ValueError: If a name is unknown or `config` is malformed.

    Example:
        >>> from lamina import optimizers
        >>> optimizer = optimizers.deserialize(
        ...     {"class_name": "Adam", "config": {"learning_rate": 0.01, "beta_1": 0.8}}
        ... )
        >>> type(optimizer).__name__, optimizer.beta_1
        ('Adam', 0.8)
    """
    custom_objects = dict(custom_objects or {})
    if isinstance(config, str):
        return _REGISTRY.deserialize(_builtin_spelling(config, custom_objects), custom_objects)
    if isinstance(config, dict) and isinstance(config.get("class_name"), str):
        config = dict(config)
        config["class_name"] = _builtin_spelling(config["class_name"], custom_objects)
        found = _REGISTRY._resolve(config["class_name"], config, custom_objects)
        if inspect.isclass(found) and issubclass(found, Optimizer):
            return found.from_config(config.get("config") or {}, custom_objects=custom_objects)
    return _REGISTRY.deserialize(config, custom_objects)


def _builtin_spelling(name: str, custom_objects: Mapping[str, Any]) -> str:
    if name in custom_objects or name in BUILTIN_OPTIMIZERS:
        return name
    return name.lower() if name.lower() in BUILTIN_OPTIMIZERS else name
