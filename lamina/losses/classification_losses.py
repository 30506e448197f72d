"""Loss classes for classifiers, around the functions of crossentropy.py and margin.py.

Each class takes `reduction`, `name` and `dtype` as `Loss` does (reduction
`"sum_over_batch_size"`, name: the function's name, dtype: `floatx()`).
"""

from __future__ import annotations

from typing import Any

from lamina.losses.crossentropy import (
    binary_crossentropy,
    binary_focal_crossentropy,
    categorical_crossentropy,
    categorical_focal_crossentropy,
    sparse_categorical_crossentropy,
    sparse_categorical_crossentropy_with_mask,
)
from lamina.losses.loss import BuiltinLoss
from lamina.losses.margin import categorical_hinge, hinge, squared_hinge
from lamina.typing import Tensor

_DEFAULT = "sum_over_batch_size"


class BinaryCrossentropy(BuiltinLoss):
    """Binary crossentropy for 0/1 targets (see `binary_crossentropy`).

    Args:
        from_logits: Whether `y_pred` holds logits (recommended: it is more stable).
        label_smoothing: In `[0, 1]`; targets become `y * (1 - s) + 0.5 * s`.
        axis: The axis averaged over.
        reduction: See `Loss`.
        name: The loss's name.
        dtype: See `Loss`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.BinaryCrossentropy(from_logits=True)
        >>> round(float(loss([[0.0, 1.0]], [[0.0, 0.0]])), 4)
        0.6931
    """

    def __init__(
        self,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction: str | None = _DEFAULT,
        name: str = "binary_crossentropy",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            binary_crossentropy,
            reduction,
            name,
            dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self._check_fraction("label_smoothing", label_smoothing)


class BinaryFocalCrossentropy(BuiltinLoss):
    """Binary focal crossentropy: crossentropy scaled down on confident correct predictions
    (see `binary_focal_crossentropy`).

    Args:
        apply_class_balancing: Whether to weight class 1 by `alpha` and class 0 by
            `1 - alpha`.
        alpha: The weight of class 1 when balancing, in `[0, 1]`.
        gamma: The focusing exponent; 0 gives binary crossentropy.
        from_logits: Whether `y_pred` holds logits.
        label_smoothing: In `[0, 1]`; targets become `y * (1 - s) + 0.5 * s`.
        axis: The axis averaged over.
        reduction: See `Loss`.
        name: The loss's name.
        dtype: See `Loss`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.BinaryFocalCrossentropy(gamma=1.0)
        >>> round(float(loss([[0.0, 1.0]], [[0.5, 0.5]])), 4)
        0.3466
    """

    def __init__(
        self,
        apply_class_balancing: bool = False,
        alpha: float = 0.25,
        gamma: float = 2.0,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction: str | None = _DEFAULT,
        name: str = "binary_focal_crossentropy",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            binary_focal_crossentropy,
            reduction,
            name,
            dtype,
            apply_class_balancing=apply_class_balancing,
            alpha=alpha,
            gamma=gamma,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self._check_fraction("label_smoothing", label_smoothing)


class CategoricalCrossentropy(BuiltinLoss):
    """Categorical crossentropy for one-hot targets (see `categorical_crossentropy`).

    Args:
        from_logits: Whether `y_pred` holds logits.
        label_smoothing: In `[0, 1]`; targets become `y * (1 - s) + s / classes`.
        axis: The class axis.
        reduction: See `Loss`.
        name: The loss's name.
        dtype: See `Loss`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.CategoricalCrossentropy()
        >>> round(float(loss([[0.0, 1.0], [1.0, 0.0]], [[0.5, 0.5], [0.5, 0.5]])), 4)
        0.6931
    """

    def __init__(
        self,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction: str | None = _DEFAULT,
        name: str = "categorical_crossentropy",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            categorical_crossentropy,
            reduction,
            name,
            dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self._check_fraction("label_smoothing", label_smoothing)


class CategoricalFocalCrossentropy(BuiltinLoss):
    """Categorical focal crossentropy (see `categorical_focal_crossentropy`).

    Args:
        alpha: A weight for all classes, or a list of one weight per class.
        gamma: The focusing exponent.
        from_logits: Whether `y_pred` holds logits.
        label_smoothing: In `[0, 1]`; targets become `y * (1 - s) + s / classes`.
        axis: The class axis.
        reduction: See `Loss`.
        name: The loss's name.
        dtype: See `Loss`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.CategoricalFocalCrossentropy(alpha=1.0, gamma=0.0)
        >>> round(float(loss([[0.0, 1.0]], [[0.5, 0.5]])), 4)
        0.6931
    """

    def __init__(
        self,
        alpha: float | list[float] = 0.25,
        gamma: float = 2.0,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction: str | None = _DEFAULT,
        name: str = "categorical_focal_crossentropy",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            categorical_focal_crossentropy,
            reduction,
            name,
            dtype,
            alpha=alpha,
            gamma=gamma,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self._check_fraction("label_smoothing", label_smoothing)


class SparseCategoricalCrossentropy(BuiltinLoss):
    """Categorical crossentropy with integer class labels (see
    `sparse_categorical_crossentropy`).

    With `ignore_class`, entries labelled with it get loss 0 and are left out of the
    reduction: "sum_over_batch_size" divides by the number of the other entries.

    Args:
        from_logits: Whether `y_pred` holds logits.
        ignore_class: An int label to ignore (e.g. -1 or 255 for padding), or None.
        reduction: See `Loss`.
        name: The loss's name.
        dtype: See `Loss`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.SparseCategoricalCrossentropy(ignore_class=-1)
        >>> round(float(loss([1, -1], [[0.5, 0.5], [0.9, 0.1]])), 4)
        0.6931
    """

    _float_targets = False

    def __init__(
        self,
        from_logits: bool = False,
        ignore_class: int | None = None,
        reduction: str | None = _DEFAULT,
        name: str = "sparse_categorical_crossentropy",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            sparse_categorical_crossentropy,
            reduction,
            name,
            dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
        )
        if ignore_class is not None and (
            isinstance(ignore_class, bool) or not isinstance(ignore_class, int)
        ):
            raise ValueError(
                f"SparseCategoricalCrossentropy '{self.name}': ignore_class must be an int or "
                f"None, received {ignore_class!r}."
            )

    def _values_and_mask(self, y_true: Tensor, y_pred: Tensor) -> tuple[Tensor, Tensor | None]:
        return sparse_categorical_crossentropy_with_mask(y_true, y_pred, **self._fn_kwargs)


class Hinge(BuiltinLoss):
    """Hinge loss `mean(maximum(1 - y_true * y_pred, 0))` for -1/1 (or 0/1) targets.

    Args:
        reduction: See `Loss`.
        name: The loss's name.
        dtype: See `Loss`.

    Example:
        >>> import lamina
        >>> float(lamina.losses.Hinge()([[1.0, 0.0]], [[0.5, -2.0]]))
        0.25
    """

    def __init__(
        self, reduction: str | None = _DEFAULT, name: str = "hinge", dtype: Any = None
    ) -> None:
        super().__init__(hinge, reduction, name, dtype)


class SquaredHinge(BuiltinLoss):
    """Squared hinge loss `mean(square(maximum(1 - y_true * y_pred, 0)))`.

    Args:
        reduction: See `Loss`.
        name: The loss's name.
        dtype: See `Loss`.

    Example:
        >>> import lamina
        >>> float(lamina.losses.SquaredHinge()([[1.0, -1.0]], [[0.5, 0.0]]))
        0.625
    """

    def __init__(
        self, reduction: str | None = _DEFAULT, name: str = "squared_hinge", dtype: Any = None
    ) -> None:
        super().__init__(squared_hinge, reduction, name, dtype)


class CategoricalHinge(BuiltinLoss):
    """Categorical hinge loss for one-hot targets (see `categorical_hinge`).

    Args:
        reduction: See `Loss`.
        name: The loss's name.
        dtype: See `Loss`.

    Example:
        >>> import lamina
        >>> float(lamina.losses.CategoricalHinge()([[0.0, 1.0, 0.0]], [[0.5, 0.75, 0.0]]))
        0.75
    """

    def __init__(
        self, reduction: str | None = _DEFAULT, name: str = "categorical_hinge", dtype: Any = None
    ) -> None:
        super().__init__(categorical_hinge, reduction, name, dtype)
