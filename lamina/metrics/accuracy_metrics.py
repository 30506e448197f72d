"""Accuracy metrics: the running (weighted) mean of the accuracy functions' per-sample values."""

from __future__ import annotations

from typing import Any

from lamina.metrics import accuracy_functions as _functions
from lamina.metrics.reduction_metrics import BuiltinMeanMetric


class Accuracy(BuiltinMeanMetric):
    """How often predictions equal labels exactly.

    Args:
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.Accuracy()
        >>> metric.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]])
        >>> float(metric.result())
        0.75
    """

    def __init__(self, name: str = "accuracy", dtype: Any = None) -> None:
        super().__init__(_functions.accuracy, name=name, dtype=dtype)
        self._direction = "up"


class BinaryAccuracy(BuiltinMeanMetric):
    """How often predictions, thresholded at `threshold`, match binary labels.

    Args:
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.
        threshold: Predictions above it count as 1, others as 0; in (0, 1).

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.BinaryAccuracy()
        >>> metric.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])
        >>> float(metric.result())
        0.75
    """

    def __init__(
        self, name: str = "binary_accuracy", dtype: Any = None, threshold: float = 0.5
    ) -> None:
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
            raise TypeError(
                f"BinaryAccuracy '{name}': threshold must be a number in (0, 1), received "
                f"{threshold!r} (type {type(threshold).__name__})."
            )
        if not 0 < threshold < 1:
            raise ValueError(
                f"BinaryAccuracy '{name}': threshold must be in the open interval (0, 1), "
                f"received {threshold!r}."
            )
        super().__init__(_functions.binary_accuracy, name=name, dtype=dtype, threshold=threshold)
        self._direction = "up"


class CategoricalAccuracy(BuiltinMeanMetric):
    """How often the arg-max of the predictions matches the one-hot labels' class.

    Args:
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.CategoricalAccuracy()
        >>> metric.update_state(
        ...     [[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0.0]],
        ...     sample_weight=[0.7, 0.3],
        ... )
        >>> round(float(metric.result()), 4)
        0.3
    """

    def __init__(self, name: str = "categorical_accuracy", dtype: Any = None) -> None:
        super().__init__(_functions.categorical_accuracy, name=name, dtype=dtype)
        self._direction = "up"


class SparseCategoricalAccuracy(BuiltinMeanMetric):
    """How often the arg-max of the predictions equals the integer labels.

    Args:
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.SparseCategoricalAccuracy()
        >>> metric.update_state([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0.0]])
        >>> float(metric.result())
        0.5
    """

    def __init__(self, name: str = "sparse_categorical_accuracy", dtype: Any = None) -> None:
        super().__init__(_functions.sparse_categorical_accuracy, name=name, dtype=dtype)
        self._direction = "up"


class TopKCategoricalAccuracy(BuiltinMeanMetric):
    """How often the one-hot labels' class is among the `k` highest predictions.

    Args:
        k: How many top predictions count.
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.TopKCategoricalAccuracy(k=1)
        >>> metric.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0.0]])
        >>> float(metric.result())
        0.5
    """

    def __init__(
        self, k: int = 5, name: str = "top_k_categorical_accuracy", dtype: Any = None
    ) -> None:
        _check_k(type(self).__name__, name, k)
        super().__init__(_functions.top_k_categorical_accuracy, name=name, dtype=dtype, k=k)
        self._direction = "up"


class SparseTopKCategoricalAccuracy(BuiltinMeanMetric):
    """How often the integer labels are among the `k` highest predictions.

    Args:
        k: How many top predictions count.
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.
        from_sorted_ids: Whether predictions are class ids sorted by decreasing score
            rather than scores.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.SparseTopKCategoricalAccuracy(k=1)
        >>> metric.update_state([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0.0]])
        >>> float(metric.result())
        0.5
    """

    def __init__(
        self,
        k: int = 5,
        name: str = "sparse_top_k_categorical_accuracy",
        dtype: Any = None,
        from_sorted_ids: bool = False,
    ) -> None:
        _check_k(type(self).__name__, name, k)
        super().__init__(
            _functions.sparse_top_k_categorical_accuracy,
            name=name,
            dtype=dtype,
            k=k,
            from_sorted_ids=from_sorted_ids,
        )
        self._direction = "up"


def _check_k(class_name: str, name: str, k: Any) -> None:
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"{class_name} '{name}': k must be a positive int, received {k!r}.")
