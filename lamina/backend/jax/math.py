"""JAX backend: special functions, segment reductions, top-k, logsumexp, Fourier transforms."""

from __future__ import annotations

import functools
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from lamina.backend.common import dtypes
from lamina.backend.common.config import floatx
from lamina.backend.jax.core import convert_to_tensor, to_engine_dtype

_HALF = ("float16", "bfloat16")


def _float(x: Any) -> jax.Array:
    x = convert_to_tensor(x)
    return x if jnp.issubdtype(x.dtype, jnp.floating) else x.astype(floatx())


def _widen(x: jax.Array) -> jax.Array:
    # XLA's FFT has no 16-bit kernels.
    return x.astype(jnp.float32) if x.dtype.name in _HALF else x


def erf(x: Any) -> jax.Array:
    return jax.lax.erf(_float(x))


def erfinv(x: Any) -> jax.Array:
    return jax.lax.erf_inv(_float(x))


def rsqrt(x: Any) -> jax.Array:
    return jax.lax.rsqrt(_float(x))


def logsumexp(x: Any, axis: Any = None, keepdims: bool = False) -> jax.Array:
    x = _float(x)
    axis = tuple(axis) if isinstance(axis, list) else axis
    return jax.nn.logsumexp(x, axis=axis, keepdims=keepdims)


def _num_segments(op_name: str, ids: jax.Array, num_segments: int | None) -> int:
    if num_segments is not None:
        return int(num_segments)
    if not ids.size:
        return 0
    try:
        return int(jnp.max(ids)) + 1
    except jax.errors.ConcretizationTypeError:
        raise ValueError(
            f"{op_name}: num_segments must be given when segment_ids are traced (inside "
            "jax.jit): the output size cannot depend on their values."
        ) from None


def segment_sum(
    data: Any, segment_ids: Any, num_segments: int | None = None, sorted: bool = False
) -> jax.Array:
    data = convert_to_tensor(data)
    ids = convert_to_tensor(segment_ids)
    count = _num_segments("segment_sum", ids, num_segments)
    return jax.ops.segment_sum(data, ids, num_segments=count, indices_are_sorted=sorted)


def segment_max(
    data: Any, segment_ids: Any, num_segments: int | None = None, sorted: bool = False
) -> jax.Array:
    data = convert_to_tensor(data)
    ids = convert_to_tensor(segment_ids)
    count = _num_segments("segment_max", ids, num_segments)
    return jax.ops.segment_max(data, ids, num_segments=count, indices_are_sorted=sorted)


def top_k(x: Any, k: int, sorted: bool = True) -> tuple[jax.Array, jax.Array]:
    x = convert_to_tensor(x)
    compute = x.astype(jnp.uint8) if x.dtype == jnp.bool_ else x
    values, indices = jax.lax.top_k(compute, k)
    return values.astype(x.dtype), indices.astype(jnp.int32)


def in_top_k(targets: Any, predictions: Any, k: int) -> jax.Array:
    targets = convert_to_tensor(targets)
    predictions = convert_to_tensor(predictions)
    target_scores = jnp.take_along_axis(predictions, targets[:, None].astype(jnp.int32), axis=-1)
    higher = jnp.sum(predictions > target_scores, axis=-1)
    return higher < k


