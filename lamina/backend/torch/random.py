"""Torch backend: random ops.

Every op receives its seed as a uint32 tensor of shape (2,) (drawn by `lamina.random`) and
samples from a `torch.Generator` seeded from it, so equal seeds give equal numbers and the
global torch RNG is never touched.
"""

from __future__ import annotations

import math
from typing import Any

import torch

from lamina.backend.torch.core import convert_to_tensor, get_device, to_engine_dtype

_MASK64 = (1 << 64) - 1


def _mix(first: int, second: int) -> int:
    # splitmix64 of both words: the CPU generator seeds its state from the low 32 bits only,
    # so every bit of the seed must reach them.
    z = (((first & 0xFFFFFFFF) << 32) | (second & 0xFFFFFFFF)) + 0x9E3779B97F4A7C15
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return z ^ (z >> 31)


def _generator(seed: Any, device: Any = None) -> torch.Generator:
    first, second = (int(v) for v in convert_to_tensor(seed).tolist())
    generator = torch.Generator(device=device or get_device())
    generator.manual_seed(_mix(first, second))
    return generator


def _compute_dtype(dtype: str) -> torch.dtype:
    # Sample in float32 (float64 when asked) and cast: not every kernel takes half types.
    return torch.float64 if dtype == "float64" else torch.float32


def _param(value: Any, compute: torch.dtype) -> Any:
    if isinstance(value, (int, float)):
        return value
    return convert_to_tensor(value).to(compute)


def seed_engine(seed: int) -> None:
    """Seeds torch's global RNG (for user code that calls torch directly)."""
    torch.manual_seed(seed)


def is_tracing() -> bool:
    """Returns whether code is being traced for compilation (never, for eager torch)."""
    return False


def normal(shape: tuple, mean: Any, stddev: Any, dtype: str, seed: Any) -> torch.Tensor:
    compute = _compute_dtype(dtype)
    device = get_device()
    sample = torch.randn(shape, generator=_generator(seed), dtype=compute, device=device)
    sample = sample * _param(stddev, compute) + _param(mean, compute)
    return sample.to(to_engine_dtype(dtype))


def uniform(shape: tuple, minval: Any, maxval: Any, dtype: str, seed: Any) -> torch.Tensor:
    compute = _compute_dtype(dtype)
    device = get_device()
    sample = torch.rand(shape, generator=_generator(seed), dtype=compute, device=device)
    low, high = _param(minval, compute), _param(maxval, compute)
    return (sample * (high - low) + low).to(to_engine_dtype(dtype))


def truncated_normal(shape: tuple, mean: Any, stddev: Any, dtype: str, seed: Any) -> torch.Tensor:
    # Inverse CDF on (-2, 2): x = sqrt(2) * erfinv(u) with u uniform on (-erf(sqrt 2), erf(sqrt 2)).
    compute = _compute_dtype(dtype)
    device = get_device()
    bound = math.erf(math.sqrt(2.0))
    u = torch.rand(shape, generator=_generator(seed), dtype=compute, device=device)
    sample = math.sqrt(2.0) * torch.erfinv((2.0 * u - 1.0) * bound)
    sample = sample * _param(stddev, compute) + _param(mean, compute)
    return sample.to(to_engine_dtype(dtype))


def randint(shape: tuple, minval: Any, maxval: Any, dtype: str, seed: Any) -> torch.Tensor:
    sample = torch.randint(
        int(minval),
        int(maxval),
        shape,
        generator=_generator(seed),
        dtype=torch.int64,
        device=get_device(),
    )
    return sample.to(to_engine_dtype(dtype))


def categorical(logits: Any, num_samples: int, dtype: str, seed: Any) -> torch.Tensor:
    logits = convert_to_tensor(logits)
    probabilities = torch.softmax(logits.to(torch.float64), dim=-1)
    generator = _generator(seed, logits.device)
    if probabilities.shape[0] == 0 or num_samples == 0:
        return torch.zeros(
            (logits.shape[0], num_samples), dtype=to_engine_dtype(dtype), device=logits.device
        )
    sample = torch.multinomial(probabilities, num_samples, replacement=True, generator=generator)
    return sample.to(to_engine_dtype(dtype))


def dropout(inputs: Any, rate: float, noise_shape: tuple, seed: Any) -> torch.Tensor:
    inputs = convert_to_tensor(inputs)
    keep = 1.0 - rate
    generator = _generator(seed, inputs.device)
    noise = torch.rand(noise_shape, generator=generator, device=inputs.device)
    return torch.where(noise < keep, inputs / keep, torch.zeros_like(inputs))


def shuffle(x: Any, axis: int, seed: Any) -> torch.Tensor:
    x = convert_to_tensor(x)
    generator = _generator(seed, x.device)
    order = torch.randperm(x.shape[axis], generator=generator, device=x.device)
    return torch.index_select(x, axis, order)


def _standard_gamma(alpha: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    # Marsaglia and Tsang's rejection sampler; alpha < 1 samples alpha + 1 and scales by
    # u ** (1 / alpha). torch's own gamma sampler takes no generator.
    boosted = alpha < 1
    a = torch.where(boosted, alpha + 1, alpha)
    d = a - 1.0 / 3.0
    c = 1.0 / torch.sqrt(9.0 * d)
    result = torch.ones_like(a)
    pending = torch.ones_like(a, dtype=torch.bool)
    while bool(pending.any()):
        x = torch.randn(a.shape, generator=generator, dtype=a.dtype, device=a.device)
        u = torch.rand(a.shape, generator=generator, dtype=a.dtype, device=a.device)
        v = (1.0 + c * x) ** 3
        log_v = torch.log(torch.clamp(v, min=torch.finfo(a.dtype).tiny))
        accepted = (v > 0) & (torch.log(u) < 0.5 * x * x + d - d * v + d * log_v)
        result = torch.where(pending & accepted, d * v, result)
        pending = pending & ~accepted
    u = torch.rand(a.shape, generator=generator, dtype=a.dtype, device=a.device)
    return torch.where(boosted, result * u ** (1.0 / alpha), result)


def _broadcast_param(value: Any, shape: tuple, compute: torch.dtype) -> torch.Tensor:
    tensor = convert_to_tensor(value).to(compute)
    return torch.broadcast_to(tensor, shape).to(get_device())


def gamma(shape: tuple, alpha: Any, dtype: str, seed: Any) -> torch.Tensor:
    compute = _compute_dtype(dtype)
    alpha = _broadcast_param(alpha, shape, compute)
    return _standard_gamma(alpha, _generator(seed, alpha.device)).to(to_engine_dtype(dtype))


def binomial(shape: tuple, counts: Any, probabilities: Any, dtype: str, seed: Any) -> torch.Tensor:
    compute = _compute_dtype(dtype)
    counts = _broadcast_param(counts, shape, compute)
    probabilities = _broadcast_param(probabilities, shape, compute)
    sample = torch.binomial(counts, probabilities, generator=_generator(seed, counts.device))
    return sample.to(to_engine_dtype(dtype))


def beta(shape: tuple, alpha: Any, beta: Any, dtype: str, seed: Any) -> torch.Tensor:
    compute = _compute_dtype(dtype)
    alpha = _broadcast_param(alpha, shape, compute)
    beta = _broadcast_param(beta, shape, compute)
    generator = _generator(seed, alpha.device)
    x = _standard_gamma(alpha, generator)
    y = _standard_gamma(beta, generator)
    return (x / (x + y)).to(to_engine_dtype(dtype))
