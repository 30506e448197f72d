"""Loss classes for structured outputs: segmentation masks (Dice, Tversky) and sequences (CTC).

Each class takes `reduction`, `name` and `dtype` as `Loss` does (reduction
`"sum_over_batch_size"`, name: the function's name, dtype: `floatx()`).
"""

from __future__ import annotations

from typing import Any

from lamina.losses.loss import BuiltinLoss
from lamina.losses.segmentation import Axis, dice, tversky
from lamina.losses.sequence import ctc

_DEFAULT = "sum_over_batch_size"


class Dice(BuiltinLoss):
    """Dice loss `1 - 2 * |y_true * y_pred| / (|y_true| + |y_pred|)` (see `dice`).

    Args:
        reduction: See `Loss`.
        name: The loss's name.
        axis: The axes summed over; None: everything, one loss for the batch.
        dtype: See `Loss`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.Dice(axis=(1, 2))
        >>> y_true = [[[1.0], [1.0]], [[1.0], [0.0]]]
        >>> round(float(loss(y_true, [[[1.0], [0.0]], [[1.0], [0.0]]])), 4)
        0.1667
    """

    def __init__(
        self,
        reduction: str | None = _DEFAULT,
        name: str = "dice",
        axis: Axis = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(dice, reduction, name, dtype, axis=axis)


class Tversky(BuiltinLoss):
    """Tversky loss `1 - TP / (TP + alpha * FP + beta * FN)` (see `tversky`).

    Args:
        alpha: The weight of false positives.
        beta: The weight of false negatives.
        reduction: See `Loss`.
        name: The loss's name.
        axis: The axes summed over; None: everything, one loss for the batch.
        dtype: See `Loss`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.Tversky(alpha=0.0, beta=1.0)
        >>> round(float(loss([[1.0, 1.0, 0.0]], [[1.0, 0.0, 1.0]])), 4)
        0.5
    """

    def __init__(
        self,
        alpha: float = 0.5,
        beta: float = 0.5,
        reduction: str | None = _DEFAULT,
        name: str = "tversky",
        axis: Axis = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(tversky, reduction, name, dtype, alpha=alpha, beta=beta, axis=axis)


class CTC(BuiltinLoss):
    """Connectionist temporal classification loss over logits (see `ctc`).

    Args:
        reduction: See `Loss`.
        name: The loss's name.
        dtype: See `Loss`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.CTC()
        >>> round(float(loss([[1]], [[[0.0, 0.0]]])), 4)
        0.6931
    """

    _float_targets = False

    def __init__(
        self, reduction: str | None = _DEFAULT, name: str = "ctc", dtype: Any = None
    ) -> None:
        super().__init__(ctc, reduction, name, dtype)
