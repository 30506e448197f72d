"""Sequence losses: connectionist temporal classification (CTC)."""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.backend import is_int_dtype
from lamina.losses.shape_checks import static_shape, to_float_tensor, to_tensor
from lamina.typing import Tensor


def ctc(y_true: Any, y_pred: Any) -> Tensor:
    """CTC loss: the negative log-likelihood of each label sequence over all alignments.

    Class 0 is the blank: it pads `y_true` (a sequence's length is its number of non-zero
    labels) and must not be used as a class.

    Args:
        y_true: Integer labels, shape `(batch, max_label_length)`, padded with 0.
        y_pred: Logits (not softmax outputs), shape `(batch, time, num_classes)`; every
            time step counts.

    Returns:
        The loss per sequence, shape `(batch,)`.

    Example:
        >>> import lamina
        >>> loss = lamina.losses.ctc([[1]], [[[0.0, 0.0]]])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(loss).tolist()]
        [0.6931]
    """
    y_pred = to_float_tensor(y_pred)
    y_true = to_tensor(y_true)
    true_shape, pred_shape = static_shape(y_true), static_shape(y_pred)
    if len(true_shape) != 2:
        raise ValueError(
            "ctc: y_true must hold integer labels of shape (batch, max_label_length), "
            f"received y_true.shape={true_shape}."
        )
    if len(pred_shape) != 3:
        raise ValueError(
            "ctc: y_pred must hold logits of shape (batch, time, num_classes), received "
            f"y_pred.shape={pred_shape}."
        )
    labels = y_true if is_int_dtype(ops.dtype(y_true)) else ops.cast(y_true, "int32")
    label_length = ops.sum(ops.cast(ops.not_equal(labels, 0), "int32"), axis=-1)
    steps = ops.full_like(y_pred[:, 0, 0], pred_shape[1] or 0, dtype="int32")
    return ops.ctc_loss(labels, y_pred, label_length, steps, mask_index=0)
