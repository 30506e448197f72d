"""Torch backend: random ops.

Every op receives its seed as a uint32 tensor of shape (2,) (drawn by `lamina.random`), so
equal seeds give equal numbers and the global torch RNG is never touched. Two streams serve it:

- Eagerly, ops sample from a `torch.Generator` seeded from the seed: torch's own kernels, the
  fastest there are (one launch per draw).
- Under `torch.compile` (dynamo), generator objects and reading the seed on the host would break
  the graph, so ops draw from a counter-based stream instead: word `i` of a draw is an integer
  hash of (seed, i) computed with plain tensor ops, which the compiler fuses into one kernel.
  Its numbers differ from the eager stream's (as torch's own compiled RNG differs from its eager
  one) but follow the same distributions and repeat for the same seed.
"""

from __future__ import annotations

import math
from typing import Any

import torch

from lamina.backend.torch.core import convert_to_tensor, get_device, to_engine_dtype

_MASK64 = (1 << 64) - 1
_MASK32 = 0xFFFFFFFF
# Words are held in int64 tensors, below 2**32. The hash's multipliers (a 32-bit hash found by
# Chris Wellons' public-domain hash-prospector search) are below 2**31, so no product overflows.
_MULTIPLIERS = (0x21F0AAAD, 0x735A2D97)
# Fixed odd words that tell the two halves of a stream key apart.
_KEY_SALTS = (0x9E3779B9, 0x7F4A7C15)


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


def _traced() -> bool:
    """Whether dynamo is tracing: draws then come from the counter-based stream."""
    return torch.compiler.is_compiling()


def _hash32(x: Any) -> Any:
    """A bijection of 32-bit words held in int64 (a tensor or a Python int)."""
    x = x ^ (x >> 16)
    x = (x * _MULTIPLIERS[0]) & _MASK32
    x = x ^ (x >> 15)
    x = (x * _MULTIPLIERS[1]) & _MASK32
    return x ^ (x >> 15)


def _stream_words(seed: Any, count: int, device: Any) -> torch.Tensor:
    """`count` pseudo-random 32-bit words (int64, flat): word i hashes (seed, i).

    The seed's two words become a 64-bit key through two Feistel-style rounds (invertible, so
    distinct seeds give distinct keys); each index is then hashed twice, the key's halves mixed
    in before each hash, so the words of different keys are not shifted copies of each other.
    """
    words = convert_to_tensor(seed).to(device=device, dtype=torch.int64)
    first, second = words[0], words[1]
    key_low = _hash32(first ^ _hash32(second ^ _KEY_SALTS[0]))
    key_high = _hash32(second ^ _hash32(key_low ^ _KEY_SALTS[1]))
    index = torch.arange(count, dtype=torch.int64, device=device)
    if count > 1 << 32:  # Past 2**32 words, the index's high half moves the key.
        key_low = key_low ^ _hash32(index >> 32)
        index = index & _MASK32
    return _hash32(_hash32(index ^ key_low) ^ key_high)


def _stream_uniform(seed: Any, count: int, dtype: torch.dtype, device: Any) -> torch.Tensor:
    """`count` uniform samples on [0, 1) from the counter-based stream (24 or 53 bits)."""
    if dtype == torch.float64:
        words = _stream_words(seed, 2 * count, device).reshape(2, count)
        mantissa = (words[0] >> 5) * (1 << 26) + (words[1] >> 6)
        return mantissa.to(torch.float64) * 2.0**-53
    return (_stream_words(seed, count, device) >> 8).to(dtype) * 2.0**-24


def _stream_normal(seed: Any, shape: tuple, dtype: torch.dtype, device: Any) -> torch.Tensor:
    # Box-Muller: each pair of uniforms gives two independent standard normals.
    count = math.prod(shape)
    pairs = (count + 1) // 2
    uniform = _stream_uniform(seed, 2 * pairs, dtype, device)
    radius = torch.sqrt(-2.0 * torch.log(1.0 - uniform[:pairs]))
    angle = (2.0 * math.pi) * uniform[pairs:]
    both = torch.cat([radius * torch.cos(angle), radius * torch.sin(angle)])
    return both[:count].reshape(shape)


def _standard_uniform(shape: tuple, seed: Any, dtype: torch.dtype, device: Any) -> torch.Tensor:
    if _traced():
        return _stream_uniform(seed, math.prod(shape), dtype, device).reshape(shape)
    return torch.rand(shape, generator=_generator(seed, device), dtype=dtype, device=device)


def _standard_normal(shape: tuple, seed: Any, dtype: torch.dtype, device: Any) -> torch.Tensor:
    if _traced():
        return _stream_normal(seed, shape, dtype, device)
    return torch.randn(shape, generator=_generator(seed, device), dtype=dtype, device=device)


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
    """Returns False: a `torch.compile`d function may advance a SeedGenerator in place."""
    return False


