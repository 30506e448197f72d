"""Looking metrics up by name: `get`, `serialize` and `deserialize` in the Keras 3 form.

Metric classes serialize to `{"module": "keras.metrics", "class_name", "config",
"registered_name": None}`; metric and loss functions to `class_name` `"function"` with their
name as `config`. Names resolve only to lamina's own metrics and functions and to
`custom_objects`: nothing is imported from a path found in a config.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable, Mapping
from typing import Any

from lamina import losses as _losses
from lamina.metrics import accuracy_functions as _accuracy_functions
from lamina.metrics import accuracy_metrics as _accuracy
from lamina.metrics import auc as _auc
from lamina.metrics import confusion_metrics as _confusion
from lamina.metrics import correlation_metrics as _correlation
from lamina.metrics import f_score_metrics as _f_score
from lamina.metrics import hinge_metrics as _hinge
from lamina.metrics import iou_metrics as _iou
from lamina.metrics import probabilistic_metrics as _probabilistic
from lamina.metrics import r2_score as _r2
from lamina.metrics import reduction_metrics as _reduction
from lamina.metrics import regression_metrics as _regression
from lamina.metrics import sensitivity_specificity as _at_target
from lamina.metrics.metric import Metric, _snake_case

_MODULE = "keras.metrics"
_BUILTIN_MODULE_PREFIXES = ("keras", "lamina")

_CLASSES: tuple[type[Metric], ...] = (
    Metric,
    _reduction.Mean,
    _reduction.Sum,
    _reduction.MeanMetricWrapper,
    _regression.MeanSquaredError,
    _regression.RootMeanSquaredError,
    _regression.MeanAbsoluteError,
    _regression.MeanAbsolutePercentageError,
    _regression.MeanSquaredLogarithmicError,
    _regression.CosineSimilarity,
    _regression.LogCoshError,
    _r2.R2Score,
    _auc.AUC,
    _confusion.FalseNegatives,
    _confusion.FalsePositives,
    _confusion.Precision,
    _confusion.Recall,
    _confusion.TrueNegatives,
    _confusion.TruePositives,
    _at_target.PrecisionAtRecall,
    _at_target.RecallAtPrecision,
    _at_target.SensitivityAtSpecificity,
    _at_target.SpecificityAtSensitivity,
    _correlation.PearsonCorrelation,
    _correlation.ConcordanceCorrelation,
    _hinge.Hinge,
    _hinge.SquaredHinge,
    _hinge.CategoricalHinge,
    _probabilistic.KLDivergence,
    _probabilistic.Poisson,
    _probabilistic.BinaryCrossentropy,
    _probabilistic.CategoricalCrossentropy,
    _probabilistic.SparseCategoricalCrossentropy,
    _accuracy.Accuracy,
    _accuracy.BinaryAccuracy,
    _accuracy.CategoricalAccuracy,
    _accuracy.SparseCategoricalAccuracy,
    _accuracy.TopKCategoricalAccuracy,
    _accuracy.SparseTopKCategoricalAccuracy,
    _f_score.F1Score,
    _f_score.FBetaScore,
    _iou.IoU,
    _iou.BinaryIoU,
    _iou.MeanIoU,
    _iou.OneHotIoU,
    _iou.OneHotMeanIoU,
)
_ALIASES: dict[str, type[Metric]] = {
    "bce": _probabilistic.BinaryCrossentropy,
    "mse": _regression.MeanSquaredError,
    "mae": _regression.MeanAbsoluteError,
    "mape": _regression.MeanAbsolutePercentageError,
    "msle": _regression.MeanSquaredLogarithmicError,
}
#: Every name `get` and `deserialize` accept for a metric class: class names, their snake
#: case ("binary_accuracy", "auc", "r2_score") and Keras's aliases ("mse", "MAE", ...).
BUILTIN_METRICS: dict[str, type[Metric]] = {
    **{cls.__name__: cls for cls in _CLASSES},
    **{_snake_case(cls.__name__): cls for cls in _CLASSES},
    **_ALIASES,
    **{alias.upper(): cls for alias, cls in _ALIASES.items()},
}
_METRIC_FUNCTIONS: tuple[Callable[..., Any], ...] = (
    _accuracy_functions.binary_accuracy,
    _accuracy_functions.categorical_accuracy,
    _accuracy_functions.sparse_categorical_accuracy,
    _accuracy_functions.top_k_categorical_accuracy,
    _accuracy_functions.sparse_top_k_categorical_accuracy,
    _correlation.pearson_correlation,
    _correlation.concordance_correlation,
)
_LOSS_FUNCTIONS: tuple[Callable[..., Any], ...] = (
    _losses.binary_crossentropy,
    _losses.binary_focal_crossentropy,
    _losses.categorical_crossentropy,
    _losses.categorical_focal_crossentropy,
    _losses.categorical_hinge,
    _losses.hinge,
    _losses.huber,
    _losses.kl_divergence,
    _losses.log_cosh,
    _losses.mean_absolute_error,
    _losses.mean_absolute_percentage_error,
    _losses.mean_squared_error,
    _losses.mean_squared_logarithmic_error,
    _losses.poisson,
    _losses.sparse_categorical_crossentropy,
    _losses.squared_hinge,
)
#: Functions a `"function"` entry (e.g. a `MeanMetricWrapper`'s `fn`) may name.
BUILTIN_FUNCTIONS: dict[str, Callable[..., Any]] = {
    **{fn.__name__: fn for fn in _METRIC_FUNCTIONS + _LOSS_FUNCTIONS},
    "accuracy": _accuracy_functions.accuracy,
}
_FUNCTION_MODULES = {
    **{id(fn): "keras.metrics" for fn in _METRIC_FUNCTIONS},
    **{id(fn): "keras.losses" for fn in _LOSS_FUNCTIONS},
    id(_accuracy_functions.accuracy): "keras.metrics",
}


def get(identifier: Any) -> Any:
    """Returns the metric an identifier stands for.

    Args:
        identifier: None (gives None); a name: a class name, its snake case or an alias
            (`"AUC"`, `"auc"`, `"mse"`: a new instance with default arguments; function
            names such as `"huber"` give the function); a config dict as `serialize` writes
            it; a metric class (instantiated); or a callable, returned as is.

    Returns:
        A `Metric`, a metric function, or None.

    Raises:
        ValueError: If `identifier` names no known metric or is of another type.

    Example:
        >>> import lamina
        >>> type(lamina.metrics.get("mse")).__name__
        'MeanSquaredError'
        >>> lamina.metrics.get("binary_accuracy").name
        'binary_accuracy'
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        found = deserialize(identifier)
    elif isinstance(identifier, str):
        found = BUILTIN_METRICS.get(identifier) or BUILTIN_FUNCTIONS.get(identifier)
        if found is None:
            raise ValueError(
                f"Could not interpret metric identifier {identifier!r}. Valid names are "
                f"{sorted(BUILTIN_METRICS)} and the functions {sorted(BUILTIN_FUNCTIONS)}."
            )
    else:
        found = identifier
    if inspect.isclass(found):
        return found()
    if callable(found):
        return found
    raise ValueError(
        f"Could not interpret metric identifier {identifier!r} (type "
        f"{type(identifier).__name__}). Expected None, a name such as 'mse', a config dict, a "
        "Metric class or instance, or a function."
    )


