"""The smooth and rectified activations of `lamina.activations`, built on `lamina.ops`.

Each function takes a tensor (or anything `lamina.ops` accepts, a SymbolicTensor included) and
Keras 3's keyword arguments, and returns a tensor of the same shape (`glu` halves one axis).
The piecewise-linear and sparse activations live in `lamina.activations.piecewise`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import ops
from lamina.typing import Tensor


def relu(
    x: Any,
    negative_slope: float = 0.0,
    max_value: float | None = None,
    threshold: float = 0.0,
) -> Tensor:
    """Rectified linear unit, with an optional leak, cap and threshold.

    With the defaults this is `max(x, 0)`. In general the result is
    `positive(x) - negative_slope * max(threshold - x, 0)`, where `positive(x)` is `x` where
    `x > threshold` and 0 elsewhere, clipped to `[0, max_value]` when `max_value` is given.
    For `threshold >= 0` that reads: `max_value` where `x >= max_value`, `x` where
    `threshold < x < max_value`, and `negative_slope * (x - threshold)` elsewhere.

    Args:
        x: A tensor. Integer dtypes are kept while `negative_slope` is 0.
        negative_slope: Slope below `threshold`.
        max_value: Upper bound of the output; `None` leaves it unbounded. Must be >= 0.
        threshold: Inputs at or below it give 0 (or the leaky part).

    Returns:
        A tensor with the shape of `x`.

    Raises:
        ValueError: If `max_value` is negative.

    Example:
        >>> import lamina
        >>> x = [-10.0, -5.0, 0.0, 5.0, 10.0]
        >>> lamina.ops.convert_to_numpy(lamina.activations.relu(x)).tolist()
        [0.0, 0.0, 0.0, 5.0, 10.0]
        >>> y = lamina.activations.relu(x, negative_slope=0.5, max_value=6.0, threshold=1.0)
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [-5.5, -3.0, -0.5, 5.0, 6.0]
    """
    if max_value is not None and max_value < 0:
        raise ValueError(
            f"relu expected max_value >= 0 or None, received max_value={max_value}. "
            "Use max_value=None for an unbounded output."
        )
    if threshold == 0:
        if max_value is None:
            if negative_slope == 0:
                return ops.relu(x)
            return ops.leaky_relu(x, negative_slope=negative_slope)
        positive = ops.relu6(x) if max_value == 6 else ops.clip(x, 0, max_value)
    else:
        positive = ops.where(ops.greater(x, threshold), x, 0)
        if max_value is not None:
            positive = ops.clip(positive, 0, max_value)
    if negative_slope == 0:
        return positive
    leak = ops.multiply(negative_slope, ops.relu(ops.subtract(threshold, x)))
    return ops.subtract(positive, leak)


def relu6(x: Any) -> Tensor:
    """ReLU capped at 6: `min(max(x, 0), 6)`.

    Args:
        x: A tensor; integer dtypes are kept.

    Returns:
        A tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.activations.relu6([-1.0, 3.0, 8.0])).tolist()
        [0.0, 3.0, 6.0]
    """
    return ops.relu6(x)


def leaky_relu(x: Any, negative_slope: float = 0.2) -> Tensor:
    """Leaky ReLU: `x` where `x >= 0`, else `negative_slope * x`.

    Args:
        x: A tensor.
        negative_slope: Slope for negative inputs.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.activations.leaky_relu([-5.0, 2.0])).tolist()
        [-1.0, 2.0]
    """
    return ops.leaky_relu(x, negative_slope=negative_slope)


def elu(x: Any, alpha: float = 1.0) -> Tensor:
    """Exponential linear unit: `x` where `x > 0`, else `alpha * (exp(x) - 1)`.

    Args:
        x: A tensor.
        alpha: Scale of the negative part.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.activations.elu([-1.0, 0.0, 2.0])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [-0.6321, 0.0, 2.0]
    """
    return ops.elu(x, alpha=alpha)


def selu(x: Any) -> Tensor:
    """Scaled ELU `scale * elu(x, alpha)`, with `alpha ~ 1.67326` and `scale ~ 1.05070`.

    Args:
        x: A tensor.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.activations.selu([-1.0, 0.0, 1.0])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [-1.1113, 0.0, 1.0507]
    """
    return ops.selu(x)


def celu(x: Any, alpha: float = 1.0) -> Tensor:
    """Continuously differentiable ELU: `max(x, 0) + min(alpha * (exp(x / alpha) - 1), 0)`.

    Args:
        x: A tensor.
        alpha: Scale of the negative part; must not be 0.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.activations.celu([-1.0, 0.0, 2.0], alpha=2.0)
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [-0.7869, 0.0, 2.0]
    """
    return ops.celu(x, alpha=alpha)


def gelu(x: Any, approximate: bool = False) -> Tensor:
    """Gaussian error linear unit `x * Phi(x)`, exact by default (unlike `lamina.ops.gelu`).

    Args:
        x: A tensor.
        approximate: Whether to use the tanh approximation
            `0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x**3)))` instead of the exact
            `0.5 * x * (1 + erf(x / sqrt(2)))`.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.activations.gelu([-1.0, 0.0, 1.0])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [-0.1587, 0.0, 0.8413]
    """
    return ops.gelu(x, approximate=approximate)


def silu(x: Any) -> Tensor:
    """Sigmoid linear unit (swish) `x * sigmoid(x)`.

    Args:
        x: A tensor.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.activations.silu([-1.0, 0.0, 1.0])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [-0.2689, 0.0, 0.7311]
    """
    return ops.silu(x)


swish = silu


def mish(x: Any) -> Tensor:
    """Mish `x * tanh(softplus(x))`.

    Args:
        x: A tensor.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.activations.mish([-1.0, 0.0, 1.0])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [-0.3034, 0.0, 0.8651]
    """
    return ops.mish(x)


def sigmoid(x: Any) -> Tensor:
    """Logistic sigmoid `1 / (1 + exp(-x))`, without overflow for large `|x|`.

    Args:
        x: A tensor.

    Returns:
        A float tensor with the shape of `x`, in `[0, 1]`.

    Example:
        >>> import lamina
        >>> y = lamina.activations.sigmoid([-1000.0, 0.0, 1000.0])
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [0.0, 0.5, 1.0]
    """
    return ops.sigmoid(x)


def hard_sigmoid(x: Any) -> Tensor:
    """Piecewise-linear sigmoid `relu6(x + 3) / 6`.

    Args:
        x: A tensor.

    Returns:
        A float tensor with the shape of `x`, in `[0, 1]`.

    Example:
        >>> import lamina
        >>> y = lamina.activations.hard_sigmoid([-4.0, 0.0, 1.5, 4.0])
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [0.0, 0.5, 0.75, 1.0]
    """
    return ops.hard_sigmoid(x)


def hard_silu(x: Any) -> Tensor:
    """Hard SiLU (hard swish) `x * relu6(x + 3) / 6`.

    Args:
        x: A tensor.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.activations.hard_silu([0.0, 1.5, 4.0])
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [0.0, 1.125, 4.0]
    """
    return ops.hard_silu(x)


hard_swish = hard_silu


def log_sigmoid(x: Any) -> Tensor:
    """Logarithm of the sigmoid, `-softplus(-x)`, finite for every finite `x`.

    Args:
        x: A tensor.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.activations.log_sigmoid([-1000.0, 0.0, 5.0])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [-1000.0, -0.6931, -0.0067]
    """
    return ops.log_sigmoid(x)


def softplus(x: Any) -> Tensor:
    """Softplus `log(1 + exp(x))`, finite for every finite `x`.

    Args:
        x: A tensor.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.activations.softplus([-1000.0, 0.0, 1000.0])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [0.0, 0.6931, 1000.0]
    """
    return ops.softplus(x)


def softsign(x: Any) -> Tensor:
    """Softsign `x / (1 + |x|)`.

    Args:
        x: A tensor.

    Returns:
        A float tensor with the shape of `x`, in `(-1, 1)`.

    Example:
        >>> import lamina
        >>> y = lamina.activations.softsign([-1.0, 0.0, 3.0])
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [-0.5, 0.0, 0.75]
    """
    return ops.softsign(x)


def softmax(x: Any, axis: int | Sequence[int] = -1) -> Tensor:
    """Softmax `exp(x) / sum(exp(x))` over `axis`, computed stably.

    Args:
        x: A tensor.
        axis: The axis, or a tuple of axes, to normalize over.

    Returns:
        A float tensor with the shape of `x`, summing to 1 over `axis`.

    Example:
        >>> import lamina
        >>> y = lamina.activations.softmax([[0.0, 0.0], [0.0, 1000.0]])
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [[0.5, 0.5], [0.0, 1.0]]
    """
    return ops.softmax(x, axis=axis)


def log_softmax(x: Any, axis: int | Sequence[int] = -1) -> Tensor:
    """Log-softmax `x - logsumexp(x)` over `axis`, computed stably.

    Args:
        x: A tensor.
        axis: The axis, or a tuple of axes, to normalize over.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.activations.log_softmax([0.0, 0.0, 0.0, 0.0])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [-1.3863, -1.3863, -1.3863, -1.3863]
    """
    return ops.log_softmax(x, axis=axis)


def tanh(x: Any) -> Tensor:
    """Hyperbolic tangent.

    Args:
        x: A tensor.

    Returns:
        A float tensor with the shape of `x`, in `[-1, 1]`.

    Example:
        >>> import lamina
        >>> y = lamina.activations.tanh([-1.0, 0.0, 1.0])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [-0.7616, 0.0, 0.7616]
    """
    return ops.tanh(x)


def tanh_shrink(x: Any) -> Tensor:
    """Tanh shrink `x - tanh(x)`.

    Args:
        x: A tensor.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.activations.tanh_shrink([-1.0, 0.0, 1.0])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [-0.2384, 0.0, 0.2384]
    """
    return ops.tanh_shrink(x)


def exponential(x: Any) -> Tensor:
    """Exponential `exp(x)`.

    Args:
        x: A tensor.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.activations.exponential([0.0, 1.0])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [1.0, 2.7183]
    """
    return ops.exp(x)


def linear(x: Any) -> Any:
    """Identity: returns `x` unchanged (the activation `None` stands for).

    Args:
        x: Anything.

    Returns:
        `x` itself.

    Example:
        >>> import lamina
        >>> lamina.activations.linear([-1.0, 2.0])
        [-1.0, 2.0]
    """
    return x


def glu(x: Any, axis: int = -1) -> Tensor:
    """Gated linear unit: splits `x` into halves `a, b` along `axis` and returns
    `a * sigmoid(b)`.

    Args:
        x: A tensor whose size along `axis` is even.
        axis: The axis to split.

    Returns:
        A float tensor with `x.shape[axis]` halved.

    Example:
        >>> import lamina
        >>> y = lamina.activations.glu([[2.0, 4.0, 0.0, 0.0]])
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [[1.0, 2.0]]
    """
    return ops.glu(x, axis=axis)