def _frame_index(size: int, frame_length: int, stride: int) -> np.ndarray:
    starts = np.arange(1 + (size - frame_length) // stride) * stride
    return starts[:, None] + np.arange(frame_length)


def extract_sequences(x: Any, sequence_length: int, sequence_stride: int) -> jax.Array:
    x = convert_to_tensor(x)
    return x[..., _frame_index(x.shape[-1], sequence_length, sequence_stride)]


def _complex(x: Any) -> tuple[jax.Array, Any]:
    """Returns the pair `x` as one complex array, and the float dtype of the result."""
    real = convert_to_tensor(x[0])
    imag = convert_to_tensor(x[1])
    name = dtypes.result_type(real.dtype, imag.dtype)
    name = name if name in dtypes.FLOAT_TYPES else floatx()
    compute = "float32" if name in _HALF else name
    return jax.lax.complex(real.astype(compute), imag.astype(compute)), to_engine_dtype(name)


def _split(z: jax.Array, dtype: Any) -> tuple[jax.Array, jax.Array]:
    return jnp.real(z).astype(dtype), jnp.imag(z).astype(dtype)


def fft(x: Any) -> tuple[jax.Array, jax.Array]:
    z, dtype = _complex(x)
    return _split(jnp.fft.fft(z, axis=-1), dtype)


def fft2(x: Any) -> tuple[jax.Array, jax.Array]:
    z, dtype = _complex(x)
    return _split(jnp.fft.fft2(z, axes=(-2, -1)), dtype)


def rfft(x: Any, fft_length: int | None = None) -> tuple[jax.Array, jax.Array]:
    x = _float(x)
    return _split(jnp.fft.rfft(_widen(x), n=fft_length, axis=-1), x.dtype)


def irfft(x: Any, fft_length: int | None = None) -> jax.Array:
    z, dtype = _complex(x)
    return jnp.fft.irfft(z, n=fft_length, axis=-1).astype(dtype)


@functools.cache
def _window(window: str | None, sequence_length: int, fft_length: int) -> np.ndarray:
    """Returns the periodic window, zero-padded on both sides to `fft_length` (float64)."""
    if window is None or sequence_length == 1:
        values = np.ones(sequence_length)
    else:
        phase = 2.0 * np.pi * np.arange(sequence_length) / sequence_length
        alpha = 0.5 if window == "hann" else 0.54
        values = alpha - (1.0 - alpha) * np.cos(phase)
    left = (fft_length - sequence_length) // 2
    return np.pad(values, (left, fft_length - sequence_length - left))


def _window_for(window: Any, sequence_length: int, fft_length: int, dtype: Any) -> Any:
    if window is None or isinstance(window, str):
        return _window(window, sequence_length, fft_length).astype(dtype)
    left = (fft_length - sequence_length) // 2
    values = convert_to_tensor(window).astype(dtype)
    return jnp.pad(values, (left, fft_length - sequence_length - left))


def stft(
    x: Any,
    sequence_length: int,
    sequence_stride: int,
    fft_length: int,
    window: Any = "hann",
    center: bool = True,
) -> tuple[jax.Array, jax.Array]:
    x = _float(x)
    signal = _widen(x)
    if center:
        pad = [(0, 0)] * (signal.ndim - 1) + [(fft_length // 2, fft_length // 2)]
        signal = jnp.pad(signal, pad, mode="reflect")
    frames = signal[..., _frame_index(signal.shape[-1], fft_length, sequence_stride)]
    frames = frames * _window_for(window, sequence_length, fft_length, signal.dtype)
    return _split(jnp.fft.rfft(frames, n=fft_length, axis=-1), x.dtype)


def _envelope_of(window: np.ndarray, sequence_stride: int, frames: int) -> np.ndarray:
    """Returns 1 / (overlap-added squared window), 1 where the envelope vanishes."""
    fft_length = window.shape[0]
    envelope = np.zeros(fft_length + sequence_stride * (frames - 1))
    for t in range(frames):
        envelope[t * sequence_stride : t * sequence_stride + fft_length] += window**2
    safe = envelope > 1e-11
    return np.where(safe, 1.0 / np.where(safe, envelope, 1.0), 1.0)


@functools.cache
def _inverse_envelope(
    window: str | None, sequence_length: int, sequence_stride: int, fft_length: int, frames: int
) -> np.ndarray:
    return _envelope_of(_window(window, sequence_length, fft_length), sequence_stride, frames)


def istft(
    x: Any,
    sequence_length: int,
    sequence_stride: int,
    fft_length: int,
    length: int | None = None,
    window: Any = "hann",
    center: bool = True,
) -> jax.Array:
    z, dtype = _complex(x)
    frames = jnp.fft.irfft(z, n=fft_length, axis=-1)
    num_frames = frames.shape[-2]
    weights = _window_for(window, sequence_length, fft_length, frames.dtype)
    inverse: Any
    if window is None or isinstance(window, str):
        inverse = _inverse_envelope(
            window, sequence_length, sequence_stride, fft_length, num_frames
        )
    else:
        envelope = _overlap_add(weights**2, sequence_stride, num_frames)
        safe = envelope > 1e-11
        inverse = jnp.where(safe, 1.0 / jnp.where(safe, envelope, 1.0), 1.0)
    frames = frames * weights
    total = fft_length + sequence_stride * (num_frames - 1)
    signal = _overlap_add(frames, sequence_stride, num_frames, total)
    signal = signal * inverse.astype(signal.dtype)
    start = fft_length // 2 if center else 0
    stop = total - start if length is None else start + length
    signal = signal[..., start:stop]
    if length is not None and signal.shape[-1] < length:
        pad = [(0, 0)] * (signal.ndim - 1) + [(0, length - signal.shape[-1])]
        signal = jnp.pad(signal, pad)
    return signal.astype(dtype)


def _overlap_add(frames: jax.Array, stride: int, num_frames: int, total: int = 0) -> jax.Array:
    """Sums `frames` (`(..., num_frames, F)`, or one `(F,)` frame repeated) at `stride` apart."""
    fft_length = frames.shape[-1]
    total = total or fft_length + stride * (num_frames - 1)
    if frames.ndim == 1:
        frames = jnp.broadcast_to(frames, (num_frames, fft_length))
    index = np.arange(num_frames)[:, None] * stride + np.arange(fft_length)
    signal = jnp.zeros((*frames.shape[:-2], total), dtype=frames.dtype)
    return signal.at[..., index].add(frames)