def serialize(metric: Any) -> dict[str, Any] | None:
    """Returns `{"module", "class_name", "config", "registered_name"}` for a metric.

    Custom classes get their own module and their class name as `registered_name`; named
    functions get `class_name` `"function"` and their name as `config`.

    Args:
        metric: A `Metric`, a named metric or loss function, or None (gives None).

    Returns:
        The config dict Keras 3 writes, or None.

    Raises:
        ValueError: For lambdas and objects without `get_config()`.

    Example:
        >>> import lamina
        >>> saved = lamina.metrics.serialize(lamina.metrics.BinaryAccuracy(threshold=0.7))
        >>> saved["module"], saved["class_name"], saved["config"]["threshold"]
        ('keras.metrics', 'BinaryAccuracy', 0.7)
    """
    if metric is None:
        return None
    module = _FUNCTION_MODULES.get(id(metric))
    if module is not None:
        return _function_entry(module, metric.__name__)
    cls = type(metric)
    if cls in _CLASSES:
        return {
            "module": _MODULE,
            "class_name": cls.__name__,
            "config": metric.get_config(),
            "registered_name": None,
        }
    if isinstance(metric, types.FunctionType) and metric.__name__ != "<lambda>":
        return _function_entry(metric.__module__, metric.__name__)
    if callable(getattr(metric, "get_config", None)):
        return {
            "module": cls.__module__,
            "class_name": cls.__name__,
            "config": metric.get_config(),
            "registered_name": cls.__name__,
        }
    raise ValueError(
        f"serialize expected a Metric or a named metric function, received {metric!r} (type "
        f"{cls.__name__}). Define lambdas with `def` and pass them to deserialize in "
        "custom_objects."
    )


