"""set_random_seed makes Python, NumPy and lamina's unseeded random numbers repeat."""

from __future__ import annotations

import random as python_random

import numpy as np
import pytest

from lamina import ops, random
from lamina.utils import set_random_seed


def draw_all():
    return (
        python_random.random(),
        float(np.random.rand()),
        np.asarray(ops.convert_to_numpy(random.uniform((5,)))).tolist(),
        np.asarray(ops.convert_to_numpy(random.SeedGenerator().state)).tolist(),
    )


def test_set_random_seed_repeats_every_source():
    set_random_seed(1234)
    first = draw_all()
    set_random_seed(1234)
    assert draw_all() == first
    set_random_seed(99)
    assert draw_all() != first


def test_set_random_seed_rejects_bad_seeds():
    with pytest.raises(ValueError, match=r"set_random_seed: seed must be an int in \[0, 2\*\*32\)"):
        set_random_seed(-1)
    with pytest.raises(ValueError, match=r"set_random_seed: seed must be an int"):
        set_random_seed("7")
