"""Torch backend: special functions, segment reductions, top-k, logsumexp, Fourier transforms."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import torch

from lamina.backend.common import dtypes
from lamina.backend.common.config import floatx
from lamina.backend.torch.core import convert_to_tensor, to_engine_dtype

_HALF = (torch.float16, torch.bfloat16)
# torch lacks many CPU kernels for these: compute in int64 (or uint8 for bool) and cast back.
_WIDE_INTS = {torch.uint16: torch.int64, torch.uint32: torch.int64, torch.uint64: torch.int64}


def _float(x: Any) -> torch.Tensor:
    x = convert_to_tensor(x)
    return x if x.is_floating_point() else x.to(to_engine_dtype(floatx()))


def _widen(x: torch.Tensor) -> torch.Tensor:
    # torch's FFTs and some special functions have no 16-bit CPU kernels.
    return x.to(torch.float32) if x.dtype in _HALF else x


def erf(x: Any) -> torch.Tensor:
    x = _float(x)
    return torch.erf(_widen(x)).to(x.dtype)


def erfinv(x: Any) -> torch.Tensor:
    x = _float(x)
    return torch.erfinv(_widen(x)).to(x.dtype)


def rsqrt(x: Any) -> torch.Tensor:
    return torch.rsqrt(_float(x))


def logsumexp(x: Any, axis: Any = None, keepdims: bool = False) -> torch.Tensor:
    x = _float(x)
    if x.ndim == 0:
        return x
    if axis is None:
        dims: Any = tuple(range(x.ndim))
    elif isinstance(axis, (list, tuple)):
        dims = tuple(axis)
        if not dims:
            return x
    else:
        dims = axis
    return torch.logsumexp(x, dim=dims, keepdim=keepdims)


def _num_segments(ids: torch.Tensor, num_segments: int | None) -> int:
    if num_segments is not None:
        return int(num_segments)
    return int(ids.max()) + 1 if ids.numel() else 0


def _segment_ids(segment_ids: Any, count: int) -> torch.Tensor:
    """Returns the ids as int64, with out-of-range ids sent to a spare row `count`."""
    ids = convert_to_tensor(segment_ids).to(torch.int64)
    valid = (ids >= 0) & (ids < count)
    return torch.where(valid, ids, torch.full_like(ids, count))


def segment_sum(
    data: Any, segment_ids: Any, num_segments: int | None = None, sorted: bool = False
) -> torch.Tensor:
    data = convert_to_tensor(data)
    raw_ids = convert_to_tensor(segment_ids)
    count = _num_segments(raw_ids, num_segments)
    ids = _segment_ids(raw_ids, count)
    compute = data.to(_WIDE_INTS[data.dtype]) if data.dtype in _WIDE_INTS else data
    out = torch.zeros((count + 1, *data.shape[1:]), dtype=compute.dtype, device=data.device)
    return out.index_add(0, ids, compute)[:count].to(data.dtype)


def _lowest(dtype: torch.dtype) -> Any:
    if dtype.is_floating_point:
        return float("-inf")
    if dtype is torch.bool:
        return False
    return torch.iinfo(dtype).min


def segment_max(
    data: Any, segment_ids: Any, num_segments: int | None = None, sorted: bool = False
) -> torch.Tensor:
    data = convert_to_tensor(data)
    raw_ids = convert_to_tensor(segment_ids)
    count = _num_segments(raw_ids, num_segments)
    ids = _segment_ids(raw_ids, count)
    compute = data
    if data.dtype in _WIDE_INTS or data.dtype is torch.bool:
        compute = data.to(torch.int64)
    lowest = _lowest(data.dtype)
    out = torch.full((count + 1, *data.shape[1:]), lowest, dtype=compute.dtype, device=data.device)
    index = ids.reshape(-1, *([1] * (data.ndim - 1))).expand_as(compute)
    out = out.scatter_reduce(0, index, compute, "amax", include_self=True)
    return out[:count].to(data.dtype)


def top_k(x: Any, k: int, sorted: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    x = convert_to_tensor(x)
    compute = x
    if x.dtype in _WIDE_INTS:
        compute = x.to(torch.int64)
    elif x.dtype is torch.bool:
        compute = x.to(torch.uint8)
    values, indices = torch.topk(compute, k, dim=-1, largest=True, sorted=sorted)
    return values.to(x.dtype), indices.to(torch.int32)


def in_top_k(targets: Any, predictions: Any, k: int) -> torch.Tensor:
    targets = convert_to_tensor(targets).to(torch.int64)
    predictions = convert_to_tensor(predictions)
    if predictions.dtype in _WIDE_INTS:
        predictions = predictions.to(torch.int64)
    target_scores = torch.gather(predictions, -1, targets[:, None])
    higher = torch.sum(predictions > target_scores, dim=-1)
    return higher < k


def extract_sequences(x: Any, sequence_length: int, sequence_stride: int) -> torch.Tensor:
    x = convert_to_tensor(x)
    return x.unfold(-1, sequence_length, sequence_stride)


def _complex(x: Any) -> tuple[torch.Tensor, torch.dtype]:
    """Returns the pair `x` as one complex tensor, and the float dtype of the result."""
    real = convert_to_tensor(x[0])
    imag = convert_to_tensor(x[1])
    name = dtypes.result_type(str(real.dtype)[6:], str(imag.dtype)[6:])
    dtype = to_engine_dtype(name if name in dtypes.FLOAT_TYPES else floatx())
    compute = torch.float32 if dtype in _HALF else dtype
    return torch.complex(real.to(compute), imag.to(compute)), dtype


def _split(z: torch.Tensor, dtype: torch.dtype) -> tuple[torch.Tensor, torch.Tensor]:
    return z.real.to(dtype), z.imag.to(dtype)


def _transform(fn: Any, z: torch.Tensor, axes: int, **kwargs: Any) -> torch.Tensor:
    if z.numel() or any(d == 0 for d in z.shape[-axes:]):
        return fn(z, **kwargs)
    # MKL rejects empty batches: transform one zero signal and broadcast it to the empty batch.
    one = fn(z.new_zeros(z.shape[-axes:]), **kwargs)
    return one.expand(*z.shape[:-axes], *one.shape)


def fft(x: Any) -> tuple[torch.Tensor, torch.Tensor]:
    z, dtype = _complex(x)
    return _split(_transform(torch.fft.fft, z, 1, dim=-1), dtype)


def fft2(x: Any) -> tuple[torch.Tensor, torch.Tensor]:
    z, dtype = _complex(x)
    return _split(_transform(torch.fft.fft2, z, 2, dim=(-2, -1)), dtype)


def rfft(x: Any, fft_length: int | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    x = _float(x)
    spectrum = _transform(torch.fft.rfft, _widen(x), 1, n=fft_length, dim=-1)
    return _split(spectrum, x.dtype)


def irfft(x: Any, fft_length: int | None = None) -> torch.Tensor:
    z, dtype = _complex(x)
    return _transform(torch.fft.irfft, z, 1, n=fft_length, dim=-1).to(dtype)


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


def _window_for(window: Any, sequence_length: int, fft_length: int, like: torch.Tensor) -> Any:
    left = (fft_length - sequence_length) // 2
    if window is None or isinstance(window, str):
        values = _window(window, sequence_length, fft_length)
        return torch.as_tensor(values, dtype=like.dtype, device=like.device)
    given = convert_to_tensor(window).to(dtype=like.dtype, device=like.device)
    return torch.nn.functional.pad(given, (left, fft_length - sequence_length - left))


def stft(
    x: Any,
    sequence_length: int,
    sequence_stride: int,
    fft_length: int,
    window: Any = "hann",
    center: bool = True,
) -> tuple[torch.Tensor, torch.Tensor]:
    x = _float(x)
    signal = _widen(x)
    if center:
        pad = fft_length // 2
        shape = signal.shape
        flat = signal.reshape(-1, 1, shape[-1])
        signal = torch.nn.functional.pad(flat, (pad, pad), mode="reflect")
        signal = signal.reshape(*shape[:-1], signal.shape[-1])
    frames = signal.unfold(-1, fft_length, sequence_stride)
    frames = frames * _window_for(window, sequence_length, fft_length, frames)
    return _split(torch.fft.rfft(frames, n=fft_length, dim=-1), x.dtype)


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
) -> torch.Tensor:
    z, dtype = _complex(x)
    frames = torch.fft.irfft(z, n=fft_length, dim=-1)
    num_frames = frames.shape[-2]
    weights = _window_for(window, sequence_length, fft_length, frames)
    if window is None or isinstance(window, str):
        inverse = _inverse_envelope(
            window, sequence_length, sequence_stride, fft_length, num_frames
        )
    else:
        inverse = _envelope_of(weights.detach().cpu().double().numpy(), sequence_stride, num_frames)
    frames = frames * weights
    total = fft_length + sequence_stride * (num_frames - 1)
    starts = torch.arange(num_frames, device=frames.device) * sequence_stride
    index = (starts[:, None] + torch.arange(fft_length, device=frames.device)).reshape(-1)
    signal = torch.zeros((*frames.shape[:-2], total), dtype=frames.dtype, device=frames.device)
    signal = signal.index_add(-1, index, frames.reshape(*frames.shape[:-2], -1))
    signal = signal * torch.as_tensor(inverse, dtype=signal.dtype, device=signal.device)
    start = fft_length // 2 if center else 0
    stop = total - start if length is None else start + length
    signal = signal[..., start:stop]
    if length is not None and signal.shape[-1] < length:
        signal = torch.nn.functional.pad(signal, (0, length - signal.shape[-1]))
    return signal.to(dtype)
