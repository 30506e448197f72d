"""Conversion and shape matching of `y_true` / `y_pred` for the loss functions.

Shapes are read statically (Python ints, None for unknown symbolic dims): nothing here
reads a tensor's values, so nothing waits for the device.
"""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.backend import SymbolicTensor, floatx, is_float_dtype
from lamina.typing import Shape, Tensor


def to_tensor(x: Any, dtype: Any = None) -> Tensor:
    """Returns `x` as a tensor (SymbolicTensors stay symbolic), cast to `dtype` if given."""
    if isinstance(x, SymbolicTensor):
        return x if dtype is None or x.dtype == dtype else ops.cast(x, dtype)
    return ops.convert_to_tensor(x, dtype=dtype)


def to_float_tensor(x: Any) -> Tensor:
    """Returns `x` as a float tensor: float tensors keep their dtype, others get `floatx()`."""
    x = to_tensor(x)
    if not is_float_dtype(ops.dtype(x)):
        x = ops.cast(x, floatx())
    return x


def static_shape(x: Any) -> Shape:
    """Returns the shape of a tensor as a tuple of ints (None for unknown symbolic dims)."""
    return tuple(x.shape)


def squeeze_or_expand_to_same_rank(
    x1: Tensor, x2: Tensor, expand_rank_1: bool = True
) -> tuple[Tensor, Tensor]:
    """Matches ranks that differ by one through a trailing size-1 axis, as Keras does.

    The tensor with the extra trailing 1 is squeezed, except that a rank-1 partner is expanded
    instead (when `expand_rank_1`), so `(batch,)` against `(batch, 1)` gives `(batch, 1)` twice.
    Other rank differences are left alone.

    Example:
        >>> import lamina
        >>> from lamina.losses.shape_checks import squeeze_or_expand_to_same_rank
        >>> x1, x2 = lamina.ops.ones((2, 3, 1)), lamina.ops.ones((2, 3))
        >>> a, b = squeeze_or_expand_to_same_rank(x1, x2)
        >>> lamina.ops.shape(a), lamina.ops.shape(b)
        ((2, 3), (2, 3))
    """
    rank1, rank2 = len(x1.shape), len(x2.shape)
    if rank1 == rank2 + 1 and x1.shape[-1] == 1:
        if rank2 == 1 and expand_rank_1:
            return x1, ops.expand_dims(x2, axis=-1)
        return ops.squeeze(x1, axis=-1), x2
    if rank2 == rank1 + 1 and x2.shape[-1] == 1:
        if rank1 == 1 and expand_rank_1:
            return ops.expand_dims(x1, axis=-1), x2
        return x1, ops.squeeze(x2, axis=-1)
    return x1, x2


def broadcastable(shape1: Shape, shape2: Shape) -> bool:
    """Whether two static shapes broadcast together (None matches any dim)."""
    for a, b in zip(reversed(shape1), reversed(shape2)):
        if a is not None and b is not None and a != b and a != 1 and b != 1:
            return False
    return True


def prepare(name: str, y_true: Any, y_pred: Any, exact: bool = False) -> tuple[Tensor, Tensor]:
    """Returns `(y_true, y_pred)` as float tensors of `y_pred`'s dtype with matched ranks.

    Raises a ValueError naming the loss `name` when the shapes do not broadcast together
    (`exact`: when they differ at all, for losses whose ops need equal shapes).
    """
    y_pred = to_float_tensor(y_pred)
    y_true = to_tensor(y_true, dtype=ops.dtype(y_pred))
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    check_shapes(name, y_true, y_pred, exact=exact)
    return y_true, y_pred


def check_shapes(name: str, y_true: Tensor, y_pred: Tensor, exact: bool = False) -> None:
    """Raises a ValueError naming the loss when `y_true` and `y_pred` cannot be compared."""
    true_shape, pred_shape = static_shape(y_true), static_shape(y_pred)
    if exact:
        matches = len(true_shape) == len(pred_shape) and all(
            a is None or b is None or a == b for a, b in zip(true_shape, pred_shape)
        )
        expected = "the same shape"
    else:
        matches = broadcastable(true_shape, pred_shape)
        expected = "shapes that broadcast together"
    if not matches:
        raise ValueError(
            f"{name}: y_true and y_pred must have {expected}, received "
            f"y_true.shape={true_shape} and y_pred.shape={pred_shape}."
        )
