"""Random ops: reproducible seeds, shapes and dtypes, distributions, errors, jit-able state."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import lamina
from lamina import ops, random
from tests.support.op_check import BACKEND

N = 20_000


def host(x):
    return np.asarray(ops.convert_to_numpy(x))


SAMPLERS = {
    "normal": lambda shape, **kw: random.normal(shape, **kw),
    "uniform": lambda shape, **kw: random.uniform(shape, **kw),
    "truncated_normal": lambda shape, **kw: random.truncated_normal(shape, **kw),
    "randint": lambda shape, **kw: random.randint(shape, 0, 10, **kw),
    "gamma": lambda shape, **kw: random.gamma(shape, 0.5, **kw),
    "binomial": lambda shape, **kw: random.binomial(shape, 5, 0.3, **kw),
    "beta": lambda shape, **kw: random.beta(shape, 2.0, 3.0, **kw),
}


@pytest.mark.parametrize("name", sorted(SAMPLERS))
def test_int_seed_repeats_and_different_seeds_differ(name):
    sample = SAMPLERS[name]
    shape = (N,) if name in SLOW else (2, 3)
    first, again, other = (host(sample(shape, seed=s)) for s in (1, 1, 2))
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)


# Each new shape or dtype compiles jax's loop-based samplers again (seconds each), so these
# use one shape (and on jax one extra dtype) throughout; their dtype handling is shared code.
SLOW = ("gamma", "beta", "binomial")
SHAPE_CASES = [(n, s) for n in sorted(SAMPLERS) for s in [(2, 3), (0,), ()] if n not in SLOW]
SHAPE_CASES += [(n, (N,)) for n in SLOW]


@pytest.mark.parametrize(("name", "shape"), SHAPE_CASES)
def test_shapes_and_default_dtypes(name, shape):
    x = SAMPLERS[name](shape, seed=0)
    assert ops.shape(x) == shape
    assert ops.dtype(x) == ("int32" if name == "randint" else "float32")


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float64"])
def test_float_dtypes(dtype):
    for name in ("normal", "uniform", "truncated_normal"):
        assert ops.dtype(SAMPLERS[name]((4,), dtype=dtype, seed=0)) == dtype
    if BACKEND != "jax":
        for name in SLOW:
            assert ops.dtype(SAMPLERS[name]((N,), dtype=dtype, seed=0)) == dtype
    assert ops.dtype(random.randint((4,), 0, 5, dtype="uint8", seed=0)) == "uint8"


def test_seed_generator_gives_new_reproducible_numbers():
    gen_a, gen_b = random.SeedGenerator(3), random.SeedGenerator(3)
    a1, a2 = host(random.normal((8,), seed=gen_a)), host(random.normal((8,), seed=gen_a))
    b1 = host(random.normal((8,), seed=gen_b))
    assert not np.array_equal(a1, a2)
    np.testing.assert_array_equal(a1, b1)
    assert gen_a.state.dtype == "uint32" and gen_a.state.shape == (2,)
    assert not gen_a.state.trainable
    assert host(gen_a.state).tolist() == [3, 2]


def test_seed_generator_config_round_trip():
    gen = random.SeedGenerator(11, name="noise")
    copy = random.SeedGenerator.from_config(gen.get_config())
    np.testing.assert_array_equal(
        host(random.uniform((4,), seed=gen)), host(random.uniform((4,), seed=copy))
    )
    assert gen.state.path == "noise/seed_generator_state"


def test_seed_none_uses_global_generator():
    first, second = host(random.uniform((6,))), host(random.uniform((6,)))
    assert not np.array_equal(first, second)


def test_normal_statistics():
    x = host(random.normal((N,), mean=2.0, stddev=3.0, seed=4))
    assert abs(x.mean() - 2.0) < 0.1 and abs(x.std() - 3.0) < 0.1
    assert stats.kstest((x - 2.0) / 3.0, "norm").pvalue > 1e-3


def test_uniform_statistics():
    x = host(random.uniform((N,), minval=-1.0, maxval=3.0, seed=5))
    assert x.min() >= -1.0 and x.max() < 3.0
    assert stats.kstest(x, stats.uniform(-1.0, 4.0).cdf).pvalue > 1e-3


def test_truncated_normal_statistics():
    x = host(random.truncated_normal((N,), mean=1.0, stddev=2.0, seed=6))
    assert x.min() >= -3.0 and x.max() <= 5.0
    assert stats.kstest((x - 1.0) / 2.0, stats.truncnorm(-2.0, 2.0).cdf).pvalue > 1e-3


def test_randint_statistics():
    x = host(random.randint((N,), -3, 4, seed=7))
    assert x.min() == -3 and x.max() == 3
    counts = np.bincount(x + 3, minlength=7)
    assert stats.chisquare(counts).pvalue > 1e-3


@pytest.mark.parametrize("alpha", [0.5, 3.0])
def test_gamma_statistics(alpha):
    x = host(random.gamma((N,), alpha, seed=8))
    assert (x >= 0).all()
    assert stats.kstest(x, stats.gamma(alpha).cdf).pvalue > 1e-3


def test_beta_and_binomial_statistics():
    x = host(random.beta((N,), 2.0, 5.0, seed=9))
    assert stats.kstest(x, stats.beta(2.0, 5.0).cdf).pvalue > 1e-3
    b = host(random.binomial((N,), 10, 0.25, seed=10))
    assert set(np.unique(b)) <= set(range(11))
    assert abs(b.mean() - 2.5) < 0.06 and abs(b.var() - 1.875) < 0.1


def test_categorical_frequencies_and_spec():
    probabilities = np.array([[0.1, 0.6, 0.3], [0.8, 0.1, 0.1]])
    logits = ops.convert_to_tensor(np.log(probabilities), "float32")
    x = host(random.categorical(logits, 5000, seed=11))
    assert x.shape == (2, 5000) and ops.dtype(random.categorical(logits, 2, seed=0)) == "int32"
    for row in range(2):
        frequencies = np.bincount(x[row], minlength=3) / 5000
        np.testing.assert_allclose(frequencies, probabilities[row], atol=0.03)
    spec = random.categorical(lamina.SymbolicTensor((None, 3)), 4, dtype="int64")
    assert spec.shape == (None, 4) and spec.dtype == "int64"


@pytest.mark.parametrize("dtype", ["float32", "float16", "float64"])
def test_dropout_scales_kept_values(dtype):
    x = ops.convert_to_tensor(np.ones((100, 200)), dtype)
    y = host(random.dropout(x, 0.25, seed=12))
    assert ops.dtype(random.dropout(x, 0.25, seed=12)) == dtype
    kept = y != 0
    np.testing.assert_allclose(y[kept], 1.0 / 0.75, rtol=1e-3)
    assert abs(kept.mean() - 0.75) < 0.02
    np.testing.assert_array_equal(y, host(random.dropout(x, 0.25, seed=12)))


def test_dropout_noise_shape_and_spec():
    x = ops.convert_to_tensor(np.ones((4, 50, 3)), "float32")
    y = host(random.dropout(x, 0.5, noise_shape=(None, 1, 3), seed=13))
    assert (y == y[:, :1, :]).all()
    assert random.dropout(lamina.SymbolicTensor((None, 5)), 0.5).shape == (None, 5)
    assert ops.dtype(random.dropout(ops.convert_to_tensor([1, 2]), 0.5, seed=0)) == "float32"
    np.testing.assert_array_equal(host(random.dropout(x, 0.0, seed=1)), np.ones((4, 50, 3)))


@pytest.mark.parametrize("axis", [0, 1])
def test_shuffle_permutes_along_axis(axis):
    x = np.arange(24).reshape(4, 6).astype("int32")
    y = host(random.shuffle(ops.convert_to_tensor(x), axis=axis, seed=14))
    assert y.dtype == np.int32
    np.testing.assert_array_equal(np.sort(y, axis=axis), x)
    other = y if axis == 0 else y.T
    assert sorted(tuple(r) for r in other.tolist()) == sorted(
        tuple(r) for r in (x if axis == 0 else x.T).tolist()
    )
    assert random.shuffle(lamina.SymbolicTensor((None, 3)), axis=1).shape == (None, 3)


def test_errors():
    with pytest.raises(ValueError, match=r"normal: shape must be a tuple of non-negative ints"):
        random.normal((2, None))
    with pytest.raises(ValueError, match=r"uniform: dtype must be a float dtype, received 'int32'"):
        random.uniform((2,), dtype="int32")
    with pytest.raises(ValueError, match=r"randint: dtype must be a integer dtype"):
        random.randint((2,), 0, 3, dtype="float32")
    with pytest.raises(ValueError, match=r"randint: maxval must be greater than minval"):
        random.randint((2,), 3, 3)
    with pytest.raises(TypeError, match=r"normal: seed must be an int, a SeedGenerator, None"):
        random.normal((2,), seed="abc")
    with pytest.raises(ValueError, match=r"dropout: rate must be a float in \[0, 1\)"):
        random.dropout(ops.convert_to_tensor([1.0]), 1.0)
    with pytest.raises(ValueError, match=r"dropout: noise_shape \(2, 2\) must have the rank"):
        random.dropout(ops.convert_to_tensor(np.ones((3, 2))), 0.5, noise_shape=(2, 2))
    with pytest.raises(
        ValueError, match=r"categorical: logits must have shape \(batch_size, num_classes\)"
    ):
        random.categorical(ops.convert_to_tensor([1.0, 2.0]), 2)
    with pytest.raises(ValueError, match=r"shuffle: axis 2 is out of range"):
        random.shuffle(ops.convert_to_tensor(np.ones((2, 2))), axis=2)
    with pytest.raises(ValueError, match=r"SeedGenerator: seed must be an int or None"):
        random.SeedGenerator(1.5)


@pytest.mark.skipif(BACKEND != "jax", reason="jax.jit with a carried seed state is jax-specific")
def test_jitted_step_returns_updated_seed_state():
    import jax

    generator = random.SeedGenerator(21)

    @jax.jit
    def step(seed_state):
        with lamina.StatelessScope([(generator.state, seed_state)]) as scope:
            noise = random.normal((3,), seed=generator)
        return noise, scope.get_current_value(generator.state)

    state = generator.state.value
    first, state = step(state)
    second, state = step(state)
    assert host(state).tolist() == [21, 2]
    assert host(generator.state).tolist() == [21, 0]
    np.testing.assert_array_equal(
        host(first), host(random.normal((3,), seed=random.SeedGenerator(21)))
    )
    assert not np.array_equal(host(first), host(second))


@pytest.mark.skipif(BACKEND != "jax", reason="tracing is jax-specific")
def test_seed_none_inside_jit_is_rejected():
    import jax

    with pytest.raises(ValueError, match=r"normal: seed=None draws from the global SeedGenerator"):
        jax.jit(lambda: random.normal((2,)))()
