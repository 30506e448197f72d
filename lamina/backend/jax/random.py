"""Jax backend: random ops.

Every op receives its seed as a uint32 array of shape (2,) (drawn by `lamina.random`) and uses
it as a raw `jax.random` key, so seeds can be traced values inside `jax.jit`.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from lamina.backend.jax.core import convert_to_tensor, to_engine_dtype


def _key(seed: Any) -> jax.Array:
    return convert_to_tensor(seed, "uint32")


def _compute_dtype(dtype: str) -> Any:
    return jnp.float64 if dtype == "float64" else jnp.float32


# The samplers built on lax loops (gamma, beta, binomial) are compiled once per shape and dtype;
# called eagerly without jit, jax would re-trace and re-compile them on every call.
@functools.partial(jax.jit, static_argnames=("shape", "dtype"))
def _gamma(key: jax.Array, alpha: jax.Array, shape: tuple, dtype: Any) -> jax.Array:
    return jax.random.gamma(key, alpha, shape, dtype)


@functools.partial(jax.jit, static_argnames=("shape", "dtype"))
def _beta(key: jax.Array, alpha: jax.Array, beta: jax.Array, shape: tuple, dtype: Any) -> jax.Array:
    return jax.random.beta(key, alpha, beta, shape, dtype)


@functools.partial(jax.jit, static_argnames=("shape", "dtype"))
def _binomial(
    key: jax.Array, counts: jax.Array, probabilities: jax.Array, shape: tuple, dtype: Any
) -> jax.Array:
    return jax.random.binomial(key, counts, probabilities, shape, dtype)


def seed_engine(seed: int) -> None:
    """Seeds the engine's global RNG; JAX has none (its keys are explicit)."""


def is_tracing() -> bool:
    """Returns whether code is being traced (inside jax.jit, grad, vmap...)."""
    return isinstance(jnp.zeros(()), jax.core.Tracer)


# Eager draws (weight initializers, above all) would compile jax's sampler and the scaling ops
# once per new shape, ~0.1-1 s each. Outside a trace, standard samples are therefore drawn in
# flat power-of-two sizes (one compiled sampler per size class) and shaped and scaled in NumPy.
@functools.partial(jax.jit, static_argnames=("kind", "size", "dtype"))
def _standard_flat(key: jax.Array, kind: str, size: int, dtype: Any) -> jax.Array:
    if kind == "normal":
        return jax.random.normal(key, (size,), dtype)
    if kind == "uniform":
        return jax.random.uniform(key, (size,), dtype)
    return jax.random.truncated_normal(key, -2.0, 2.0, (size,), dtype)


