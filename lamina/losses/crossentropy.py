"""Crossentropy loss functions, built on the numerically stable `lamina.ops` crossentropies.

Without logits, probabilities are clipped to `[epsilon(), 1 - epsilon()]`; with logits, the
log-probabilities come from stable forms (softplus, log_softmax), never from `log(sigmoid)`.
"""

from __future__ import annotations

import warnings
from typing import Any

from lamina import ops
from lamina.backend import epsilon, is_int_dtype
from lamina.losses.shape_checks import prepare, static_shape, to_float_tensor, to_tensor
from lamina.typing import Tensor


def binary_crossentropy(
    y_true: Any,
    y_pred: Any,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Tensor:
    """Binary crossentropy, averaged over `axis`.

    Args:
        y_true: Targets in `[0, 1]`, shape `(batch, ..., d)`.
        y_pred: Probabilities, or logits when `from_logits`; the same shape.
        from_logits: Whether `y_pred` holds logits.
        label_smoothing: In `[0, 1]`; targets become `y * (1 - s) + 0.5 * s`.
        axis: The axis averaged over.

    Returns:
        The loss per sample, the shape without `axis`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.binary_crossentropy([[0.0, 1.0]], [[0.5, 0.5]])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(loss).tolist()]
        [0.6931]
    """
    y_true, y_pred = prepare("binary_crossentropy", y_true, y_pred, exact=True)
    y_true = _smooth_binary(y_true, label_smoothing)
    values = ops.binary_crossentropy(y_true, y_pred, from_logits=from_logits)
    return ops.mean(values, axis=axis)


def binary_focal_crossentropy(
    y_true: Any,
    y_pred: Any,
    apply_class_balancing: bool = False,
    alpha: float = 0.25,
    gamma: float = 2.0,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Tensor:
    """Binary focal crossentropy (Lin et al., 2018), averaged over `axis`.

    Each element's crossentropy is scaled by `(1 - p_t) ** gamma`, where `p_t` is the
    probability given to the target class, so confident correct predictions count less.
    With `apply_class_balancing`, it is also scaled by `alpha` for targets 1 and `1 - alpha`
    for targets 0.

    Args:
        y_true: Targets in `[0, 1]`, shape `(batch, ..., d)`.
        y_pred: Probabilities, or logits when `from_logits`; the same shape.
        apply_class_balancing: Whether to weight the classes by `alpha`.
        alpha: The weight of class 1 when balancing.
        gamma: The focusing exponent; 0 gives binary crossentropy.
        from_logits: Whether `y_pred` holds logits.
        label_smoothing: In `[0, 1]`; targets become `y * (1 - s) + 0.5 * s`.
        axis: The axis averaged over.

    Returns:
        The loss per sample, the shape without `axis`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.binary_focal_crossentropy([[0.0, 1.0]], [[0.5, 0.5]], gamma=1.0)
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(loss).tolist()]
        [0.3466]
    """
    y_true, y_pred = prepare("binary_focal_crossentropy", y_true, y_pred, exact=True)
    y_true = _smooth_binary(y_true, label_smoothing)
    crossentropy = ops.binary_crossentropy(y_true, y_pred, from_logits=from_logits)
    probabilities = ops.sigmoid(y_pred) if from_logits else y_pred
    # 1 - p_t (p_t: the probability of the target class), as a sum of non-negative terms.
    miss = y_true * (1.0 - probabilities) + probabilities * (1.0 - y_true)
    values = miss**gamma * crossentropy
    if apply_class_balancing:
        values = values * (y_true * (2.0 * alpha - 1.0) + (1.0 - alpha))
    return ops.mean(values, axis=axis)


def categorical_crossentropy(
    y_true: Any,
    y_pred: Any,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Tensor:
    """Categorical crossentropy `-sum(y_true * log(p), axis)` with one-hot (or soft) targets.

    Without logits, `y_pred` is rescaled to sum to 1 over `axis` first.

    Args:
        y_true: Target distributions, e.g. one-hot, shape `(batch, ..., classes)`.
        y_pred: Probabilities, or logits when `from_logits`; the same shape.
        from_logits: Whether `y_pred` holds logits.
        label_smoothing: In `[0, 1]`; targets become `y * (1 - s) + s / classes`.
        axis: The class axis.

    Returns:
        The loss per sample, the shape without `axis`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.categorical_crossentropy([[0.0, 1.0, 0.0]], [[0.25, 0.5, 0.25]])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(loss).tolist()]
        [0.6931]
    """
    y_true, y_pred = _categorical_inputs("categorical_crossentropy", y_true, y_pred, axis)
    y_true = _smooth_categorical(y_true, label_smoothing, axis)
    return ops.categorical_crossentropy(y_true, y_pred, from_logits=from_logits, axis=axis)


def categorical_focal_crossentropy(
    y_true: Any,
    y_pred: Any,
    alpha: float | list[float] = 0.25,
    gamma: float = 2.0,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Tensor:
    """Categorical focal crossentropy: `-sum(alpha * (1 - p) ** gamma * y_true * log(p), axis)`.

    Args:
        y_true: Target distributions, e.g. one-hot, shape `(batch, ..., classes)`.
        y_pred: Probabilities (rescaled to sum to 1), or logits when `from_logits`.
        alpha: A weight for all classes, or a list with one weight per class.
        gamma: The focusing exponent; 0 gives `alpha` times categorical crossentropy.
        from_logits: Whether `y_pred` holds logits.
        label_smoothing: In `[0, 1]`; targets become `y * (1 - s) + s / classes`.
        axis: The class axis.

    Returns:
        The loss per sample, the shape without `axis`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.categorical_focal_crossentropy([[0.0, 1.0]], [[0.5, 0.5]])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(loss).tolist()]
        [0.0433]
    """
    name = "categorical_focal_crossentropy"
    y_true, y_pred = _categorical_inputs(name, y_true, y_pred, axis)
    y_true = _smooth_categorical(y_true, label_smoothing, axis)
    if from_logits:
        log_probabilities = ops.log_softmax(y_pred, axis=axis)
        probabilities = ops.exp(log_probabilities)
    else:
        probabilities = y_pred / ops.sum(y_pred, axis=axis, keepdims=True)
        probabilities = ops.clip(probabilities, epsilon(), 1.0 - epsilon())
        log_probabilities = ops.log(probabilities)
    if isinstance(alpha, (list, tuple)):
        alpha = to_tensor(alpha, ops.dtype(y_pred))
    weights = (1.0 - probabilities) ** gamma * alpha
    return -ops.sum(weights * y_true * log_probabilities, axis=axis)


def sparse_categorical_crossentropy(
    y_true: Any,
    y_pred: Any,
    from_logits: bool = False,
    ignore_class: int | None = None,
    axis: int = -1,
) -> Tensor:
    """Categorical crossentropy with integer class labels: `-log(p[y_true])`.

    Args:
        y_true: Class indices: `y_pred`'s shape without `axis` (a trailing size-1 axis is also
            accepted). Integer or float.
        y_pred: Probabilities, or logits when `from_logits`.
        from_logits: Whether `y_pred` holds logits.
        ignore_class: A label (e.g. -1 or 255 for padding) whose entries get loss 0 and no
            gradient. The `SparseCategoricalCrossentropy` class also leaves them out of the
            average.
        axis: The class axis of `y_pred`.

    Returns:
        The loss per sample, the shape of `y_pred` without `axis`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.sparse_categorical_crossentropy([1, -1], [[0.5, 0.5], [0.9, 0.1]],
        ...                                                      ignore_class=-1)
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(loss).tolist()]
        [0.6931, 0.0]
    """
    return sparse_categorical_crossentropy_with_mask(
        y_true, y_pred, from_logits=from_logits, ignore_class=ignore_class, axis=axis
    )[0]


def sparse_categorical_crossentropy_with_mask(
    y_true: Any,
    y_pred: Any,
    from_logits: bool = False,
    ignore_class: int | None = None,
    axis: int = -1,
) -> tuple[Tensor, Tensor | None]:
    """Returns `(loss, valid)`: the sparse categorical crossentropy and, with
    `ignore_class`, the boolean mask of the entries that count (else None)."""
    name = "sparse_categorical_crossentropy"
    y_pred = to_float_tensor(y_pred)
    y_true = to_tensor(y_true)
    pred_shape = static_shape(y_pred)
    if not pred_shape:
        raise ValueError(f"{name}: y_pred must have a class axis, received a scalar.")
    if len(y_true.shape) == len(pred_shape) and y_true.shape[-1] == 1:
        y_true = ops.squeeze(y_true, axis=-1)
    class_axis = axis % len(pred_shape)
    expected = pred_shape[:class_axis] + pred_shape[class_axis + 1 :]
    true_shape = static_shape(y_true)
    if len(true_shape) != len(expected) or any(
        a is not None and b is not None and a != b for a, b in zip(true_shape, expected)
    ):
        raise ValueError(
            f"{name}: y_true must hold one class index per prediction, shape {expected} "
            f"(y_pred's shape without axis {axis}), received y_true.shape={true_shape} and "
            f"y_pred.shape={pred_shape}."
        )
    valid = None
    if ignore_class is not None:
        valid = ops.not_equal(y_true, ignore_class)
        y_true = ops.where(valid, y_true, ops.zeros_like(y_true))
    if not is_int_dtype(ops.dtype(y_true)):
        y_true = ops.cast(y_true, "int32")
    values = ops.sparse_categorical_crossentropy(y_true, y_pred, from_logits=from_logits, axis=axis)
    if valid is not None:
        values = ops.where(valid, values, ops.zeros_like(values))
    return values, valid


def _smooth_binary(y_true: Tensor, label_smoothing: float) -> Tensor:
    if not label_smoothing:
        return y_true
    return y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing


def _smooth_categorical(y_true: Tensor, label_smoothing: float, axis: int) -> Tensor:
    if not label_smoothing:
        return y_true
    num_classes = y_true.shape[axis]
    if num_classes is None:  # Symbolic with an unknown class count: only the spec matters.
        return y_true
    return y_true * (1.0 - label_smoothing) + label_smoothing / num_classes


def _categorical_inputs(name: str, y_true: Any, y_pred: Any, axis: int) -> tuple[Tensor, Tensor]:
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise ValueError(f"{name}: axis must be an int, received {axis!r}.")
    y_true, y_pred = prepare(name, y_true, y_pred, exact=True)
    if not y_pred.shape:
        raise ValueError(f"{name}: y_pred must have a class axis, received a scalar.")
    if y_pred.shape[axis] == 1:
        warnings.warn(
            f"{name}: y_pred has a class axis of size 1 (shape {static_shape(y_pred)}), so the "
            "loss is always 0. Use binary_crossentropy for two classes with one output.",
            SyntaxWarning,
            stacklevel=3,
        )
    return y_true, y_pred
