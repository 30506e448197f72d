"""NumPy backend: special functions, segment reductions, top-k, logsumexp, Fourier transforms.

SciPy is optional here: erf and erfinv use `scipy.special` when it is installed, and a
standard-library fallback otherwise.
"""

from __future__ import annotations

import functools
import math as _math
from typing import Any

import numpy as np

from lamina.backend.common import dtypes
from lamina.backend.common.config import floatx
from lamina.backend.numpy.core import convert_to_tensor, to_engine_dtype

_HALF = ("float16", "bfloat16")


def _float(x: Any) -> np.ndarray:
    x = convert_to_tensor(x)
    return x if x.dtype.kind == "f" or x.dtype.name == "bfloat16" else x.astype(floatx())


def _widen(x: np.ndarray) -> np.ndarray:
    # NumPy's linalg, FFT and SciPy's special functions have no 16-bit float kernels.
    return x.astype(np.float32) if x.dtype.name in _HALF else x


@functools.cache
def _scipy_special() -> Any:
    try:
        from scipy import special
    except ImportError:
        return None
    return special


_ERF = np.frompyfunc(_math.erf, 1, 1)


def erf(x: Any) -> np.ndarray:
    x = _float(x)
    special = _scipy_special()
    if special is not None:
        return np.asarray(special.erf(_widen(x))).astype(x.dtype)
    return np.asarray(_ERF(x.astype(np.float64)), dtype=np.float64).astype(x.dtype)


def _erfinv_fallback(x: np.ndarray) -> np.ndarray:
    # Winitzki's closed-form approximation (error ~2e-3), then Newton steps on erf.
    x = x.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_term = np.log((1.0 - x) * (1.0 + x))
        a = 0.147
        first = 2.0 / (np.pi * a) + log_term / 2.0
        y = np.sign(x) * np.sqrt(np.sqrt(first**2 - log_term / a) - first)
        for _ in range(4):
            error = np.asarray(_ERF(y), dtype=np.float64) - x
            y = np.where(np.isfinite(y), y - error / (2.0 / np.sqrt(np.pi) * np.exp(-(y**2))), y)
    y = np.where(np.abs(x) == 1.0, np.copysign(np.inf, x), y)
    return np.where(np.abs(x) > 1.0, np.nan, y)


def erfinv(x: Any) -> np.ndarray:
    x = _float(x)
    special = _scipy_special()
    if special is not None:
        return np.asarray(special.erfinv(_widen(x))).astype(x.dtype)
    return _erfinv_fallback(x).astype(x.dtype)


def rsqrt(x: Any) -> np.ndarray:
    x = _float(x)
    return np.reciprocal(np.sqrt(x))


def _axis(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, list) else axis


