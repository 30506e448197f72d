"""Probabilistic metrics: running means of the crossentropies, KL divergence and Poisson loss."""

from __future__ import annotations

from typing import Any

from lamina.losses import crossentropy as _crossentropy
from lamina.losses import probabilistic as _probabilistic
from lamina.metrics.reduction_metrics import BuiltinMeanMetric


class KLDivergence(BuiltinMeanMetric):
    """The mean Kullback-Leibler divergence `sum(y_true * log(y_true / y_pred), axis=-1)`.

    Args:
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.KLDivergence()
        >>> metric.update_state([[0.5, 0.5]], [[0.25, 0.75]])
        >>> round(float(metric.result()), 4)
        0.1438
    """

    def __init__(self, name: str = "kl_divergence", dtype: Any = None) -> None:
        super().__init__(_probabilistic.kl_divergence, name=name, dtype=dtype)
        self._direction = "down"


class Poisson(BuiltinMeanMetric):
    """The mean Poisson loss `mean(y_pred - y_true * log(y_pred + epsilon), axis=-1)`.

    Args:
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.Poisson()
        >>> metric.update_state([[0.0, 1.0]], [[1.0, 1.0]])
        >>> round(float(metric.result()), 4)
        1.0
    """

    def __init__(self, name: str = "poisson", dtype: Any = None) -> None:
        super().__init__(_probabilistic.poisson, name=name, dtype=dtype)
        self._direction = "down"


class BinaryCrossentropy(BuiltinMeanMetric):
    """The mean binary crossentropy between labels and predicted probabilities (or logits).

    Args:
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.
        from_logits: Whether predictions are logits rather than probabilities.
        label_smoothing: In [0, 1]: labels move this far towards 0.5.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.BinaryCrossentropy()
        >>> metric.update_state([[0.0, 1.0]], [[0.5, 0.5]])
        >>> round(float(metric.result()), 4)
        0.6931
    """

    def __init__(
        self,
        name: str = "binary_crossentropy",
        dtype: Any = None,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
    ) -> None:
        super().__init__(
            _crossentropy.binary_crossentropy,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
        )
        self._direction = "down"


class CategoricalCrossentropy(BuiltinMeanMetric):
    """The mean crossentropy between one-hot labels and predicted distributions (or logits).

    Args:
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.
        from_logits: Whether predictions are logits rather than probabilities.
        label_smoothing: In [0, 1]: labels move this far towards uniform.
        axis: The class axis.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.CategoricalCrossentropy()
        >>> metric.update_state([[0.0, 1.0]], [[0.5, 0.5]])
        >>> round(float(metric.result()), 4)
        0.6931
    """

    def __init__(
        self,
        name: str = "categorical_crossentropy",
        dtype: Any = None,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
    ) -> None:
        super().__init__(
            _crossentropy.categorical_crossentropy,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self._direction = "down"


class SparseCategoricalCrossentropy(BuiltinMeanMetric):
    """The mean crossentropy between integer labels and predicted distributions (or logits).

    Args:
        name: The metric's name.
        dtype: The dtype of the state and result; `floatx()` when None.
        from_logits: Whether predictions are logits rather than probabilities.
        axis: The class axis.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.SparseCategoricalCrossentropy()
        >>> metric.update_state([1], [[0.5, 0.5]])
        >>> round(float(metric.result()), 4)
        0.6931
    """

    def __init__(
        self,
        name: str = "sparse_categorical_crossentropy",
        dtype: Any = None,
        from_logits: bool = False,
        axis: int = -1,
    ) -> None:
        super().__init__(
            _crossentropy.sparse_categorical_crossentropy,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            axis=axis,
        )
        self._direction = "down"
