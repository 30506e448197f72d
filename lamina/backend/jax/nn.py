"""JAX backend: activations, softmax, losses, encodings and normalization (via `jax.nn`)."""

from __future__ import annotations

import functools
from typing import Any

import jax
import jax.numpy as jnp

from lamina.backend.common import dtypes
from lamina.backend.common.config import epsilon as _epsilon
from lamina.backend.common.config import floatx
from lamina.backend.jax.core import convert_to_tensor

_HALF = (jnp.float16, jnp.bfloat16)
# Stands in for log(0) in the CTC recursion: unlike -inf it keeps gradients finite.
_LOG_ZERO = -1e10


def _float(x: Any) -> jax.Array:
    x = convert_to_tensor(x)
    return x if jnp.issubdtype(x.dtype, jnp.floating) else x.astype(floatx())


def _axis(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, list) else axis


def relu(x: Any) -> jax.Array:
    x = convert_to_tensor(x)
    return jax.nn.relu(x if x.dtype != jnp.bool_ else _float(x))


def relu6(x: Any) -> jax.Array:
    x = convert_to_tensor(x)
    if jnp.issubdtype(x.dtype, jnp.integer):
        return jnp.clip(x, 0, 6).astype(x.dtype)
    return jax.nn.relu6(_float(x))


def sigmoid(x: Any) -> jax.Array:
    return jax.nn.sigmoid(_float(x))


def log_sigmoid(x: Any) -> jax.Array:
    return jax.nn.log_sigmoid(_float(x))


def softplus(x: Any) -> jax.Array:
    return jax.nn.softplus(_float(x))


def softsign(x: Any) -> jax.Array:
    return jax.nn.soft_sign(_float(x))


def silu(x: Any) -> jax.Array:
    return jax.nn.silu(_float(x))


def hard_sigmoid(x: Any) -> jax.Array:
    return jax.nn.hard_sigmoid(_float(x))


def hard_silu(x: Any) -> jax.Array:
    return jax.nn.hard_silu(_float(x))


def leaky_relu(x: Any, negative_slope: float = 0.2) -> jax.Array:
    return jax.nn.leaky_relu(_float(x), negative_slope=negative_slope)


def elu(x: Any, alpha: float = 1.0) -> jax.Array:
    return jax.nn.elu(_float(x), alpha=alpha)


def selu(x: Any) -> jax.Array:
    return jax.nn.selu(_float(x))


def celu(x: Any, alpha: float = 1.0) -> jax.Array:
    return jax.nn.celu(_float(x), alpha=alpha)


def gelu(x: Any, approximate: bool = True) -> jax.Array:
    return jax.nn.gelu(_float(x), approximate=approximate)


def mish(x: Any) -> jax.Array:
    return jax.nn.mish(_float(x))


def tanh_shrink(x: Any) -> jax.Array:
    x = _float(x)
    return x - jnp.tanh(x)


def glu(x: Any, axis: int = -1) -> jax.Array:
    # jnp.split raises a ValueError for an odd axis, where jax.nn.glu only asserts.
    first, second = jnp.split(_float(x), 2, axis=axis)
    return first * jax.nn.sigmoid(second)


def softmax(x: Any, axis: Any = -1) -> jax.Array:
    return jax.nn.softmax(_float(x), axis=_axis(axis))


def log_softmax(x: Any, axis: Any = -1) -> jax.Array:
    return jax.nn.log_softmax(_float(x), axis=_axis(axis))


def one_hot(x: Any, num_classes: int, axis: int = -1, dtype: Any = None) -> jax.Array:
    x = convert_to_tensor(x)
    if not jnp.issubdtype(x.dtype, jnp.integer):
        raise TypeError("one_hot expects integer labels")
    return jax.nn.one_hot(x, num_classes, axis=axis, dtype=dtype or floatx())


def multi_hot(inputs: Any, num_classes: int, axis: int = -1, dtype: Any = None) -> jax.Array:
    encoded = one_hot(inputs, num_classes, axis=axis, dtype="bool")
    reduced = jnp.any(encoded, axis=1 if encoded.ndim > 2 else 0)
    return reduced.astype(dtype or floatx())


def _loss_dtypes(target: jax.Array, output: jax.Array) -> tuple[jax.Array, jax.Array, Any]:
    """Returns target and output in the dtype to compute in, and the result dtype.

    float16 and bfloat16 compute in float32: `1 - epsilon()` rounds to 1 in half precision,
    which would make the clipped log infinite.
    """
    dtype = output.dtype
    if target.dtype != dtype or not jnp.issubdtype(dtype, jnp.floating):
        name = dtypes.result_type(target.dtype, dtype)
        dtype = jnp.dtype(name if name in dtypes.FLOAT_TYPES else floatx())
    compute = jnp.float32 if dtype in _HALF else dtype
    return target.astype(compute), output.astype(compute), dtype


