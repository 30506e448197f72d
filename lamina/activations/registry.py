"""Looking activations up by name: `get`, `serialize` and `deserialize` in the Keras 3 form.

Built-in activations serialize to their name (`"relu"`); other named functions and callable
objects to Keras's `{"module", "class_name", "config", "registered_name"}` dict. The work is
done by the shared `lamina.object_registry.object_family.ObjectFamily`: names resolve only to
user objects (custom-object scopes, registered objects, `custom_objects`) and lamina's own
activations; nothing is ever imported from a path found in a config.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from lamina.activations import activations as _smooth
from lamina.activations import piecewise as _piecewise
from lamina.object_registry.object_family import ObjectFamily

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


class _ActivationFamily(ObjectFamily):
    """Activations: `get(None)` is `linear`, classes are callables (not instantiated), and
    built-in functions serialize to their bare name, as Keras writes them."""

    none_value = staticmethod(_smooth.linear)
    instantiate_classes = False
    identifier_noun = "activation function"

    def _builtin_function_config(self, function: Any, module: str) -> Any:
        return function.__name__


_FAMILY = _ActivationFamily(
    "activation",
    "keras.activations",
    BUILTIN_ACTIVATIONS,
    expected="a built-in activation, a named function or a callable object with get_config()",
    placeholder="your_function",
)


def get(identifier: Any) -> Activation:
    """Returns the activation an identifier stands for.

    Args:
        identifier: `None` (gives `linear`), a name (a built-in such as `"relu"`, a registered
            name such as `"MyPackage>my_act"`, or a name in an active custom-object scope), a
            config dict as `serialize` writes it, or a callable, which is returned as is.

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
    return _FAMILY.get(identifier)


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
    return _FAMILY.serialize(activation)


def deserialize(config: Any, custom_objects: Mapping[str, Any] | None = None) -> Activation:
    """Returns the activation a name or config dict stands for.

    Names resolve to objects in an active `lamina.saving.custom_object_scope`, objects
    registered with `lamina.saving.register_keras_serializable`, entries of
    `custom_objects`, and lamina's built-in activations, in that order.

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
    return _FAMILY.deserialize(config, custom_objects)