def normal(shape: tuple, mean: Any, stddev: Any, dtype: str, seed: Any) -> torch.Tensor:
    compute = _compute_dtype(dtype)
    sample = _standard_normal(shape, seed, compute, get_device())
    sample = sample * _param(stddev, compute) + _param(mean, compute)
    return sample.to(to_engine_dtype(dtype))


def uniform(shape: tuple, minval: Any, maxval: Any, dtype: str, seed: Any) -> torch.Tensor:
    compute = _compute_dtype(dtype)
    sample = _standard_uniform(shape, seed, compute, get_device())
    low, high = _param(minval, compute), _param(maxval, compute)
    return (sample * (high - low) + low).to(to_engine_dtype(dtype))


def truncated_normal(shape: tuple, mean: Any, stddev: Any, dtype: str, seed: Any) -> torch.Tensor:
    # Inverse CDF on (-2, 2): x = sqrt(2) * erfinv(u) with u uniform on (-erf(sqrt 2), erf(sqrt 2)).
    compute = _compute_dtype(dtype)
    bound = math.erf(math.sqrt(2.0))
    u = _standard_uniform(shape, seed, compute, get_device())
    sample = math.sqrt(2.0) * torch.erfinv((2.0 * u - 1.0) * bound)
    sample = sample * _param(stddev, compute) + _param(mean, compute)
    return sample.to(to_engine_dtype(dtype))


def randint(shape: tuple, minval: Any, maxval: Any, dtype: str, seed: Any) -> torch.Tensor:
    low, high, device = int(minval), int(maxval), get_device()
    if _traced():
        sample = _stream_below(seed, math.prod(shape), high - low, device).reshape(shape) + low
    else:
        generator = _generator(seed, device)
        sample = torch.randint(
            low, high, shape, generator=generator, dtype=torch.int64, device=device
        )
    return sample.to(to_engine_dtype(dtype))


def _stream_below(seed: Any, count: int, bound: int, device: Any) -> torch.Tensor:
    """`count` integers uniform on [0, bound) (int64) from the counter-based stream."""
    if bound <= 1 << 31:  # The high half of word * bound: no division, no overflow.
        return (_stream_words(seed, count, device) * bound) >> 32
    return _stream_wide(seed, count, device) % bound


def _stream_wide(seed: Any, count: int, device: Any) -> torch.Tensor:
    """`count` 62-bit integers (int64) from two words each."""
    words = _stream_words(seed, 2 * count, device).reshape(2, count)
    return (words[0] << 30) | (words[1] >> 2)


def categorical(logits: Any, num_samples: int, dtype: str, seed: Any) -> torch.Tensor:
    logits = convert_to_tensor(logits)
    probabilities = torch.softmax(logits.to(torch.float64), dim=-1)
    if probabilities.shape[0] == 0 or num_samples == 0:
        return torch.zeros(
            (logits.shape[0], num_samples), dtype=to_engine_dtype(dtype), device=logits.device
        )
    if _traced():
        sample = _stream_categorical(probabilities, num_samples, seed)
    else:
        generator = _generator(seed, logits.device)
        sample = torch.multinomial(
            probabilities, num_samples, replacement=True, generator=generator
        )
    return sample.to(to_engine_dtype(dtype))


def _stream_categorical(probabilities: torch.Tensor, num_samples: int, seed: Any) -> torch.Tensor:
    # Inverse CDF: the first class whose cumulative probability exceeds u * total. u has 32
    # bits, so u * total stays below the total and never lands past the last possible class.
    batch, classes = probabilities.shape
    cumulative = torch.cumsum(probabilities, dim=-1)
    words = _stream_words(seed, batch * num_samples, probabilities.device)
    targets = words.reshape(batch, num_samples).to(torch.float64) * 2.0**-32
    targets = targets * cumulative[:, -1:]
    sample = torch.searchsorted(cumulative, targets, right=True)
    return torch.clamp(sample, max=classes - 1)


def dropout(inputs: Any, rate: float, noise_shape: tuple, seed: Any) -> torch.Tensor:
    inputs = convert_to_tensor(inputs)
    keep = 1.0 - rate
    if _traced():  # Compare integer words with a threshold: exact, no float conversion.
        words = _stream_words(seed, math.prod(noise_shape), inputs.device)
        kept = words.reshape(noise_shape) < round(keep * 2.0**32)
    else:
        generator = _generator(seed, inputs.device)
        kept = torch.rand(noise_shape, generator=generator, device=inputs.device) < keep
    return torch.where(kept, inputs / keep, torch.zeros_like(inputs))


def shuffle(x: Any, axis: int, seed: Any) -> torch.Tensor:
    x = convert_to_tensor(x)
    if _traced():  # Sorting 62-bit random keys: ties (which would favour the order) are negligible.
        order = torch.argsort(_stream_wide(seed, x.shape[axis], x.device), stable=True)
    else:
        generator = _generator(seed, x.device)
        order = torch.randperm(x.shape[axis], generator=generator, device=x.device)
    return torch.index_select(x, axis, order)


# The rejection samplers below loop until every entry is accepted, a data-dependent loop that
# torch.compile cannot hold in one graph: they keep the eager stream (and break the graph).
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