def _same_shape_inputs(target: Any, output: Any) -> tuple[jax.Array, jax.Array]:
    target, output = convert_to_tensor(target), convert_to_tensor(output)
    if target.shape != output.shape:
        raise ValueError("target and output shapes differ")
    return target, output


def binary_crossentropy(target: Any, output: Any, from_logits: bool = False) -> jax.Array:
    target, output = _same_shape_inputs(target, output)
    return _binary_crossentropy(target, output, bool(from_logits), _epsilon())


# The losses are jitted as a whole: one dispatch per eager call instead of one per primitive.
@functools.partial(jax.jit, static_argnums=(2, 3))
def _binary_crossentropy(
    target: jax.Array, output: jax.Array, from_logits: bool, epsilon: float
) -> jax.Array:
    target, output, dtype = _loss_dtypes(target, output)
    if from_logits:
        return (jax.nn.softplus(output) - target * output).astype(dtype)
    output = jnp.clip(output, epsilon, 1 - epsilon)
    loss = -(target * jnp.log(output) + (1 - target) * jnp.log1p(-output))
    return loss.astype(dtype)


def _log_probabilities(
    output: jax.Array, from_logits: bool, axis: int, epsilon: float
) -> jax.Array:
    if from_logits:
        return jax.nn.log_softmax(output, axis=axis)
    output = output / jnp.sum(output, axis=axis, keepdims=True)
    return jnp.log(jnp.clip(output, epsilon, 1 - epsilon))


