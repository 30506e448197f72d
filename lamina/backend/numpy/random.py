"""Numpy backend: random ops.

Every op receives its seed as a uint32 array of shape (2,) (drawn by `lamina.random`) and
samples from `np.random.default_rng(seed)`, so equal seeds give equal numbers.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lamina.backend.numpy.core import convert_to_tensor, to_engine_dtype


def _rng(seed: Any) -> np.random.Generator:
    return np.random.default_rng([int(v) for v in np.asarray(convert_to_tensor(seed))])


def _compute_dtype(dtype: str) -> Any:
    return np.float64 if dtype == "float64" else np.float32


def _param(value: Any) -> Any:
    return value if isinstance(value, (int, float)) else np.asarray(convert_to_tensor(value))


def seed_engine(seed: int) -> None:
    """Seeds the engine's global RNG; NumPy's is seeded by `set_random_seed` itself."""


def is_tracing() -> bool:
    """Returns whether code is being traced for compilation (never, for NumPy)."""
    return False


def normal(shape: tuple, mean: Any, stddev: Any, dtype: str, seed: Any) -> np.ndarray:
    sample = _rng(seed).standard_normal(shape, dtype=_compute_dtype(dtype))
    return np.asarray(sample * _param(stddev) + _param(mean)).astype(to_engine_dtype(dtype))


def uniform(shape: tuple, minval: Any, maxval: Any, dtype: str, seed: Any) -> np.ndarray:
    sample = _rng(seed).random(shape, dtype=_compute_dtype(dtype))
    low, high = _param(minval), _param(maxval)
    return np.asarray(sample * (high - low) + low).astype(to_engine_dtype(dtype))


def truncated_normal(shape: tuple, mean: Any, stddev: Any, dtype: str, seed: Any) -> np.ndarray:
    # Rejection: redraw the samples that fall more than two standard deviations out.
    rng = _rng(seed)
    sample = rng.standard_normal(shape)
    outside = np.abs(sample) > 2.0
    while outside.any():
        sample[outside] = rng.standard_normal(int(outside.sum()))
        outside = np.abs(sample) > 2.0
    sample = sample.astype(_compute_dtype(dtype)) * _param(stddev) + _param(mean)
    return np.asarray(sample).astype(to_engine_dtype(dtype))


def randint(shape: tuple, minval: Any, maxval: Any, dtype: str, seed: Any) -> np.ndarray:
    sample = _rng(seed).integers(int(minval), int(maxval), size=shape, dtype=np.int64)
    return sample.astype(to_engine_dtype(dtype))


def categorical(logits: Any, num_samples: int, dtype: str, seed: Any) -> np.ndarray:
    # Gumbel-max: the argmax of logits plus Gumbel noise is a draw from softmax(logits).
    logits = np.asarray(convert_to_tensor(logits), dtype=np.float64)
    noise = _rng(seed).gumbel(size=(logits.shape[0], num_samples, logits.shape[1]))
    if logits.shape[1] == 0:
        return np.zeros((logits.shape[0], num_samples), to_engine_dtype(dtype))
    return np.argmax(logits[:, None, :] + noise, axis=-1).astype(to_engine_dtype(dtype))


def dropout(inputs: Any, rate: float, noise_shape: tuple, seed: Any) -> np.ndarray:
    inputs = convert_to_tensor(inputs)
    keep = 1.0 - rate
    kept = _rng(seed).random(noise_shape) < keep
    scaled = (inputs / np.asarray(keep, inputs.dtype)).astype(inputs.dtype)
    return np.where(kept, scaled, np.zeros((), inputs.dtype))


def shuffle(x: Any, axis: int, seed: Any) -> np.ndarray:
    x = convert_to_tensor(x)
    return np.take(x, _rng(seed).permutation(x.shape[axis]), axis=axis)


def gamma(shape: tuple, alpha: Any, dtype: str, seed: Any) -> np.ndarray:
    sample = _rng(seed).standard_gamma(np.broadcast_to(_param(alpha), shape), size=shape)
    return np.asarray(sample).astype(to_engine_dtype(dtype))


def binomial(shape: tuple, counts: Any, probabilities: Any, dtype: str, seed: Any) -> np.ndarray:
    counts = np.broadcast_to(np.asarray(_param(counts)).astype(np.int64), shape)
    sample = _rng(seed).binomial(counts, np.broadcast_to(_param(probabilities), shape), shape)
    return np.asarray(sample).astype(to_engine_dtype(dtype))


def beta(shape: tuple, alpha: Any, beta: Any, dtype: str, seed: Any) -> np.ndarray:
    alpha = np.broadcast_to(_param(alpha), shape)
    sample = _rng(seed).beta(alpha, np.broadcast_to(_param(beta), shape), size=shape)
    return np.asarray(sample).astype(to_engine_dtype(dtype))