def _eager_standard(kind: str, shape: tuple, dtype: str, seed: Any, *params: Any) -> Any:
    """The standard sample as a NumPy array of `shape`, or None inside a trace."""
    if any(isinstance(v, jax.core.Tracer) for v in (seed, *params)):
        return None
    if not all(isinstance(v, (int, float)) for v in params):
        return None
    count = math.prod(shape)
    key, compute_dtype = _key(seed), _compute_dtype(dtype)
    if count > _LARGEST_DRAW:  # Chunks of the largest size class, each from its own key.
        chunks = [
            np.asarray(_standard_flat(_fold_in(key, i), kind, _LARGEST_DRAW, compute_dtype))
            for i in range(-(-count // _LARGEST_DRAW))
        ]
        return np.concatenate(chunks)[:count].reshape(shape)
    size = max(1 << max(count - 1, 0).bit_length(), _SMALLEST_DRAW)
    flat = np.asarray(_standard_flat(key, kind, size, compute_dtype))
    return flat[:count].reshape(shape)


# The size classes of eager draws: 2**12 ... 2**20 values, at most nine compiled samplers per
# distribution and dtype, however many weight shapes a model has.
_SMALLEST_DRAW = 1 << 12
_LARGEST_DRAW = 1 << 20
_fold_in = jax.jit(jax.random.fold_in)


def _from_numpy(sample: np.ndarray, dtype: str) -> jax.Array:
    # device_put: jnp.asarray on a NumPy array compiles a staging program per new shape.
    return jax.device_put(sample.astype(np.dtype(to_engine_dtype(dtype))))


def normal(shape: tuple, mean: Any, stddev: Any, dtype: str, seed: Any) -> jax.Array:
    sample = _eager_standard("normal", shape, dtype, seed, mean, stddev)
    if sample is not None:
        return _from_numpy(sample * stddev + mean, dtype)
    compute = _compute_dtype(dtype)
    sample = jax.random.normal(_key(seed), shape, compute) * stddev + mean
    return sample.astype(to_engine_dtype(dtype))


def uniform(shape: tuple, minval: Any, maxval: Any, dtype: str, seed: Any) -> jax.Array:
    sample = _eager_standard("uniform", shape, dtype, seed, minval, maxval)
    if sample is not None:
        return _from_numpy(sample * (maxval - minval) + minval, dtype)
    compute = _compute_dtype(dtype)
    sample = jax.random.uniform(_key(seed), shape, compute, minval=minval, maxval=maxval)
    return sample.astype(to_engine_dtype(dtype))


def truncated_normal(shape: tuple, mean: Any, stddev: Any, dtype: str, seed: Any) -> jax.Array:
    sample = _eager_standard("truncated_normal", shape, dtype, seed, mean, stddev)
    if sample is not None:
        return _from_numpy(sample * stddev + mean, dtype)
    compute = _compute_dtype(dtype)
    sample = jax.random.truncated_normal(_key(seed), -2.0, 2.0, shape, compute)
    return (sample * stddev + mean).astype(to_engine_dtype(dtype))


def randint(shape: tuple, minval: Any, maxval: Any, dtype: str, seed: Any) -> jax.Array:
    sample = jax.random.randint(_key(seed), shape, minval, maxval, jnp.int64)
    return sample.astype(to_engine_dtype(dtype))


def categorical(logits: Any, num_samples: int, dtype: str, seed: Any) -> jax.Array:
    logits = convert_to_tensor(logits)
    batch = logits.shape[0]
    sample = jax.random.categorical(_key(seed), logits, axis=-1, shape=(num_samples, batch))
    return sample.T.astype(to_engine_dtype(dtype))


def dropout(inputs: Any, rate: float, noise_shape: tuple, seed: Any) -> jax.Array:
    inputs = convert_to_tensor(inputs)
    keep = 1.0 - rate
    kept = jax.random.bernoulli(_key(seed), keep, noise_shape)
    return jnp.where(kept, inputs / keep, jnp.zeros((), inputs.dtype)).astype(inputs.dtype)


def shuffle(x: Any, axis: int, seed: Any) -> jax.Array:
    return jax.random.permutation(_key(seed), convert_to_tensor(x), axis=axis, independent=False)


def gamma(shape: tuple, alpha: Any, dtype: str, seed: Any) -> jax.Array:
    compute = _compute_dtype(dtype)
    alpha = jnp.broadcast_to(convert_to_tensor(alpha, compute), shape)
    return _gamma(_key(seed), alpha, shape, compute).astype(to_engine_dtype(dtype))


def binomial(shape: tuple, counts: Any, probabilities: Any, dtype: str, seed: Any) -> jax.Array:
    compute = _compute_dtype(dtype)
    counts = jnp.broadcast_to(convert_to_tensor(counts, compute), shape)
    probabilities = jnp.broadcast_to(convert_to_tensor(probabilities, compute), shape)
    sample = _binomial(_key(seed), counts, probabilities, shape, compute)
    return sample.astype(to_engine_dtype(dtype))


def beta(shape: tuple, alpha: Any, beta: Any, dtype: str, seed: Any) -> jax.Array:
    compute = _compute_dtype(dtype)
    alpha = jnp.broadcast_to(convert_to_tensor(alpha, compute), shape)
    beta = jnp.broadcast_to(convert_to_tensor(beta, compute), shape)
    sample = _beta(_key(seed), alpha, beta, shape, compute)
    return sample.astype(to_engine_dtype(dtype))
