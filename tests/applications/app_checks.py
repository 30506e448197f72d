"""Helpers for the applications tests: cheap weight creation, a digest of a model's weight
names and shapes, and deterministic weights keyed by weight path.

The expected values the tests compare against were produced with Keras 3.15.1 itself
(`keras.applications`, weights set by `set_deterministic_weights` on the Keras model).
"""

from __future__ import annotations

import hashlib
import zlib

import numpy as np
import pytest

import lamina


def _zeros(shape, first=0.0, second=1.0, dtype=None, seed=None):
    # NumPy zeros: jax would compile a fill per new shape.
    return np.zeros(shape, dtype=dtype or lamina.config.floatx())


@pytest.fixture
def zero_random(monkeypatch: pytest.MonkeyPatch) -> None:
    """Makes the random initializers return zeros while a test builds full-size models.

    Parameter counts and weight names depend only on shapes. Drawing the ~350M random
    numbers of the seven default-size models takes about a minute on jax (it compiles a
    sampler per size class and draws ~10M numbers/s on 2 CPU cores); zeros take a second.
    """
    for name in ("uniform", "normal", "truncated_normal"):
        monkeypatch.setattr(lamina.random, name, _zeros)


def weights_digest(weights: list) -> tuple[int, str]:
    """The number of weights and a short hash of their sorted `path shape` lines."""
    lines = sorted(f"{w.path} {tuple(int(d) for d in w.shape)}" for w in weights)
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def set_deterministic_weights(model) -> None:
    """Assigns every weight values drawn from a generator seeded by the weight's path, so
    a lamina and a Keras model with the same layer names get the same weights."""
    for weight in model.weights:
        shape = tuple(int(d) for d in weight.shape)
        rng = np.random.default_rng(zlib.crc32(weight.path.encode()))
        leaf = weight.path.split("/")[-1]
        if leaf in ("moving_variance", "variance"):
            value = rng.uniform(0.5, 1.5, shape)
        elif leaf == "count":
            value = np.zeros(shape)
        elif leaf == "gamma":
            value = rng.uniform(0.8, 1.2, shape)
        elif len(shape) >= 2:
            depthwise = len(shape) == 4 and shape[-1] == 1
            fan_in = shape[0] * shape[1] if depthwise else int(np.prod(shape[:-1]))
            limit = np.sqrt(3.0 / fan_in)
            value = rng.uniform(-limit, limit, shape)
        else:
            value = rng.uniform(-0.1, 0.1, shape)
        weight.assign(value.astype(weight.dtype))


def images(size: int = 32) -> np.ndarray:
    """Two RGB images of `size` x `size` pixels with values in [0, 255]."""
    return np.random.default_rng(0).uniform(0, 255, (2, size, size, 3)).astype("float32")
