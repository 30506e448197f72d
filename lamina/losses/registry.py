"""Looking losses up by name: `get`, `serialize` and `deserialize` in the Keras 3 form.

Loss classes serialize to `{"module": "keras.losses", "class_name", "config",
"registered_name": None}`, loss functions to `class_name` `"function"` with their name as
`config`. Names resolve only to lamina's own losses and to `custom_objects`: nothing is
imported from a path found in a config, so loading a config cannot run code it names.
"""

from __future__ import annotations

import inspect
import types
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

_MODULE = "keras.losses"
# Modules whose entries may name a built-in loss (Keras's files and lamina's own).
_BUILTIN_MODULE_PREFIXES = ("keras", "lamina")

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
_FUNCTION_IDS = {id(function) for function in _FUNCTIONS}


def get(identifier: Any) -> Any:
    """Returns the loss an identifier stands for.

    Args:
        identifier: None (gives None); a name: a function name or alias such as `"mse"` (the
            function) or a class name such as `"MeanSquaredError"` (a new instance); a config
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
    if identifier is None:
        return None
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if inspect.isclass(identifier):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError(
        f"Could not interpret loss identifier: {identifier!r} (type "
        f"{type(identifier).__name__}). Expected None, a name such as 'mse', a config dict, a "
        "Loss class or instance, or a function."
    )


def serialize(loss: Any) -> dict[str, Any] | None:
    """Returns `{"module", "class_name", "config", "registered_name"}` for a loss.

    Custom classes get their own module and their class name as `registered_name`; named
    functions get `class_name` `"function"` and their name as `config`.

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
    if loss is None:
        return None
    if id(loss) in _FUNCTION_IDS:
        return _function_entry(_MODULE, loss.__name__)
    cls = type(loss)
    if cls in _CLASSES:
        return {
            "module": _MODULE,
            "class_name": cls.__name__,
            "config": loss.get_config(),
            "registered_name": None,
        }
    if isinstance(loss, types.FunctionType) and loss.__name__ != "<lambda>":
        return _function_entry(loss.__module__, loss.__name__)
    if callable(getattr(loss, "get_config", None)):
        return {
            "module": cls.__module__,
            "class_name": cls.__name__,
            "config": loss.get_config(),
            "registered_name": cls.__name__,
        }
    raise ValueError(
        f"serialize expected a Loss or a named loss function, received {loss!r} (type "
        f"{cls.__name__}). Define lambdas with `def` and pass them to deserialize in "
        "custom_objects."
    )


def deserialize(config: Any, custom_objects: Mapping[str, Any] | None = None) -> Any:
    """Returns the loss a name or config dict stands for.

    Only lamina's losses and the entries of `custom_objects` can be returned;
    `custom_objects` takes precedence over built-in names.

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
    if config is None:
        return None
    if isinstance(config, str):
        return _instantiate(_resolve(config, None, custom_objects), {}, custom_objects)
    if isinstance(config, dict):
        return _from_dict(config, custom_objects)
    if inspect.isclass(config):
        return config()
    if callable(config):
        return config
    raise ValueError(
        "deserialize expected a loss name, a config dict or a callable, received "
        f"{config!r} (type {type(config).__name__})."
    )


def _function_entry(module: str, name: str) -> dict[str, Any]:
    return {"module": module, "class_name": "function", "config": name, "registered_name": name}


def _from_dict(config: dict[str, Any], custom_objects: Mapping[str, Any] | None) -> Any:
    class_name = config.get("class_name")
    if not isinstance(class_name, str):
        raise ValueError(
            "deserialize expected a loss config dict with a string 'class_name' (as serialize "
            f"writes it), received {config!r}."
        )
    inner = config.get("config")
    if class_name == "function":
        if not isinstance(inner, str):
            raise ValueError(
                "deserialize expected the 'config' of a 'function' entry to be its name, "
                f"received {inner!r}."
            )
        return _resolve(inner, config, custom_objects)
    found = _resolve(class_name, config, custom_objects)
    return _instantiate(found, inner or {}, custom_objects)


def _resolve(
    name: str, config: dict[str, Any] | None, custom_objects: Mapping[str, Any] | None
) -> Any:
    registered = config.get("registered_name") if config else None
    for key in (registered, name):
        if custom_objects and isinstance(key, str) and key in custom_objects:
            return custom_objects[key]
    module = config.get("module") if config else None
    builtin_module = module is None or str(module).startswith(_BUILTIN_MODULE_PREFIXES)
    if builtin_module and name in BUILTIN_LOSSES:
        return BUILTIN_LOSSES[name]
    shown = registered or name
    raise ValueError(
        f"Unknown loss {shown!r}"
        + (f" (module {module!r})" if module else "")
        + f". Valid names are {sorted(BUILTIN_LOSSES)}. For a custom loss, pass "
        f"custom_objects={{{shown!r}: your_loss}} to deserialize, or pass the loss itself."
    )


def _instantiate(
    found: Any, inner: dict[str, Any], custom_objects: Mapping[str, Any] | None
) -> Any:
    if not inspect.isclass(found):
        return found
    fn = inner.get("fn")
    if fn is not None and not callable(fn):
        # A LossFunctionWrapper's function, resolved here so custom_objects apply to it.
        inner = {**inner, "fn": deserialize(fn, custom_objects)}
    if hasattr(found, "from_config"):
        return found.from_config(inner)
    return found(**inner)