def logsumexp(x: Any, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    x = _float(x)
    axis = _axis(axis)
    peak = np.max(x, axis=axis, keepdims=True, initial=-np.inf)
    # A non-finite peak (all -inf, or some +inf) would give nan in x - peak: shift by 0.
    peak = np.where(np.isfinite(peak), peak, np.zeros_like(peak))
    with np.errstate(divide="ignore"):
        total = np.log(np.sum(np.exp(x - peak), axis=axis, keepdims=True)) + peak
    if not keepdims:
        total = np.squeeze(total, axis=axis) if axis is not None else total.reshape(())
    return np.asarray(total, dtype=x.dtype)


def _num_segments(ids: np.ndarray, num_segments: int | None) -> int:
    if num_segments is not None:
        return int(num_segments)
    return int(ids.max()) + 1 if ids.size else 0


def _lowest(dtype: np.dtype) -> Any:
    if dtype.kind == "f" or dtype.name == "bfloat16":
        return -np.inf
    if dtype.kind == "b":
        return False
    return np.iinfo(dtype).min


def _segment(data: Any, segment_ids: Any, num_segments: Any, ufunc: Any, fill: Any) -> np.ndarray:
    data = convert_to_tensor(data)
    ids = convert_to_tensor(segment_ids)
    count = _num_segments(ids, num_segments)
    compute = _widen(data)
    out = np.full((count, *data.shape[1:]), fill(data.dtype), dtype=compute.dtype)
    valid = (ids >= 0) & (ids < count)
    ufunc.at(out, ids[valid], compute[valid])
    return out.astype(data.dtype)


def segment_sum(
    data: Any, segment_ids: Any, num_segments: int | None = None, sorted: bool = False
) -> np.ndarray:
    return _segment(data, segment_ids, num_segments, np.add, lambda dtype: 0)


def segment_max(
    data: Any, segment_ids: Any, num_segments: int | None = None, sorted: bool = False
) -> np.ndarray:
    return _segment(data, segment_ids, num_segments, np.maximum, _lowest)


def top_k(x: Any, k: int, sorted: bool = True) -> tuple[np.ndarray, np.ndarray]:
    x = convert_to_tensor(x)
    # A decreasing key that cannot overflow: ~v is -v - 1 for ints and flips bools and uints.
    key = -x if x.dtype.kind == "f" or x.dtype.name == "bfloat16" else ~x
    indices = np.argsort(key, axis=-1, kind="stable")[..., :k]
    values = np.take_along_axis(x, indices, axis=-1)
    return values, indices.astype(np.int32)


def in_top_k(targets: Any, predictions: Any, k: int) -> np.ndarray:
    targets = convert_to_tensor(targets)
    predictions = convert_to_tensor(predictions)
    target_scores = np.take_along_axis(predictions, targets[:, None].astype(np.int64), axis=-1)
    higher = np.sum(predictions > target_scores, axis=-1)
    return higher < k


def extract_sequences(x: Any, sequence_length: int, sequence_stride: int) -> np.ndarray:
    x = convert_to_tensor(x)
    windows = np.lib.stride_tricks.sliding_window_view(x, sequence_length, axis=-1)
    return np.array(windows[..., ::sequence_stride, :])


def _complex(x: Any) -> tuple[np.ndarray, np.dtype]:
    """Returns the pair `x` as one complex array, and the float dtype of the result."""
    real = convert_to_tensor(x[0])
    imag = convert_to_tensor(x[1])
    name = dtypes.result_type(real.dtype, imag.dtype)
    name = name if name in dtypes.FLOAT_TYPES else floatx()
    compute = np.float32 if name in _HALF else to_engine_dtype(name)
    return real.astype(compute) + 1j * imag.astype(compute), to_engine_dtype(name)


def _split(z: np.ndarray, dtype: Any) -> tuple[np.ndarray, np.ndarray]:
    return np.real(z).astype(dtype), np.imag(z).astype(dtype)


def fft(x: Any) -> tuple[np.ndarray, np.ndarray]:
    z, dtype = _complex(x)
    return _split(np.fft.fft(z, axis=-1), dtype)


def fft2(x: Any) -> tuple[np.ndarray, np.ndarray]:
    z, dtype = _complex(x)
    return _split(np.fft.fft2(z, axes=(-2, -1)), dtype)


def rfft(x: Any, fft_length: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    x = _float(x)
    return _split(np.fft.rfft(_widen(x), n=fft_length, axis=-1), x.dtype)


def irfft(x: Any, fft_length: int | None = None) -> np.ndarray:
    z, dtype = _complex(x)
    return np.fft.irfft(z, n=fft_length, axis=-1).astype(dtype)


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


def _window_for(window: Any, sequence_length: int, fft_length: int, dtype: Any) -> np.ndarray:
    if window is None or isinstance(window, str):
        return _window(window, sequence_length, fft_length).astype(dtype)
    values = convert_to_tensor(window).astype(dtype)
    left = (fft_length - sequence_length) // 2
    return np.pad(values, (left, fft_length - sequence_length - left))


def stft(
    x: Any,
    sequence_length: int,
    sequence_stride: int,
    fft_length: int,
    window: Any = "hann",
    center: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    x = _float(x)
    signal = _widen(x)
    if center:
        pad = [(0, 0)] * (signal.ndim - 1) + [(fft_length // 2, fft_length // 2)]
        signal = np.pad(signal, pad, mode="reflect")
    frames = np.lib.stride_tricks.sliding_window_view(signal, fft_length, axis=-1)
    frames = frames[..., ::sequence_stride, :]
    frames = frames * _window_for(window, sequence_length, fft_length, signal.dtype)
    return _split(np.fft.rfft(frames, n=fft_length, axis=-1), x.dtype)


@functools.cache
def _inverse_envelope(
    window: str | None, sequence_length: int, sequence_stride: int, fft_length: int, frames: int
) -> np.ndarray:
    return _envelope_of(_window(window, sequence_length, fft_length), sequence_stride, frames)


def _envelope_of(window: np.ndarray, sequence_stride: int, frames: int) -> np.ndarray:
    """Returns 1 / (overlap-added squared window), 1 where the envelope vanishes."""
    fft_length = window.shape[0]
    envelope = np.zeros(fft_length + sequence_stride * (frames - 1))
    for t in range(frames):
        envelope[t * sequence_stride : t * sequence_stride + fft_length] += window**2
    safe = envelope > 1e-11
    return np.where(safe, 1.0 / np.where(safe, envelope, 1.0), 1.0)


def istft(
    x: Any,
    sequence_length: int,
    sequence_stride: int,
    fft_length: int,
    length: int | None = None,
    window: Any = "hann",
    center: bool = True,
) -> np.ndarray:
    z, dtype = _complex(x)
    frames = np.fft.irfft(z, n=fft_length, axis=-1)
    num_frames = frames.shape[-2]
    if window is None or isinstance(window, str):
        weights = _window(window, sequence_length, fft_length)
        inverse = _inverse_envelope(
            window, sequence_length, sequence_stride, fft_length, num_frames
        )
    else:
        weights = _window_for(window, sequence_length, fft_length, np.float64)
        inverse = _envelope_of(weights, sequence_stride, num_frames)
    frames = frames * weights.astype(frames.dtype)
    total = fft_length + sequence_stride * (num_frames - 1)
    signal = np.zeros((*frames.shape[:-2], total), dtype=frames.dtype)
    for t in range(num_frames):
        signal[..., t * sequence_stride : t * sequence_stride + fft_length] += frames[..., t, :]
    signal = signal * inverse.astype(signal.dtype)
    start = fft_length // 2 if center else 0
    stop = total - start if length is None else start + length
    signal = signal[..., start:stop]
    if length is not None and signal.shape[-1] < length:
        pad = [(0, 0)] * (signal.ndim - 1) + [(0, length - signal.shape[-1])]
        signal = np.pad(signal, pad)
    return signal.astype(dtype)
