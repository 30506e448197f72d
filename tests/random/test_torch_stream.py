"""The torch backend's counter-based stream (what draws use under torch.compile), run eagerly."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from scipy import stats

from lamina import ops, random
from tests.support.op_check import BACKEND

pytestmark = pytest.mark.skipif(
    BACKEND != "torch", reason="the counter-based stream is the torch backend's compiled path"
)
N = 20_000


def host(x):
    return np.asarray(ops.convert_to_numpy(x))


@pytest.fixture(autouse=True)
def traced_stream(monkeypatch):
    """Makes eager torch draw from the stream that compiled code draws from."""
    from lamina.backend.torch import random as torch_random

    monkeypatch.setattr(torch_random, "_traced", lambda: True)


def _reference_hash(x):
    # The same 32-bit hash in NumPy's wrapping uint32 arithmetic.
    x = x.astype(np.uint32)
    x ^= x >> np.uint32(16)
    x *= np.uint32(0x21F0AAAD)
    x ^= x >> np.uint32(15)
    x *= np.uint32(0x735A2D97)
    return x ^ (x >> np.uint32(15))


def test_hash_matches_uint32_arithmetic_and_is_a_bijection():
    from lamina.backend.torch import random as torch_random

    words = np.arange(1 << 16, dtype=np.int64) * 65_537  # distinct words from 0 to 2**32 - 1
    hashed = host(torch_random._hash32(ops.convert_to_tensor(words, "int64")))
    np.testing.assert_array_equal(hashed, _reference_hash(words).astype(np.int64))
    assert len(np.unique(hashed)) == len(words)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_normal_and_uniform_statistics(dtype):
    x = host(random.normal((N,), mean=2.0, stddev=3.0, dtype=dtype, seed=4))
    assert x.dtype == dtype and abs(x.mean() - 2.0) < 0.1 and abs(x.std() - 3.0) < 0.1
    assert stats.kstest((x - 2.0) / 3.0, "norm").pvalue > 1e-3
    u = host(random.uniform((N,), minval=-1.0, maxval=3.0, dtype=dtype, seed=5))
    assert u.min() >= -1.0 and u.max() < 3.0
    assert stats.kstest(u, stats.uniform(-1.0, 4.0).cdf).pvalue > 1e-3
    assert len(np.unique(u)) > N - 30  # 24 or 53 bits: few repeats among 20,000 draws


def test_truncated_normal_and_randint_statistics():
    x = host(random.truncated_normal((N,), mean=1.0, stddev=2.0, seed=6))
    assert x.min() >= -3.0 and x.max() <= 5.0
    assert stats.kstest((x - 1.0) / 2.0, stats.truncnorm(-2.0, 2.0).cdf).pvalue > 1e-3
    k = host(random.randint((N,), -3, 4, seed=7))
    assert k.min() == -3 and k.max() == 3
    assert stats.chisquare(np.bincount(k + 3, minlength=7)).pvalue > 1e-3
    wide = host(random.randint((N,), 0, 2**40, dtype="int64", seed=7))  # the 62-bit path
    assert wide.min() >= 0 and wide.max() < 2**40
    assert stats.kstest(wide / 2**40, "uniform").pvalue > 1e-3


def test_categorical_frequencies_and_impossible_classes():
    probabilities = np.array([[0.1, 0.6, 0.3], [0.8, 0.1, 0.1]])
    logits = ops.convert_to_tensor(np.log(probabilities), "float32")
    x = host(random.categorical(logits, 5000, seed=11))
    for row in range(2):
        frequencies = np.bincount(x[row], minlength=3) / 5000
        np.testing.assert_allclose(frequencies, probabilities[row], atol=0.03)
    masked = ops.convert_to_tensor([[0.0, -np.inf], [-np.inf, 0.0]], "float32")
    assert host(random.categorical(masked, 500, seed=1)).tolist() == [[0] * 500, [1] * 500]


def test_dropout_keeps_the_expected_fraction_exactly_repeatably():
    x = ops.ones((100, 200))
    y = host(random.dropout(x, 0.25, seed=12))
    kept = y != 0
    np.testing.assert_allclose(y[kept], 1.0 / 0.75)
    assert abs(kept.mean() - 0.75) < 0.02
    np.testing.assert_array_equal(y, host(random.dropout(x, 0.25, seed=12)))
    np.testing.assert_array_equal(host(random.dropout(x, 0.0, seed=1)), np.ones((100, 200)))


def test_shuffle_gives_every_permutation_equally_often():
    x = ops.convert_to_tensor([0, 1, 2])
    orders = Counter(tuple(host(random.shuffle(x, seed=s)).tolist()) for s in range(1200))
    assert len(orders) == 6
    assert stats.chisquare(list(orders.values())).pvalue > 1e-3


def test_seed_generator_draws_are_new_and_uncorrelated():
    generator, again = random.SeedGenerator(1), random.SeedGenerator(1)
    first, second = (
        host(random.uniform((N,), seed=generator)),
        host(random.uniform((N,), seed=generator)),
    )
    np.testing.assert_array_equal(first, host(random.uniform((N,), seed=again)))
    assert abs(np.corrcoef(first, second)[0, 1]) < 0.03
    assert abs(np.corrcoef(first[:-1], first[1:])[0, 1]) < 0.03
    other_seed = host(random.uniform((N,), seed=random.SeedGenerator(2)))
    assert abs(np.corrcoef(first, other_seed)[0, 1]) < 0.03
