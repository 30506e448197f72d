"""`lamina.ops.nn`: activations, softmax and friends (this file); losses, encodings and
normalization live in `lamina.ops.nn_losses` and are re-exported at the bottom.

Every activation computes in float: integer and bool inputs give `floatx()`, except `relu` and
`relu6`, which keep integer dtypes as Keras does. float16 and bfloat16 inputs keep their dtype.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import backend
from lamina.backend.common import dtypes
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.ops.operation import lamina_op
from lamina.ops.shape_inference import (
    dtype_of,
    float_dtype,
    float_unary_spec,
    normalize_axes,
    normalize_axis,
    shape_of,
    spec,
)
from lamina.typing import Tensor

_b = backend.nn


def _activation_spec(x: Any, *args: Any, **kwargs: Any) -> SymbolicTensor:
    return float_unary_spec(x)


def _int_keeping_spec(x: Any) -> SymbolicTensor:
    name = dtypes.result_type(dtype_of(x))
    return spec(shape_of(x), name if name in dtypes.INT_TYPES else float_dtype(name))


def _softmax_spec_for(op_name: str):  # noqa: ANN202 - returns a spec function
    def softmax_spec(x: Any, axis: int | Sequence[int] = -1) -> SymbolicTensor:
        normalize_axes(op_name, axis, max(len(shape_of(x)), 1))
        return float_unary_spec(x)

    return softmax_spec


def _glu_spec(x: Any, axis: int = -1) -> SymbolicTensor:
    shape = list(shape_of(x))
    if not shape:
        raise ValueError("glu: x must have rank >= 1, received a scalar.")
    position = normalize_axis("glu", axis, len(shape))
    size = shape[position]
    if size is not None and size % 2:
        raise ValueError(
            f"glu: x.shape[{axis}] must be even to split into two halves, "
            f"received shape {tuple(shape)}."
        )
    shape[position] = None if size is None else size // 2
    return spec(shape, float_dtype(dtype_of(x)))


@lamina_op(_int_keeping_spec)
def relu(x: Any) -> Tensor:
    """Rectified linear unit: `max(x, 0)` element-wise.

    Args:
        x: A tensor; integer dtypes are kept, bools compute in `floatx()`.

    Returns:
        A tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.relu([-1.0, 0.0, 2.0])).tolist()
        [0.0, 0.0, 2.0]
    """
    return _b.relu(x)


@lamina_op(_int_keeping_spec)
def relu6(x: Any) -> Tensor:
    """Rectified linear unit capped at 6: `min(max(x, 0), 6)` element-wise.

    Args:
        x: A tensor; integer dtypes are kept, bools compute in `floatx()`.

    Returns:
        A tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.relu6([-1.0, 3.0, 8.0])).tolist()
        [0.0, 3.0, 6.0]
    """
    return _b.relu6(x)


@lamina_op(_activation_spec)
def sigmoid(x: Any) -> Tensor:
    """Logistic sigmoid `1 / (1 + exp(-x))`, computed without overflow for large `|x|`.

    Args:
        x: A tensor.

    Returns:
        A float tensor with the shape of `x`, in `[0, 1]`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.sigmoid([-1000.0, 0.0, 1000.0])).tolist()
        [0.0, 0.5, 1.0]
    """
    return _b.sigmoid(x)


@lamina_op(_activation_spec)
def log_sigmoid(x: Any) -> Tensor:
    """Logarithm of the sigmoid, `-softplus(-x)`, finite for every finite `x`.

    Args:
        x: A tensor.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.ops.log_sigmoid([-1000.0, 0.0, 5.0])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [-1000.0, -0.6931, -0.0067]
    """
    return _b.log_sigmoid(x)


@lamina_op(_activation_spec)
def softplus(x: Any) -> Tensor:
    """Softplus `log(1 + exp(x))`, finite for every finite `x`.

    Args:
        x: A tensor.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.ops.softplus([-1000.0, 0.0, 1000.0])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [0.0, 0.6931, 1000.0]
    """
    return _b.softplus(x)


@lamina_op(_activation_spec)
def softsign(x: Any) -> Tensor:
    """Softsign `x / (1 + |x|)` element-wise.

    Args:
        x: A tensor.

    Returns:
        A float tensor with the shape of `x`, in `(-1, 1)`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.softsign([-1.0, 0.0, 3.0])).tolist()
        [-0.5, 0.0, 0.75]
    """
    return _b.softsign(x)


@lamina_op(_activation_spec)
def silu(x: Any) -> Tensor:
    """Sigmoid linear unit (swish) `x * sigmoid(x)` element-wise.

    Args:
        x: A tensor.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.ops.silu([-1.0, 0.0, 1.0])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [-0.2689, 0.0, 0.7311]
    """
    return _b.silu(x)


swish = silu


@lamina_op(_activation_spec)
def hard_sigmoid(x: Any) -> Tensor:
    """Piecewise-linear sigmoid `relu6(x + 3) / 6` element-wise.

    Args:
        x: A tensor.

    Returns:
        A float tensor with the shape of `x`, in `[0, 1]`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.hard_sigmoid([-4.0, 0.0, 1.5, 4.0])).tolist()
        [0.0, 0.5, 0.75, 1.0]
    """
    return _b.hard_sigmoid(x)


@lamina_op(_activation_spec)
def hard_silu(x: Any) -> Tensor:
    """Hard SiLU (hard swish) `x * relu6(x + 3) / 6` element-wise.

    Args:
        x: A tensor.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.hard_silu([-4.0, 0.0, 1.5, 4.0])).tolist()
        [-0.0, 0.0, 1.125, 4.0]
    """
    return _b.hard_silu(x)


hard_swish = hard_silu


@lamina_op(_activation_spec)
def leaky_relu(x: Any, negative_slope: float = 0.2) -> Tensor:
    """Leaky ReLU: `x` where `x >= 0`, else `negative_slope * x`.

    Args:
        x: A tensor.
        negative_slope: Slope for negative inputs.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.leaky_relu([-2.0, 3.0], 0.25)).tolist()
        [-0.5, 3.0]
    """
    return _b.leaky_relu(x, negative_slope=negative_slope)


@lamina_op(_activation_spec)
def elu(x: Any, alpha: float = 1.0) -> Tensor:
    """Exponential linear unit: `x` where `x > 0`, else `alpha * (exp(x) - 1)`.

    Args:
        x: A tensor.
        alpha: Scale of the negative part.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.ops.elu([-1.0, 0.0, 2.0], alpha=2.0)
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [-1.2642, 0.0, 2.0]
    """
    return _b.elu(x, alpha=alpha)


@lamina_op(_activation_spec)
def selu(x: Any) -> Tensor:
    """Scaled ELU: `scale * elu(x, alpha)` with the self-normalizing constants
    `alpha ~ 1.67326` and `scale ~ 1.05070`.

    Args:
        x: A tensor.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.ops.selu([-1.0, 0.0, 1.0])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [-1.1113, 0.0, 1.0507]
    """
    return _b.selu(x)


@lamina_op(_activation_spec)
def celu(x: Any, alpha: float = 1.0) -> Tensor:
    """Continuously differentiable ELU: `max(x, 0) + min(alpha * (exp(x / alpha) - 1), 0)`.

    Args:
        x: A tensor.
        alpha: Scale of the negative part; must not be 0.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.ops.celu([-1.0, 0.0, 2.0], alpha=2.0)
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [-0.7869, 0.0, 2.0]
    """
    return _b.celu(x, alpha=alpha)


@lamina_op(_activation_spec)
def gelu(x: Any, approximate: bool = True) -> Tensor:
    """Gaussian error linear unit `x * Phi(x)`.

    Args:
        x: A tensor.
        approximate: Whether to use the tanh approximation
            `0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x**3)))`; False gives the
            exact form `0.5 * x * (1 + erf(x / sqrt(2)))`.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.ops.gelu([-1.0, 0.0, 1.0], approximate=False)
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [-0.1587, 0.0, 0.8413]
    """
    return _b.gelu(x, approximate=approximate)


@lamina_op(_activation_spec)
def mish(x: Any) -> Tensor:
    """Mish `x * tanh(softplus(x))` element-wise.

    Args:
        x: A tensor.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.ops.mish([-1.0, 0.0, 1.0])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [-0.3034, 0.0, 0.8651]
    """
    return _b.mish(x)


@lamina_op(_activation_spec)
def tanh_shrink(x: Any) -> Tensor:
    """Tanh shrink `x - tanh(x)` element-wise.

    Args:
        x: A tensor.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.ops.tanh_shrink([-1.0, 0.0, 1.0])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [-0.2384, 0.0, 0.2384]
    """
    return _b.tanh_shrink(x)


@lamina_op(_glu_spec)
def glu(x: Any, axis: int = -1) -> Tensor:
    """Gated linear unit: splits `x` in two halves `a, b` along `axis`; returns `a * sigmoid(b)`.

    Args:
        x: A tensor whose size along `axis` is even.
        axis: The axis to split.

    Returns:
        A float tensor with `x.shape[axis]` halved.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.glu([[2.0, 4.0, 0.0, 0.0]])).tolist()
        [[1.0, 2.0]]
    """
    return _b.glu(x, axis=axis)


@lamina_op(_softmax_spec_for("softmax"))
def softmax(x: Any, axis: int | Sequence[int] = -1) -> Tensor:
    """Softmax `exp(x) / sum(exp(x))` over `axis`, computed stably (shifted by the max).

    Args:
        x: A tensor.
        axis: The axis, or a tuple of axes, to normalize over.

    Returns:
        A float tensor with the shape of `x`, summing to 1 over `axis`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.softmax([[0.0, 0.0], [1000.0, 1000.0]])).tolist()
        [[0.5, 0.5], [0.5, 0.5]]
    """
    return _b.softmax(x, axis=axis)


@lamina_op(_softmax_spec_for("log_softmax"))
def log_softmax(x: Any, axis: int | Sequence[int] = -1) -> Tensor:
    """Log-softmax `x - logsumexp(x)` over `axis`, computed stably.

    Args:
        x: A tensor.
        axis: The axis, or a tuple of axes, to normalize over.

    Returns:
        A float tensor with the shape of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.ops.log_softmax([0.0, 0.0, 0.0, 0.0])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [-1.3863, -1.3863, -1.3863, -1.3863]
    """
    return _b.log_softmax(x, axis=axis)


# The losses, encodings and normalization ops are part of `lamina.ops.nn` too.
from lamina.ops.attention import dot_product_attention as dot_product_attention  # noqa: E402

# Convolution, pooling and attention are part of `lamina.ops.nn` too.
from lamina.ops.conv import average_pool as average_pool  # noqa: E402
from lamina.ops.conv import conv as conv  # noqa: E402
from lamina.ops.conv import conv_transpose as conv_transpose  # noqa: E402
from lamina.ops.conv import depthwise_conv as depthwise_conv  # noqa: E402
from lamina.ops.conv import max_pool as max_pool  # noqa: E402
from lamina.ops.conv import separable_conv as separable_conv  # noqa: E402
from lamina.ops.nn_losses import batch_normalization as batch_normalization  # noqa: E402
from lamina.ops.nn_losses import binary_crossentropy as binary_crossentropy  # noqa: E402
from lamina.ops.nn_losses import categorical_crossentropy as categorical_crossentropy  # noqa: E402
from lamina.ops.nn_losses import ctc_loss as ctc_loss  # noqa: E402
from lamina.ops.nn_losses import moments as moments  # noqa: E402
from lamina.ops.nn_losses import multi_hot as multi_hot  # noqa: E402
from lamina.ops.nn_losses import normalize as normalize  # noqa: E402
from lamina.ops.nn_losses import one_hot as one_hot  # noqa: E402
from lamina.ops.nn_losses import (  # noqa: E402
    sparse_categorical_crossentropy as sparse_categorical_crossentropy,
)
