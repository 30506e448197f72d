"""Torch backend: creation ops (new tensors go on `core.get_device()`)."""

from __future__ import annotations

from typing import Any

import torch

from lamina.backend.common import dtypes
from lamina.backend.torch.core import _weak_dtype, convert_to_tensor, get_device, to_engine_dtype

# torch has few CPU kernels for these: they are built in int64 and cast.
_WIDE_UINTS = (torch.uint16, torch.uint32, torch.uint64)


def _size(shape: Any) -> tuple[int, ...]:
    return (shape,) if isinstance(shape, int) else tuple(shape)


def zeros(shape: Any, dtype: Any = None) -> torch.Tensor:
    return torch.zeros(_size(shape), dtype=to_engine_dtype(dtype), device=get_device())


def ones(shape: Any, dtype: Any = None) -> torch.Tensor:
    return torch.ones(_size(shape), dtype=to_engine_dtype(dtype), device=get_device())


def full(shape: Any, fill_value: Any, dtype: Any = None) -> torch.Tensor:
    dtype = to_engine_dtype(dtype)
    if isinstance(fill_value, (bool, int, float)) and dtype not in _WIDE_UINTS:
        return torch.full(_size(shape), fill_value, dtype=dtype, device=get_device())
    return convert_to_tensor(fill_value, dtype).expand(_size(shape)).clone()


def zeros_like(x: Any, dtype: Any = None) -> torch.Tensor:
    x = convert_to_tensor(x)
    return torch.zeros_like(x, dtype=None if dtype is None else to_engine_dtype(dtype))


def ones_like(x: Any, dtype: Any = None) -> torch.Tensor:
    x = convert_to_tensor(x)
    return torch.ones_like(x, dtype=None if dtype is None else to_engine_dtype(dtype))


def full_like(x: Any, fill_value: Any, dtype: Any = None) -> torch.Tensor:
    x = convert_to_tensor(x)
    engine_dtype = x.dtype if dtype is None else to_engine_dtype(dtype)
    fill = convert_to_tensor(fill_value, engine_dtype).to(x.device)
    return fill.expand(x.shape).clone()


def empty(shape: Any, dtype: Any = None) -> torch.Tensor:
    return torch.empty(_size(shape), dtype=to_engine_dtype(dtype), device=get_device())


def identity(n: int, dtype: Any = None) -> torch.Tensor:
    return eye(n, dtype=dtype)


def _diagonal_offsets(rows: int, columns: int) -> torch.Tensor:
    device = get_device()
    return (
        torch.arange(columns, device=device)[None, :] - torch.arange(rows, device=device)[:, None]
    )


def eye(N: int, M: int | None = None, k: int = 0, dtype: Any = None) -> torch.Tensor:  # noqa: N803
    offsets = _diagonal_offsets(N, N if M is None else M)
    return (offsets == k).to(to_engine_dtype(dtype))


def tri(N: int, M: int | None = None, k: int = 0, dtype: Any = None) -> torch.Tensor:  # noqa: N803
    offsets = _diagonal_offsets(N, N if M is None else M)
    return (offsets <= k).to(to_engine_dtype(dtype))


def tril(x: Any, k: int = 0) -> torch.Tensor:
    x = convert_to_tensor(x)
    if x.dtype in _WIDE_UINTS:
        return torch.tril(x.to(torch.int64), diagonal=k).to(x.dtype)
    return torch.tril(x, diagonal=k)


def triu(x: Any, k: int = 0) -> torch.Tensor:
    x = convert_to_tensor(x)
    if x.dtype in _WIDE_UINTS:
        return torch.triu(x.to(torch.int64), diagonal=k).to(x.dtype)
    return torch.triu(x, diagonal=k)


def arange(start: Any, stop: Any = None, step: Any = 1, dtype: Any = None) -> torch.Tensor:
    if dtype is None:
        dtype = dtypes.result_type(*(_weak_dtype(v) for v in (start, stop, step) if v is not None))
    if stop is None:
        start, stop = 0, start
    engine_dtype = to_engine_dtype(dtype)
    compute_dtype = torch.int64 if engine_dtype in _WIDE_UINTS else engine_dtype
    result = torch.arange(start, stop, step, dtype=compute_dtype, device=get_device())
    return result.to(engine_dtype)


def linspace(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    retstep: bool = False,
    dtype: Any = None,
    axis: int = 0,
) -> Any:
    if dtype is None:
        dtype = dtypes.result_type(_weak_dtype(start), _weak_dtype(stop), float)
    engine_dtype = to_engine_dtype(dtype)
    start = convert_to_tensor(start, torch.float64)
    stop = convert_to_tensor(stop, torch.float64)
    shape = torch.broadcast_shapes(start.shape, stop.shape)
    divisions = num - 1 if endpoint else num
    delta = stop - start
    step = delta / divisions if divisions > 0 else delta * float("nan")
    ramp = torch.arange(num, dtype=torch.float64, device=start.device)
    ramp = ramp.reshape((num,) + (1,) * len(shape))
    samples = start + ramp * (step if divisions > 0 else delta)
    if endpoint and num > 1:
        samples = torch.cat([samples[:-1], stop.expand(shape)[None]])
    samples = torch.movedim(samples, 0, axis)
    if dtypes.is_int_dtype(dtype):
        samples = torch.floor(samples)
    samples = samples.to(engine_dtype)
    return (samples, step.expand(shape).to(engine_dtype)) if retstep else samples
