"""Looking metrics up by name: `get`, `serialize` and `deserialize` in the Keras 3 form.

Metric classes serialize to `{"module": "keras.metrics", "class_name", "config",
"registered_name": None}`; metric and loss functions to `class_name` `"function"` with their
name as `config`. The work is done by the shared
`lamina.object_registry.object_family.ObjectFamily`: names resolve only to user objects
(custom-object scopes, registered objects, `custom_objects`) and lamina's own metrics and
functions; nothing is imported from a path found in a config.
"""

from __future__ import annotations

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
from lamina.object_registry.object_family import ObjectFamily

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


class _MetricFamily(ObjectFamily):
    """Metrics: a `MeanMetricWrapper`'s `fn` entry is resolved (with `custom_objects`)."""

    nested_function_keys = ("fn",)


_FAMILY = _MetricFamily(
    "metric",
    "keras.metrics",
    BUILTIN_METRICS,
    functions=BUILTIN_FUNCTIONS,
    # Loss functions used as metrics keep the module Keras writes for them.
    function_modules={id(fn): "keras.losses" for fn in _LOSS_FUNCTIONS},
    expected="a Metric or a named metric function",
    placeholder="YourMetric",
)


def get(identifier: Any) -> Any:
    """Returns the metric an identifier stands for.

    Args:
        identifier: None (gives None); a name: a class name, its snake case or an alias
            (`"AUC"`, `"auc"`, `"mse"`: a new instance with default arguments; function
            names such as `"huber"` give the function), or a registered or scoped user name
            such as `"MyPackage>MyMetric"`; a config dict as `serialize` writes it; a metric
            class (instantiated); or a callable, returned as is.

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
    return _FAMILY.get(identifier)


def serialize(metric: Any) -> dict[str, Any] | None:
    """Returns `{"module", "class_name", "config", "registered_name"}` for a metric.

    Custom classes get their own module and their registered name (else their class name)
    as `registered_name`; named functions get `class_name` `"function"` and their name as
    `config`.

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
    return _FAMILY.serialize(metric)


def deserialize(config: Any, custom_objects: Mapping[str, Any] | None = None) -> Any:
    """Returns the metric a name or config dict stands for.

    Names resolve to objects in an active `lamina.saving.custom_object_scope`, objects
    registered with `lamina.saving.register_keras_serializable`, entries of
    `custom_objects`, and lamina's own metrics and metric/loss functions, in that order.

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
    return _FAMILY.deserialize(config, custom_objects)