def deserialize(config: Any, custom_objects: Mapping[str, Any] | None = None) -> Any:
    """Returns the metric a name or config dict stands for.

    Only lamina's metrics and metric/loss functions and the entries of `custom_objects`
    can be returned; `custom_objects` takes precedence over built-in names.

    Args:
        config: A name, a dict as `serialize` (or Keras 3) writes it, a class (instantiated)
            or a callable (returned as is).
        custom_objects: Maps names to user classes (built with `from_config`) or functions.

    Returns:
        A `Metric` or a metric function.

    Raises:
        ValueError: If a name is unknown or `config` is malformed.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.deserialize(
        ...     {"class_name": "AUC", "config": {"curve": "PR", "num_thresholds": 50}}
        ... )
        >>> type(metric).__name__, metric.curve, metric.num_thresholds
        ('AUC', 'PR', 50)
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
        "deserialize expected a metric name, a config dict or a callable, received "
        f"{config!r} (type {type(config).__name__})."
    )


def _function_entry(module: str, name: str) -> dict[str, Any]:
    return {"module": module, "class_name": "function", "config": name, "registered_name": name}


def _from_dict(config: dict[str, Any], custom_objects: Mapping[str, Any] | None) -> Any:
    class_name = config.get("class_name")
    if not isinstance(class_name, str):
        raise ValueError(
            "deserialize expected a metric config dict with a string 'class_name' (as "
            f"serialize writes it), received {config!r}."
        )
    inner = config.get("config")
    if class_name == "function":
        if not isinstance(inner, str):
            raise ValueError(
                "deserialize expected the 'config' of a 'function' entry to be its name, "
                f"received {inner!r}."
            )
        return _resolve(inner, config, custom_objects, functions=True)
    found = _resolve(class_name, config, custom_objects)
    return _instantiate(found, inner or {}, custom_objects)


def _resolve(
    name: str,
    config: dict[str, Any] | None,
    custom_objects: Mapping[str, Any] | None,
    functions: bool = False,
) -> Any:
    registered = config.get("registered_name") if config else None
    for key in (registered, name):
        if custom_objects and isinstance(key, str) and key in custom_objects:
            return custom_objects[key]
    module = config.get("module") if config else None
    builtin_module = module is None or str(module).startswith(_BUILTIN_MODULE_PREFIXES)
    if builtin_module:
        table: Mapping[str, Any] = BUILTIN_FUNCTIONS if functions else BUILTIN_METRICS
        found = table.get(name)
        if found is None and not functions:
            found = BUILTIN_FUNCTIONS.get(name)
        if found is not None:
            return found
    shown = registered or name
    raise ValueError(
        f"Unknown metric {shown!r}"
        + (f" (module {module!r})" if module else "")
        + f". Valid names are {sorted(BUILTIN_METRICS)} and the functions "
        f"{sorted(BUILTIN_FUNCTIONS)}. For a custom metric, pass "
        f"custom_objects={{{shown!r}: YourMetric}} to deserialize, or pass the metric itself."
    )


def _instantiate(
    found: Any, inner: dict[str, Any], custom_objects: Mapping[str, Any] | None
) -> Any:
    if not inspect.isclass(found):
        return found
    fn = inner.get("fn")
    if fn is not None and not callable(fn):
        # A MeanMetricWrapper's function, resolved here so custom_objects apply to it.
        inner = {**inner, "fn": deserialize(fn, custom_objects)}
    if hasattr(found, "from_config"):
        return found.from_config(inner)
    return found(**inner)
