"""set_random_seed: one call that makes Python, NumPy and lamina's random numbers repeat."""

from __future__ import annotations

import random as python_random

import numpy as np

from lamina import backend
from lamina.random.seed_generator import reset_global_seed_generator


def set_random_seed(seed: int) -> None:
    """Seeds Python's `random`, NumPy's global RNG, the engine's global RNG (torch) and the
    global SeedGenerator that random ops use when called with `seed=None`.

    Args:
        seed: A non-negative int below 2**32.

    Example:
        >>> import lamina.utils
        >>> lamina.utils.set_random_seed(42)
        >>> first = lamina.ops.convert_to_numpy(lamina.random.uniform((3,))).tolist()
        >>> lamina.utils.set_random_seed(42)
        >>> first == lamina.ops.convert_to_numpy(lamina.random.uniform((3,))).tolist()
        True
    """
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or not 0 <= seed < 2**32:
        raise ValueError(f"set_random_seed: seed must be an int in [0, 2**32), received {seed!r}.")
    seed = int(seed)
    python_random.seed(seed)
    np.random.seed(seed)
    backend.random.seed_engine(seed)
    reset_global_seed_generator(seed)
