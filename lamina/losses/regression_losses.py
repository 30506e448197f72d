"""Loss classes for regression and distributions, around the functions of regression.py and
probabilistic.py.

Each class takes `reduction`, `name` and `dtype` as `Loss` does (reduction
`"sum_over_batch_size"`, name: the function's name, dtype: `floatx()`).
"""

from __future__ import annotations

from typing import Any

from lamina.losses.loss import BuiltinLoss
from lamina.losses.probabilistic import kl_divergence, poisson
from lamina.losses.regression import (
    cosine_similarity,
    huber,
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
)

_DEFAULT = "sum_over_batch_size"


class MeanSquaredError(BuiltinLoss):
    """Mean of squared errors, `mean(square(y_true - y_pred))` (see `mean_squared_error`).

    Args:
        reduction: See `Loss`.
        name: The loss's name.
        dtype: See `Loss`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.MeanSquaredError()
        >>> float(loss([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [1.0, 1.0]]))
        0.75
    """

    def __init__(
        self, reduction: str | None = _DEFAULT, name: str = "mean_squared_error", dtype: Any = None
    ) -> None:
        super().__init__(mean_squared_error, reduction, name, dtype)


class MeanAbsoluteError(BuiltinLoss):
    """Mean of absolute errors, `mean(abs(y_true - y_pred))` (see `mean_absolute_error`).

    Args:
        reduction: See `Loss`.
        name: The loss's name.
        dtype: See `Loss`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.MeanAbsoluteError(reduction="sum")
        >>> float(loss([[0.0, 1.0], [0.0, 0.0]], [[2.0, 1.0], [1.0, 1.0]]))
        2.0
    """

    def __init__(
        self, reduction: str | None = _DEFAULT, name: str = "mean_absolute_error", dtype: Any = None
    ) -> None:
        super().__init__(mean_absolute_error, reduction, name, dtype)


class MeanAbsolutePercentageError(BuiltinLoss):
    """Mean absolute percentage error, `100 * mean(abs((y_true - y_pred) / y_true))`.

    Args:
        reduction: See `Loss`.
        name: The loss's name.
        dtype: See `Loss`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.MeanAbsolutePercentageError()
        >>> float(loss([[2.0, 4.0]], [[1.0, 5.0]]))
        37.5
    """

    def __init__(
        self,
        reduction: str | None = _DEFAULT,
        name: str = "mean_absolute_percentage_error",
        dtype: Any = None,
    ) -> None:
        super().__init__(mean_absolute_percentage_error, reduction, name, dtype)


class MeanSquaredLogarithmicError(BuiltinLoss):
    """Mean squared logarithmic error, `mean(square(log(y_true + 1) - log(y_pred + 1)))`.

    Args:
        reduction: See `Loss`.
        name: The loss's name.
        dtype: See `Loss`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.MeanSquaredLogarithmicError()
        >>> round(float(loss([[0.0, 3.0]], [[0.0, 3.0]])), 6)
        0.0
    """

    def __init__(
        self,
        reduction: str | None = _DEFAULT,
        name: str = "mean_squared_logarithmic_error",
        dtype: Any = None,
    ) -> None:
        super().__init__(mean_squared_logarithmic_error, reduction, name, dtype)


class CosineSimilarity(BuiltinLoss):
    """Negative cosine similarity along `axis`, in `[-1, 1]` (see `cosine_similarity`).

    Args:
        axis: The axis of the vectors.
        reduction: See `Loss`.
        name: The loss's name.
        dtype: See `Loss`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.CosineSimilarity()
        >>> round(float(loss([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [2.0, 2.0]])), 4)
        -0.5
    """

    def __init__(
        self,
        axis: int = -1,
        reduction: str | None = _DEFAULT,
        name: str = "cosine_similarity",
        dtype: Any = None,
    ) -> None:
        super().__init__(cosine_similarity, reduction, name, dtype, axis=axis)


class Huber(BuiltinLoss):
    """Huber loss: quadratic for errors up to `delta`, linear beyond (see `huber`).

    Args:
        delta: Where the loss turns from quadratic to linear; a non-negative number.
        reduction: See `Loss`.
        name: The loss's name.
        dtype: See `Loss`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.Huber(delta=2.0)
        >>> float(loss([[0.0, 0.0]], [[1.0, 3.0]]))
        2.25
    """

    def __init__(
        self,
        delta: float = 1.0,
        reduction: str | None = _DEFAULT,
        name: str = "huber_loss",
        dtype: Any = None,
    ) -> None:
        super().__init__(huber, reduction, name, dtype, delta=delta)
        if isinstance(delta, bool) or not isinstance(delta, (int, float)) or delta < 0:
            raise ValueError(
                f"Huber '{self.name}': delta must be a non-negative number, received {delta!r}."
            )


class LogCosh(BuiltinLoss):
    """Mean of `log(cosh(y_pred - y_true))`: like MSE for small errors, MAE for large ones.

    Args:
        reduction: See `Loss`.
        name: The loss's name.
        dtype: See `Loss`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.LogCosh()
        >>> round(float(loss([[0.0, 0.0]], [[1.0, 0.0]])), 4)
        0.2169
    """

    def __init__(
        self, reduction: str | None = _DEFAULT, name: str = "log_cosh", dtype: Any = None
    ) -> None:
        super().__init__(log_cosh, reduction, name, dtype)


class KLDivergence(BuiltinLoss):
    """Kullback-Leibler divergence `sum(y_true * log(y_true / y_pred))` (see `kl_divergence`).

    Args:
        reduction: See `Loss`.
        name: The loss's name.
        dtype: See `Loss`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.KLDivergence()
        >>> round(float(loss([[0.5, 0.5]], [[0.25, 0.75]])), 4)
        0.1438
    """

    def __init__(
        self, reduction: str | None = _DEFAULT, name: str = "kl_divergence", dtype: Any = None
    ) -> None:
        super().__init__(kl_divergence, reduction, name, dtype)


class Poisson(BuiltinLoss):
    """Poisson loss `mean(y_pred - y_true * log(y_pred))` for count targets (see `poisson`).

    Args:
        reduction: See `Loss`.
        name: The loss's name.
        dtype: See `Loss`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.Poisson()
        >>> round(float(loss([[1.0, 0.0]], [[1.0, 2.0]])), 4)
        1.5
    """

    def __init__(
        self, reduction: str | None = _DEFAULT, name: str = "poisson", dtype: Any = None
    ) -> None:
        super().__init__(poisson, reduction, name, dtype)