def categorical_crossentropy(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> jax.Array:
    target, output = _same_shape_inputs(target, output)
    return _categorical_crossentropy(target, output, bool(from_logits), axis, _epsilon())


@functools.partial(jax.jit, static_argnums=(2, 3, 4))
def _categorical_crossentropy(
    target: jax.Array, output: jax.Array, from_logits: bool, axis: int, epsilon: float
) -> jax.Array:
    target, output, dtype = _loss_dtypes(target, output)
    log_probabilities = _log_probabilities(output, from_logits, axis, epsilon)
    return -jnp.sum(target * log_probabilities, axis=axis).astype(dtype)


def sparse_categorical_crossentropy(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> jax.Array:
    target, output = convert_to_tensor(target), _float(output)
    axis = axis % output.ndim
    if target.ndim == output.ndim and target.shape[-1:] == (1,):
        target = target[..., 0]
    if target.shape != output.shape[:axis] + output.shape[axis + 1 :]:
        raise ValueError("target shape does not match output")
    return _sparse_categorical_crossentropy(target, output, bool(from_logits), axis, _epsilon())


@functools.partial(jax.jit, static_argnums=(2, 3, 4))
def _sparse_categorical_crossentropy(
    target: jax.Array, output: jax.Array, from_logits: bool, axis: int, epsilon: float
) -> jax.Array:
    dtype = output.dtype
    if dtype in _HALF:
        output = output.astype(jnp.float32)
    log_probabilities = _log_probabilities(output, from_logits, axis, epsilon)
    index = jnp.expand_dims(target.astype(jnp.int32), axis)
    picked = jnp.take_along_axis(log_probabilities, index, axis=axis)
    return -jnp.squeeze(picked, axis).astype(dtype)


def _static_axes(axes: Any) -> Any:
    return tuple(axes) if isinstance(axes, (list, tuple)) else axes


def moments(x: Any, axes: Any, keepdims: bool = False) -> tuple[jax.Array, jax.Array]:
    return _moments(_float(x), _static_axes(axes), bool(keepdims))


@functools.partial(jax.jit, static_argnums=(1, 2))
def _moments(x: jax.Array, axes: Any, keepdims: bool) -> tuple[jax.Array, jax.Array]:
    dtype = x.dtype
    if dtype in _HALF:
        x = x.astype(jnp.float32)
    mean = jnp.mean(x, axis=axes, keepdims=True)
    variance = jnp.mean(jnp.square(x - mean), axis=axes, keepdims=keepdims)
    if not keepdims:
        mean = jnp.squeeze(mean, axis=axes)
    return mean.astype(dtype), variance.astype(dtype)


def normalize(x: Any, axis: Any = -1, order: int = 2, epsilon: float = 1e-7) -> jax.Array:
    return _normalize(_float(x), _static_axes(axis), int(order), float(epsilon))


@functools.partial(jax.jit, static_argnums=(1, 2, 3))
def _normalize(x: jax.Array, axis: Any, order: int, epsilon: float) -> jax.Array:
    dtype = x.dtype
    # 1 / epsilon overflows half precision: compute in float32.
    x = x.astype(jnp.float32) if dtype in _HALF else x
    if order == 2:
        square_sum = jnp.sum(jnp.square(x), axis=axis, keepdims=True)
        # rsqrt capped at 1 / epsilon is x / max(norm, epsilon), with a finite gradient at 0.
        return (x * jnp.minimum(jax.lax.rsqrt(square_sum), 1.0 / epsilon)).astype(dtype)
    norm = jnp.linalg.vector_norm(x, ord=order, axis=axis, keepdims=True)
    return (x / jnp.maximum(norm, epsilon)).astype(dtype)


def batch_normalization(
    x: Any,
    mean: Any,
    variance: Any,
    axis: int,
    offset: Any = None,
    scale: Any = None,
    epsilon: float = 1e-3,
) -> jax.Array:
    offset = None if offset is None else _float(offset)
    scale = None if scale is None else _float(scale)
    x, mean, variance = _float(x), _float(mean), _float(variance)
    return _batch_normalization(x, mean, variance, int(axis), offset, scale, float(epsilon))


@functools.partial(jax.jit, static_argnums=(3, 6))
def _batch_normalization(
    x: jax.Array,
    mean: jax.Array,
    variance: jax.Array,
    axis: int,
    offset: jax.Array | None,
    scale: jax.Array | None,
    epsilon: float,
) -> jax.Array:
    # Fold the parameters into one multiply-add, in the parameters' (usually wider) dtype.
    inverse = jax.lax.rsqrt(variance + epsilon)
    if scale is not None:
        inverse = inverse * scale
    shift = -mean * inverse
    if offset is not None:
        shift = shift + offset
    broadcast = [1] * x.ndim
    broadcast[axis] = -1
    inverse = inverse.astype(x.dtype).reshape(broadcast)
    shift = shift.astype(x.dtype).reshape(broadcast)
    return x * inverse + shift


def ctc_loss(
    target: Any, output: Any, target_length: Any, output_length: Any, mask_index: int = 0
) -> jax.Array:
    target, target_length = convert_to_tensor(target), convert_to_tensor(target_length)
    output_length = convert_to_tensor(output_length)
    return _ctc_loss(target, _float(output), target_length, output_length, int(mask_index))


@functools.partial(jax.jit, static_argnums=(4,))
def _ctc_loss(
    target: jax.Array,
    output: jax.Array,
    target_length: jax.Array,
    output_length: jax.Array,
    mask_index: int,
) -> jax.Array:
    dtype = output.dtype
    log_probabilities = jax.nn.log_softmax(output.astype(jnp.float32) if dtype in _HALF else output)
    target = target.astype(jnp.int32)
    target_length = target_length.astype(jnp.int32)
    output_length = output_length.astype(jnp.int32)
    batch = target.shape[0]
    # The extended label sequence: blanks around and between the labels.
    extended = jnp.full((batch, 2 * target.shape[1] + 1), mask_index, jnp.int32)
    extended = extended.at[:, 1::2].set(target)
    # Emissions of each extended label, time-major for the scan: (time, batch, L).
    emissions = jnp.take_along_axis(log_probabilities, extended[:, None, :], axis=2)
    emissions = jnp.swapaxes(emissions, 0, 1)
    # A label may skip the blank before it unless it repeats the label two places back.
    repeats = (extended[:, 2:] != mask_index) & (extended[:, 2:] != extended[:, :-2])
    can_skip = jnp.pad(repeats, ((0, 0), (2, 0)))
    log_zero = jnp.asarray(_LOG_ZERO, emissions.dtype)
    start = jnp.arange(extended.shape[1]) < 2
    alpha = jnp.where(start, emissions[0], log_zero)

    def step(alpha: jax.Array, inputs: tuple[jax.Array, jax.Array]) -> tuple[jax.Array, None]:
        emission, time = inputs
        previous = jnp.pad(alpha[:, :-1], ((0, 0), (1, 0)), constant_values=_LOG_ZERO)
        skip = jnp.pad(alpha[:, :-2], ((0, 0), (2, 0)), constant_values=_LOG_ZERO)
        skip = jnp.where(can_skip, skip, log_zero)
        updated = jnp.logaddexp(jnp.logaddexp(alpha, previous), skip) + emission
        return jnp.where((time < output_length)[:, None], updated, alpha), None

    times = jnp.arange(1, emissions.shape[0])
    alpha, _ = jax.lax.scan(step, alpha, (emissions[1:], times))
    last = jnp.take_along_axis(alpha, (2 * target_length)[:, None], axis=1)[:, 0]
    before_last = jnp.take_along_axis(
        alpha, jnp.maximum(2 * target_length - 1, 0)[:, None], axis=1
    )[:, 0]
    before_last = jnp.where(target_length > 0, before_last, log_zero)
    log_likelihood = jnp.logaddexp(last, before_last)
    # Paths that never left log(0) are impossible alignments: report inf, like the others.
    loss = jnp.where(log_likelihood < _LOG_ZERO / 2, jnp.inf, -log_likelihood)
    return loss.astype(dtype)
