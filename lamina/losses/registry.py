"""Looking losses up by name: `get`, `serialize` and `deserialize` in the Keras 3 form.

Loss classes serialize to `{"module": "keras.losses", "class_name", "config",
"registered_name": None}`, loss functions to `class_name` `"function"` with their name as
`config`. The work is done by the shared `lamina.object_registry.object_family.ObjectFamily`:
names resolve only to user objects (custom-object scopes, registered objects,
`custom_objects`) and lamina's own losses; nothing is imported from a path found in a config.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from lamina.losses import classification_losses as _classification
from lamina.losses import crossentropy as _crossentropy
from lamina.losses import margin as _margin
from lamina.losses import probabilistic as _probabilistic
from lamina.losses import regression as _regression
from lamina.losses import regression_losses as _regression_losses
from lamina.losses import segmentation as _segmentation
from lamina.losses import sequence as _sequence
from lamina.losses import structured_losses as _structured
from lamina.losses.loss import Loss, LossFunctionWrapper
from lamina.object_registry.object_family import ObjectFamily

_CLASSES: tuple[type[Loss], ...] = (
    Loss,
    LossFunctionWrapper,
    _classification.BinaryCrossentropy,
    _classification.BinaryFocalCrossentropy,
    _classification.CategoricalCrossentropy,
    _classification.CategoricalFocalCrossentropy,
    _classification.CategoricalHinge,
    _classification.Hinge,
    _classification.SparseCategoricalCrossentropy,
    _classification.SquaredHinge,
    _regression_losses.CosineSimilarity,
    _regression_losses.Huber,
    _regression_losses.KLDivergence,
    _regression_losses.LogCosh,
    _regression_losses.MeanAbsoluteError,
    _regression_losses.MeanAbsolutePercentageError,
    _regression_losses.MeanSquaredError,
    _regression_losses.MeanSquaredLogarithmicError,
    _regression_losses.Poisson,
    _structured.CTC,
    _structured.Dice,
    _structured.Tversky,
)
_FUNCTIONS: tuple[Callable[..., Any], ...] = (
    _crossentropy.binary_crossentropy,
    _crossentropy.binary_focal_crossentropy,
    _crossentropy.categorical_crossentropy,
    _crossentropy.categorical_focal_crossentropy,
    _crossentropy.sparse_categorical_crossentropy,
    _margin.categorical_hinge,
    _margin.hinge,
    _margin.squared_hinge,
    _probabilistic.kl_divergence,
    _probabilistic.poisson,
    _regression.cosine_similarity,
    _regression.huber,
    _regression.log_cosh,
    _regression.mean_absolute_error,
    _regression.mean_absolute_percentage_error,
    _regression.mean_squared_error,
    _regression.mean_squared_logarithmic_error,
    _segmentation.dice,
    _segmentation.tversky,
    _sequence.ctc,
)
_ALIASES = {
    "bce": _crossentropy.binary_crossentropy,
    "kld": _probabilistic.kl_divergence,
    "mae": _regression.mean_absolute_error,
    "mape": _regression.mean_absolute_percentage_error,
    "mse": _regression.mean_squared_error,
    "msle": _regression.mean_squared_logarithmic_error,
}
#: Every name `get` and `deserialize` accept: class names, function names and Keras's aliases
#: ("mse", "MSE", "bce", ...).
BUILTIN_LOSSES: dict[str, Any] = {
    **{cls.__name__: cls for cls in _CLASSES},
    **{function.__name__: function for function in _FUNCTIONS},
    **_ALIASES,
    **{alias.upper(): function for alias, function in _ALIASES.items()},
}


class _LossFamily(ObjectFamily):
    """Losses: a `LossFunctionWrapper`'s `fn` entry is resolved (with `custom_objects`)."""

    nested_function_keys = ("fn",)


_FAMILY = _LossFamily(
    "loss",
    "keras.losses",
    BUILTIN_LOSSES,
    expected="a Loss or a named loss function",
    placeholder="your_loss",
)


def get(identifier: Any) -> Any:
    """Returns the loss an identifier stands for.

    Args:
        identifier: None (gives None); a name: a function name or alias such as `"mse"` (the
            function), a class name such as `"MeanSquaredError"` (a new instance), or a
            registered or scoped user name such as `"MyPackage>my_loss"`; a config
            dict as `serialize` writes it; a loss class (instantiated); or a callable, returned
            as is.

    Returns:
        A loss function, a `Loss` instance, or None.

    Raises:
        ValueError: If `identifier` names no known loss or is of another type.

    Example:
        >>> import lamina
        >>> lamina.losses.get("mse") is lamina.losses.mean_squared_error
        True
        >>> type(lamina.losses.get("BinaryCrossentropy")).__name__
        'BinaryCrossentropy'
    """
    return _FAMILY.get(identifier)


def serialize(loss: Any) -> dict[str, Any] | None:
    """Returns `{"module", "class_name", "config", "registered_name"}` for a loss.

    Custom classes get their own module and their registered name (else their class name)
    as `registered_name`; named functions get `class_name` `"function"` and their name as
    `config` (a registered function: Keras's `{"module": "builtins", "config":
    "<package>><name>", "registered_name": "function"}`).

    Args:
        loss: A `Loss`, a named loss function, or None (gives None).

    Returns:
        The config dict Keras 3 writes, or None.

    Raises:
        ValueError: For lambdas and objects without `get_config()`.

    Example:
        >>> import lamina
        >>> saved = lamina.losses.serialize(lamina.losses.Huber(delta=2.0))
        >>> saved["module"], saved["class_name"], saved["config"]["delta"]
        ('keras.losses', 'Huber', 2.0)
        >>> lamina.losses.serialize(lamina.losses.mse)["config"]
        'mean_squared_error'
    """
    return _FAMILY.serialize(loss)


def deserialize(config: Any, custom_objects: Mapping[str, Any] | None = None) -> Any:
    """Returns the loss a name or config dict stands for.

    Names resolve to objects in an active `lamina.saving.custom_object_scope`, objects
    registered with `lamina.saving.register_keras_serializable`, entries of
    `custom_objects`, and lamina's own losses, in that order.

    Args:
        config: A name, a dict as `serialize` (or Keras 3) writes it, a class (instantiated)
            or a callable (returned as is).
        custom_objects: Maps names to user classes (built with `from_config`) or functions.

    Returns:
        A loss function or `Loss` instance.

    Raises:
        ValueError: If a name is unknown or `config` is malformed.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.deserialize(
        ...     {"class_name": "CategoricalCrossentropy", "config": {"from_logits": True}}
        ... )
        >>> type(loss).__name__, loss.from_logits
        ('CategoricalCrossentropy', True)
    """
    return _FAMILY.deserialize(config, custom_objects)
