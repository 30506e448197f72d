"""The piecewise and sparse activations of `lamina.activations`: shrinks, thresholds, the
sparse sigmoid family and sparsemax, composed from `lamina.ops`."""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.typing import Tensor


def hard_tanh(x: Any) -> Tensor:
    """Hard tanh: `x` clipped to `[-1, 1]`.

    Args:
        x: A tensor.

    Returns:
        A tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.activations.hard_tanh([-2.0, 0.5, 3.0])
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [-1.0, 0.5, 1.0]
    """
    return ops.clip(x, -1, 1)


def hard_shrink(x: Any, threshold: float = 0.5) -> Tensor:
    """Hard shrink: `x` where `|x| > threshold`, else 0.

    Args:
        x: A tensor.
        threshold: Inputs with magnitude at or below it give 0.

    Returns:
        A tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.activations.hard_shrink([-1.0, 0.25, 0.5, 2.0])
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [-1.0, 0.0, 0.0, 2.0]
    """
    return ops.where(ops.greater(ops.abs(x), threshold), x, 0)


def soft_shrink(x: Any, threshold: float = 0.5) -> Tensor:
    """Soft shrink: moves `x` towards 0 by `threshold`, giving 0 where `|x| <= threshold`.

    Args:
        x: A tensor.
        threshold: The amount to shrink by.

    Returns:
        A tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.activations.soft_shrink([-1.0, 0.25, 2.0])
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [-0.5, 0.0, 1.5]
    """
    above = ops.where(ops.greater(x, threshold), ops.subtract(x, threshold), 0)
    below = ops.where(ops.less(x, -threshold), ops.add(x, threshold), 0)
    return ops.add(above, below)


def threshold(x: Any, threshold: float, default_value: float) -> Tensor:
    """Threshold: `x` where `x > threshold`, else `default_value`.

    Args:
        x: A tensor.
        threshold: Inputs at or below it are replaced.
        default_value: The value they are replaced with.

    Returns:
        A tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.activations.threshold([-1.0, 0.0, 2.0], threshold=0.0, default_value=-5.0)
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [-5.0, -5.0, 2.0]
    """
    return ops.where(ops.greater(x, threshold), x, default_value)


def sparse_plus(x: Any) -> Tensor:
    """SparsePlus: 0 for `x <= -1`, `(x + 1)**2 / 4` for `-1 < x < 1`, `x` for `x >= 1`.

    Args:
        x: A tensor.

    Returns:
        A tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.activations.sparse_plus([-2.0, 0.0, 0.5, 3.0])
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [0.0, 0.25, 0.5625, 3.0]
    """
    middle = ops.multiply(0.25, ops.square(ops.add(x, 1)))
    upper = ops.where(ops.greater_equal(x, 1), x, middle)
    return ops.where(ops.less_equal(x, -1), 0, upper)


def sparse_sigmoid(x: Any) -> Tensor:
    """Sparse sigmoid: 0 for `x <= -1`, `(x + 1) / 2` for `-1 < x < 1`, 1 for `x >= 1`.

    Args:
        x: A tensor.

    Returns:
        A tensor with the shape of `x`, in `[0, 1]`.

    Example:
        >>> import lamina
        >>> y = lamina.activations.sparse_sigmoid([-2.0, 0.0, 0.5, 3.0])
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [0.0, 0.5, 0.75, 1.0]
    """
    return ops.clip(ops.multiply(0.5, ops.add(x, 1)), 0, 1)


def squareplus(x: Any, b: float = 4) -> Tensor:
    """Squareplus `(x + sqrt(x**2 + b)) / 2`, a smooth ReLU without exponentials.

    Args:
        x: A tensor.
        b: Smoothness; must be >= 0 (`b = 0` gives ReLU).

    Returns:
        A float tensor with the shape of `x`.

    Raises:
        ValueError: If `b` is negative.

    Example:
        >>> import lamina
        >>> y = lamina.activations.squareplus([-1.5, 0.0, 1.5])
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [0.5, 1.0, 2.0]
    """
    if isinstance(b, (int, float)) and b < 0:
        raise ValueError(f"squareplus expected b >= 0, received b={b}.")
    root = ops.sqrt(ops.add(ops.square(x), b))
    return ops.multiply(0.5, ops.add(x, root))


def sparsemax(x: Any, axis: int = -1) -> Tensor:
    """Sparsemax: the Euclidean projection of `x` onto the probability simplex along `axis`.

    The result is `max(x - tau, 0)`, with `tau` chosen per slice so the outputs sum to 1; unlike
    softmax, small inputs get exactly 0.

    Args:
        x: A tensor.
        axis: The axis to normalize over.

    Returns:
        A tensor with the shape of `x`, non-negative and summing to 1 over `axis`.

    Example:
        >>> import lamina
        >>> y = lamina.activations.sparsemax([[1.0, 0.5, -2.0], [2.0, 0.0, 0.0]])
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [[0.75, 0.25, 0.0], [1.0, 0.0, 0.0]]
    """
    descending = ops.negative(ops.sort(ops.negative(x), axis=axis))
    rank = ops.cumsum(ops.ones_like(descending), axis=axis)
    cumulative = ops.cumsum(descending, axis=axis)
    # The support is the prefix of sorted entries with 1 + k * z_k > sum of the first k.
    in_support = ops.greater(ops.add(1, ops.multiply(rank, descending)), cumulative)
    support_size = ops.sum(ops.cast(in_support, ops.dtype(descending)), axis=axis, keepdims=True)
    support_total = ops.sum(ops.where(in_support, descending, 0), axis=axis, keepdims=True)
    tau = ops.divide(ops.subtract(support_total, 1), support_size)
    return ops.relu(ops.subtract(x, tau))
