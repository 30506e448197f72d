"""Looking activations up by name: `get`, `serialize` and `deserialize` in the Keras 3 form.

Built-in activations serialize to their name (`"relu"`); other named functions and callable
objects to Keras's `{"module", "class_name", "config", "registered_name"}` dict. Names resolve
only to lamina's own activations and to `custom_objects`: nothing is ever imported from a path
found in a config, so loading a config cannot run code it names.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from typing import Any

from lamina.activations import activations as _smooth
from lamina.activations import piecewise as _piecewise

Activation = Callable[..., Any]

_CANONICAL: tuple[Activation, ...] = (
    _smooth.celu,
    _smooth.elu,
    _smooth.exponential,
    _smooth.gelu,
    _smooth.glu,
    _piecewise.hard_shrink,
    _smooth.hard_sigmoid,
    _smooth.hard_silu,
    _piecewise.hard_tanh,
    _smooth.leaky_relu,
    _smooth.linear,
    _smooth.log_sigmoid,
    _smooth.log_softmax,
    _smooth.mish,
    _smooth.relu,
    _smooth.relu6,
    _smooth.selu,
    _smooth.sigmoid,
    _smooth.silu,
    _piecewise.soft_shrink,
    _smooth.softmax,
    _smooth.softplus,
    _smooth.softsign,
    _piecewise.sparse_plus,
    _piecewise.sparse_sigmoid,
    _piecewise.sparsemax,
    _piecewise.squareplus,
    _smooth.tanh,
    _smooth.tanh_shrink,
    _piecewise.threshold,
)
#: Every name `get` and `deserialize` accept, aliases included.
BUILTIN_ACTIVATIONS: dict[str, Activation] = {
    **{function.__name__: function for function in _CANONICAL},
    "swish": _smooth.silu,
    "hard_swish": _smooth.hard_silu,
}
_NAME_BY_ID = {id(function): function.__name__ for function in _CANONICAL}
# Modules whose "function" entries name a built-in (Keras's files and lamina's own).
_BUILTIN_MODULE_PREFIXES = ("keras", "lamina")


def get(identifier: Any) -> Activation:
    """Returns the activation an identifier stands for.

    Args:
        identifier: `None` (gives `linear`), a built-in name such as `"relu"`, a config dict as
            `serialize` writes it, or a callable, which is returned as is.

    Returns:
        A callable taking a tensor.

    Raises:
        ValueError: If `identifier` names no built-in activation or is of another type.

    Example:
        >>> import lamina
        >>> lamina.activations.get("relu") is lamina.activations.relu
        True
        >>> lamina.activations.get(None) is lamina.activations.linear
        True
    """
    if identifier is None:
        return _smooth.linear
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError(
        f"Could not interpret activation function identifier: {identifier!r} "
        f"(type {type(identifier).__name__}). Expected None, a name such as 'relu', "
        "a config dict, or a callable."
    )


def serialize(activation: Activation) -> str | dict[str, Any]:
    """Returns what `deserialize` turns back into `activation`.

    Args:
        activation: A built-in activation (gives its name; aliases give the canonical name,
            `swish` gives `"silu"`), a named Python function, or a callable object with a
            `get_config()` method.

    Returns:
        The name of a built-in activation, else a dict
        `{"module", "class_name", "config", "registered_name"}` as Keras 3 writes it.

    Raises:
        ValueError: For lambdas and for callables that have neither a name nor `get_config()`.

    Example:
        >>> import lamina
        >>> lamina.activations.serialize(lamina.activations.swish)
        'silu'
    """
    name = _NAME_BY_ID.get(id(activation))
    if name is not None:
        return name
    if isinstance(activation, types.FunctionType):
        if activation.__name__ == "<lambda>":
            raise ValueError(
                "serialize cannot serialize a lambda activation: loading it back would mean "
                "running stored code. Define it with `def` and pass it to deserialize in "
                "custom_objects."
            )
        return {
            "module": activation.__module__,
            "class_name": "function",
            "config": activation.__name__,
            "registered_name": activation.__name__,
        }
    get_config = getattr(activation, "get_config", None)
    if callable(activation) and callable(get_config):
        cls = type(activation)
        return {
            "module": cls.__module__,
            "class_name": cls.__name__,
            "config": get_config(),
            "registered_name": cls.__name__,
        }
    raise ValueError(
        f"serialize expected a built-in activation, a named function or a callable object "
        f"with get_config(), received {activation!r} (type {type(activation).__name__})."
    )


def deserialize(config: Any, custom_objects: Mapping[str, Any] | None = None) -> Activation:
    """Returns the activation a name or config dict stands for.

    Only lamina's built-in activations and the entries of `custom_objects` can be returned;
    `custom_objects` takes precedence over built-in names.

    Args:
        config: A name (`"relu"`, or a key of `custom_objects`), a dict as `serialize`
            writes it, or a callable, which is returned as is.
        custom_objects: Maps names to user functions or classes. A class is built with
            `from_config(config["config"])` (or its constructor).

    Returns:
        A callable taking a tensor.

    Raises:
        ValueError: If the name is unknown or `config` is malformed.

    Example:
        >>> import lamina
        >>> lamina.activations.deserialize("swish") is lamina.activations.silu
        True
        >>> def twice(x):
        ...     return lamina.ops.multiply(x, 2.0)
        >>> saved = lamina.activations.serialize(twice)
        >>> lamina.activations.deserialize(saved, custom_objects={"twice": twice}) is twice
        True
    """
    if isinstance(config, str):
        return _resolve_name(config, custom_objects)
    if isinstance(config, dict):
        return _from_dict(config, custom_objects)
    if callable(config):
        return config
    raise ValueError(
        "deserialize expected an activation name, a config dict or a callable, "
        f"received {config!r} (type {type(config).__name__})."
    )


def _resolve_name(name: str, custom_objects: Mapping[str, Any] | None) -> Activation:
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    if name in BUILTIN_ACTIVATIONS:
        return BUILTIN_ACTIVATIONS[name]
    raise ValueError(_unknown_message(name))


def _from_dict(config: dict[str, Any], custom_objects: Mapping[str, Any] | None) -> Activation:
    class_name = config.get("class_name")
    if not isinstance(class_name, str):
        raise ValueError(
            "deserialize expected a config dict with a string 'class_name' (as serialize "
            f"writes it), received {config!r}."
        )
    found = _lookup_custom(config, class_name, custom_objects)
    if class_name == "function":
        return _function_from_dict(config, found)
    if found is None and class_name in BUILTIN_ACTIVATIONS:
        return BUILTIN_ACTIVATIONS[class_name]
    if found is None:
        raise ValueError(_unknown_message(config.get("registered_name") or class_name))
    if not isinstance(found, type):
        return found
    inner = config.get("config") or {}
    if hasattr(found, "from_config"):
        return found.from_config(inner)
    return found(**inner)


def _function_from_dict(config: dict[str, Any], found: Any) -> Activation:
    name = config.get("config")
    if not isinstance(name, str):
        raise ValueError(
            f"deserialize expected the 'config' of a 'function' entry to be its name, "
            f"received {name!r}."
        )
    if found is not None:
        return found
    module = config.get("module")
    builtin_module = module is None or str(module).startswith(_BUILTIN_MODULE_PREFIXES)
    if builtin_module and name in BUILTIN_ACTIVATIONS:
        return BUILTIN_ACTIVATIONS[name]
    raise ValueError(_unknown_message(config.get("registered_name") or name))


def _lookup_custom(
    config: dict[str, Any], class_name: str, custom_objects: Mapping[str, Any] | None
) -> Any:
    if not custom_objects:
        return None
    keys = [config.get("registered_name")]
    keys.append(config.get("config") if class_name == "function" else class_name)
    for key in keys:
        if isinstance(key, str) and key in custom_objects:
            return custom_objects[key]
    return None


def _unknown_message(name: str) -> str:
    return (
        f"Unknown activation {name!r}. Valid names are {sorted(BUILTIN_ACTIVATIONS)}. "
        f"For a custom activation, pass it in custom_objects={{{name!r}: your_function}} "
        "or pass the callable itself."
    )
