"""NumPy backend: activations, softmax, losses, encodings and normalization.

float16 and bfloat16 inputs are computed in float32 and cast back: it is more accurate, and
ml_dtypes does not provide every ufunc for bfloat16.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from lamina.backend.common import dtypes
from lamina.backend.common.config import epsilon as _epsilon
from lamina.backend.common.config import floatx
from lamina.backend.numpy.core import convert_to_tensor, to_engine_dtype

_SELU_ALPHA = 1.6732632423543772
_SELU_SCALE = 1.0507009873554805
_erf = np.frompyfunc(math.erf, 1, 1)


def _upcast(x: Any) -> tuple[np.ndarray, np.dtype]:
    """Returns `x` as an array to compute with (float32 or float64) and the result dtype."""
    x = convert_to_tensor(x)
    if x.dtype.kind == "f" and x.dtype.itemsize >= 4:
        return x, x.dtype
    if x.dtype.kind == "f" or x.dtype.name == "bfloat16":
        return x.astype(np.float32), x.dtype
    dtype = to_engine_dtype(floatx())
    return x.astype(np.float32 if dtype.itemsize < 4 else dtype), dtype


def _done(result: Any, dtype: np.dtype) -> np.ndarray:
    return np.asarray(result).astype(dtype, copy=False)


def _axis(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, list) else axis


def _sigmoid(x: np.ndarray) -> np.ndarray:
    # exp of -|x| never overflows; the two branches cover both signs.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(x.dtype, copy=False)


def _softplus(x: np.ndarray) -> np.ndarray:
    return np.logaddexp(np.zeros((), x.dtype), x)


def _log_softmax(x: np.ndarray, axis: Any) -> np.ndarray:
    shift = np.max(x, axis=axis, keepdims=True, initial=-np.inf)
    shift = np.where(np.isfinite(shift), shift, 0).astype(x.dtype)
    shifted = x - shift
    with np.errstate(divide="ignore"):  # An empty axis sums to 0; its log is never used.
        return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def relu(x: Any) -> np.ndarray:
    x = convert_to_tensor(x)
    if x.dtype.kind in "iu":
        return np.maximum(x, x.dtype.type(0))
    x, dtype = _upcast(x)
    return _done(np.maximum(x, 0), dtype)


def relu6(x: Any) -> np.ndarray:
    x = convert_to_tensor(x)
    if x.dtype.kind in "iu":
        return np.clip(x, x.dtype.type(0), x.dtype.type(6))
    x, dtype = _upcast(x)
    return _done(np.clip(x, 0, 6), dtype)


def sigmoid(x: Any) -> np.ndarray:
    x, dtype = _upcast(x)
    return _done(_sigmoid(x), dtype)


def log_sigmoid(x: Any) -> np.ndarray:
    x, dtype = _upcast(x)
    return _done(-_softplus(-x), dtype)


def softplus(x: Any) -> np.ndarray:
    x, dtype = _upcast(x)
    return _done(_softplus(x), dtype)


def softsign(x: Any) -> np.ndarray:
    x, dtype = _upcast(x)
    return _done(x / (1 + np.abs(x)), dtype)


def silu(x: Any) -> np.ndarray:
    x, dtype = _upcast(x)
    return _done(x * _sigmoid(x), dtype)


def hard_sigmoid(x: Any) -> np.ndarray:
    x, dtype = _upcast(x)
    return _done(np.clip(x + 3, 0, 6) / 6, dtype)


def hard_silu(x: Any) -> np.ndarray:
    x, dtype = _upcast(x)
    return _done(x * np.clip(x + 3, 0, 6) / 6, dtype)


def leaky_relu(x: Any, negative_slope: float = 0.2) -> np.ndarray:
    x, dtype = _upcast(x)
    return _done(np.where(x >= 0, x, negative_slope * x), dtype)


def elu(x: Any, alpha: float = 1.0) -> np.ndarray:
    x, dtype = _upcast(x)
    return _done(np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0))), dtype)


def selu(x: Any) -> np.ndarray:
    x, dtype = _upcast(x)
    negative = _SELU_ALPHA * np.expm1(np.minimum(x, 0))
    return _done(_SELU_SCALE * np.where(x > 0, x, negative), dtype)


def celu(x: Any, alpha: float = 1.0) -> np.ndarray:
    x, dtype = _upcast(x)
    negative = alpha * np.expm1(np.minimum(x, 0) / alpha)
    return _done(np.maximum(x, 0) + np.minimum(negative, 0), dtype)


def gelu(x: Any, approximate: bool = True) -> np.ndarray:
    x, dtype = _upcast(x)
    if approximate:
        inner = math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)
        return _done(0.5 * x * (1 + np.tanh(inner)), dtype)
    # NumPy has no erf ufunc; math.erf per element is exact, and this backend is for inference.
    erf = np.asarray(_erf(x / math.sqrt(2)), dtype=x.dtype)
    return _done(0.5 * x * (1 + erf), dtype)


def mish(x: Any) -> np.ndarray:
    x, dtype = _upcast(x)
    return _done(x * np.tanh(_softplus(x)), dtype)


def tanh_shrink(x: Any) -> np.ndarray:
    x, dtype = _upcast(x)
    return _done(x - np.tanh(x), dtype)


def glu(x: Any, axis: int = -1) -> np.ndarray:
    x, dtype = _upcast(x)
    first, second = np.split(x, 2, axis=axis)
    return _done(first * _sigmoid(second), dtype)


def softmax(x: Any, axis: Any = -1) -> np.ndarray:
    x, dtype = _upcast(x)
    return _done(np.exp(_log_softmax(x, _axis(axis))), dtype)


def log_softmax(x: Any, axis: Any = -1) -> np.ndarray:
    x, dtype = _upcast(x)
    return _done(_log_softmax(x, _axis(axis)), dtype)


def one_hot(x: Any, num_classes: int, axis: int = -1, dtype: Any = None) -> np.ndarray:
    x = convert_to_tensor(x)
    if x.dtype.kind not in "iu":
        raise TypeError("one_hot expects integer labels")
    encoded = np.expand_dims(x, -1) == np.arange(num_classes)
    if axis != -1:
        encoded = np.moveaxis(encoded, -1, axis)
    return encoded.astype(to_engine_dtype(dtype))


def multi_hot(inputs: Any, num_classes: int, axis: int = -1, dtype: Any = None) -> np.ndarray:
    encoded = one_hot(inputs, num_classes, axis=axis, dtype="bool")
    reduced = np.any(encoded, axis=1 if encoded.ndim > 2 else 0)
    return reduced.astype(to_engine_dtype(dtype))


def _loss_inputs(target: Any, output: Any) -> tuple[np.ndarray, np.ndarray, np.dtype]:
    target, output = convert_to_tensor(target), convert_to_tensor(output)
    if target.shape != output.shape:
        raise ValueError("target and output shapes differ")
    name = dtypes.result_type(target.dtype, output.dtype)
    dtype = to_engine_dtype(name if name in dtypes.FLOAT_TYPES else floatx())
    compute = np.float32 if dtype.itemsize < 4 else dtype
    return target.astype(compute), output.astype(compute), dtype


def binary_crossentropy(target: Any, output: Any, from_logits: bool = False) -> np.ndarray:
    target, output, dtype = _loss_inputs(target, output)
    if from_logits:
        # softplus(x) - t * x, written so that no exp overflows.
        loss = np.maximum(output, 0) - output * target + np.log1p(np.exp(-np.abs(output)))
    else:
        eps = _epsilon()
        output = np.clip(output, eps, 1 - eps)
        loss = -(target * np.log(output) + (1 - target) * np.log(1 - output))
    return _done(loss, dtype)


def _log_probabilities(output: np.ndarray, from_logits: bool, axis: int) -> np.ndarray:
    if from_logits:
        return _log_softmax(output, axis)
    output = output / np.sum(output, axis=axis, keepdims=True)
    eps = _epsilon()
    return np.log(np.clip(output, eps, 1 - eps))


def categorical_crossentropy(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> np.ndarray:
    target, output, dtype = _loss_inputs(target, output)
    log_probabilities = _log_probabilities(output, from_logits, axis)
    return _done(-np.sum(target * log_probabilities, axis=axis), dtype)


def sparse_categorical_crossentropy(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> np.ndarray:
    target = convert_to_tensor(target)
    output, dtype = _upcast(output)
    axis = axis % output.ndim
    if target.ndim == output.ndim and target.shape[-1:] == (1,):
        target = target[..., 0]
    if target.shape != output.shape[:axis] + output.shape[axis + 1 :]:
        raise ValueError("target shape does not match output")
    log_probabilities = _log_probabilities(output, from_logits, axis)
    index = np.expand_dims(target.astype(np.int64), axis)
    picked = np.take_along_axis(log_probabilities, index, axis=axis)
    return _done(-np.squeeze(picked, axis), dtype)


def moments(x: Any, axes: Any, keepdims: bool = False) -> tuple[np.ndarray, np.ndarray]:
    x, dtype = _upcast(x)
    axes = _axis(axes)
    mean = np.mean(x, axis=axes, keepdims=True)
    variance = np.mean(np.square(x - mean), axis=axes, keepdims=keepdims)
    if not keepdims:
        mean = np.squeeze(mean, axis=axes)
    return _done(mean, dtype), _done(variance, dtype)


def normalize(x: Any, axis: Any = -1, order: int = 2, epsilon: float = 1e-7) -> np.ndarray:
    x, dtype = _upcast(x)
    axis = _axis(axis)
    if order == 2:
        norm = np.sqrt(np.sum(np.square(x), axis=axis, keepdims=True))
    else:
        norm = np.sum(np.abs(x) ** order, axis=axis, keepdims=True) ** (1.0 / order)
    return _done(x / np.maximum(norm, epsilon), dtype)


def batch_normalization(
    x: Any,
    mean: Any,
    variance: Any,
    axis: int,
    offset: Any = None,
    scale: Any = None,
    epsilon: float = 1e-3,
) -> np.ndarray:
    x, dtype = _upcast(x)
    mean, _ = _upcast(mean)
    inverse = 1.0 / np.sqrt(_upcast(variance)[0] + epsilon)
    if scale is not None:
        inverse = inverse * _upcast(scale)[0]
    shift = -mean * inverse
    if offset is not None:
        shift = shift + _upcast(offset)[0]
    broadcast = [1] * x.ndim
    broadcast[axis] = -1
    inverse = inverse.astype(x.dtype).reshape(broadcast)
    shift = shift.astype(x.dtype).reshape(broadcast)
    return _done(x * inverse + shift, dtype)


def ctc_loss(
    target: Any, output: Any, target_length: Any, output_length: Any, mask_index: int = 0
) -> np.ndarray:
    target = convert_to_tensor(target).astype(np.int64)
    output, dtype = _upcast(output)
    target_length = convert_to_tensor(target_length).astype(np.int64)
    output_length = convert_to_tensor(output_length).astype(np.int64)
    log_probabilities = _log_softmax(output, -1)
    batch, max_time, _ = output.shape
    # The extended label sequence: blanks around and between the labels.
    extended = np.full((batch, 2 * target.shape[1] + 1), mask_index, np.int64)
    extended[:, 1::2] = target
    # Emission log-probabilities of each extended label at each step: (batch, time, L).
    emissions = np.take_along_axis(log_probabilities, extended[:, None, :], axis=2)
    # A label may skip the blank before it unless it repeats the label two places back.
    can_skip = np.zeros(extended.shape, bool)
    can_skip[:, 2:] = (extended[:, 2:] != mask_index) & (extended[:, 2:] != extended[:, :-2])
    alpha = np.full(extended.shape, -np.inf, output.dtype)
    if max_time:
        alpha[:, :2] = emissions[:, 0, :2]
    for step in range(1, max_time):
        previous = np.pad(alpha[:, :-1], ((0, 0), (1, 0)), constant_values=-np.inf)
        skip = np.pad(alpha[:, :-2], ((0, 0), (2, 0)), constant_values=-np.inf)
        skip = np.where(can_skip, skip, -np.inf)
        updated = np.logaddexp(np.logaddexp(alpha, previous), skip) + emissions[:, step]
        alpha = np.where((step < output_length)[:, None], updated, alpha)
    rows = np.arange(batch)
    last = alpha[rows, 2 * target_length]
    before_last = np.where(
        target_length > 0, alpha[rows, np.maximum(2 * target_length - 1, 0)], -np.inf
    )
    return _done(-np.logaddexp(last, before_last), dtype)
