"""Turning `compile(metrics=...)` entries into metrics, as Keras 3 does.

`"accuracy"` / `"acc"` become binary, sparse categorical or categorical accuracy: from the
shapes of targets and predictions when they are known (Keras 3's rule: predictions with a
last axis of 1 are binary; targets of lower rank, or with a last axis of 1 against wider
predictions, are sparse; otherwise categorical), else from the loss. Functions are wrapped
in `MeanMetricWrapper`; names given as strings become the metrics' names.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina.metrics.accuracy_metrics import (
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
)
from lamina.metrics.metric import Metric, _snake_case
from lamina.metrics.reduction_metrics import MeanMetricWrapper
from lamina.metrics.registry import get

Shape = Sequence[int | None]

_ACCURACY_NAMES = ("accuracy", "acc")
_LOSS_KINDS = {
    "binary_crossentropy": "binary",
    "bce": "binary",
    "binary_focal_crossentropy": "binary",
    "hinge": "binary",
    "squared_hinge": "binary",
    "sparse_categorical_crossentropy": "sparse",
    "categorical_crossentropy": "categorical",
    "categorical_focal_crossentropy": "categorical",
    "categorical_hinge": "categorical",
    "kl_divergence": "categorical",
    "kld": "categorical",
}
_ACCURACY_CLASSES: dict[str, type[Metric]] = {
    "binary": BinaryAccuracy,
    "sparse": SparseCategoricalAccuracy,
    "categorical": CategoricalAccuracy,
}


def get_accuracy_for(
    loss: Any,
    y_true_shape: Shape | None,
    y_pred_shape: Shape | None,
    name: str = "accuracy",
) -> Metric:
    """Returns the accuracy metric `"accuracy"` stands for with these targets and predictions.

    Args:
        loss: The compiled loss (a name, function or `Loss`), used only when the shapes do
            not decide: None is fine.
        y_true_shape: The targets' shape (None if unknown).
        y_pred_shape: The predictions' shape (None if unknown).
        name: The metric's name (the string the user wrote, e.g. `"acc"`).

    Returns:
        A new `BinaryAccuracy`, `SparseCategoricalAccuracy` or `CategoricalAccuracy`.

    Example:
        >>> from lamina.metrics import get_accuracy_for
        >>> type(get_accuracy_for("mse", (32, 1), (32, 1))).__name__
        'BinaryAccuracy'
        >>> type(get_accuracy_for(None, (32,), (32, 10))).__name__
        'SparseCategoricalAccuracy'
        >>> type(get_accuracy_for("sparse_categorical_crossentropy", None, None)).__name__
        'SparseCategoricalAccuracy'
    """
    kind = _kind_from_shapes(y_true_shape, y_pred_shape) or _kind_from_loss(loss)
    return _ACCURACY_CLASSES[kind or "categorical"](name=name)


def get_metric_for(
    identifier: Any,
    y_true_shape: Shape | None = None,
    y_pred_shape: Shape | None = None,
    loss: Any = None,
) -> Metric | None:
    """Returns the `Metric` a `compile(metrics=[...])` entry stands for (None for None).

    Args:
        identifier: A name (`"accuracy"`, `"mae"`, `"AUC"`, ...), a config dict, a `Metric`
            (returned as is) or a function `fn(y_true, y_pred)` (wrapped in
            `MeanMetricWrapper`).
        y_true_shape: The targets' shape, for `"accuracy"`.
        y_pred_shape: The predictions' shape, for `"accuracy"`.
        loss: The compiled loss, for `"accuracy"` when the shapes are unknown.

    Returns:
        A `Metric` named after a string identifier, or None.

    Example:
        >>> from lamina.metrics import get_metric_for
        >>> metric = get_metric_for("acc", (8, 1), (8, 1))
        >>> type(metric).__name__, metric.name
        ('BinaryAccuracy', 'acc')
        >>> get_metric_for("mae").name
        'mae'
    """
    if identifier is None:
        return None
    if isinstance(identifier, str) and identifier.lower() in _ACCURACY_NAMES:
        return get_accuracy_for(loss, y_true_shape, y_pred_shape, name=identifier)
    metric = get(identifier)
    if not isinstance(metric, Metric):
        name = identifier if isinstance(identifier, str) else getattr(metric, "__name__", None)
        return MeanMetricWrapper(metric, name=name)
    if isinstance(identifier, str):
        metric.name = identifier
    return metric


def _kind_from_shapes(true_shape: Shape | None, pred_shape: Shape | None) -> str | None:
    if true_shape is None or pred_shape is None or len(pred_shape) == 0:
        return None
    pred_last = pred_shape[-1]
    if pred_last is None:
        return None
    if pred_last == 1:
        return "binary"
    true_last = true_shape[-1] if len(true_shape) else None
    if len(true_shape) < len(pred_shape) or true_last == 1:
        return "sparse"
    return "categorical"


def _kind_from_loss(loss: Any) -> str | None:
    if loss is None:
        return None
    if isinstance(loss, str):
        name = loss if loss in _LOSS_KINDS else _snake_case(loss)
    else:
        function = getattr(loss, "fn", loss)
        # Loss classes wrapping a function name it `fn`; others go by their class name.
        name = getattr(function, "__name__", None) or _snake_case(type(loss).__name__)
    return _LOSS_KINDS.get(name)
