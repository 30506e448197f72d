"""RandomNormal, RandomUniform, TruncatedNormal and Orthogonal: statistics, seeding, configs."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from lamina import initializers, ops, random
from lamina.utils import set_random_seed

# Large enough that sample mean and stddev land within ~1% of the truth; the variance-scaling
# tests draw this shape too, so jax compiles each sampler for it once.
SHAPE = (5, 5, 64, 128)
# The shape of the small draws (one more compile per sampler on jax).
SMALL = (4, 3)


def host(x):
    return np.asarray(ops.convert_to_numpy(x), dtype=np.float64)


def test_random_normal_statistics():
    values = host(initializers.RandomNormal(mean=1.0, stddev=2.0, seed=3)(SHAPE))
    assert abs(values.mean() - 1.0) < 0.03
    assert abs(values.std() - 2.0) < 0.03


def test_random_normal_defaults():
    init = initializers.RandomNormal(seed=1)
    assert (init.mean, init.stddev) == (0.0, 0.05)
    assert abs(host(init(SHAPE)).std() - 0.05) < 0.001


def test_random_uniform_statistics_and_bounds():
    values = host(initializers.RandomUniform(minval=-1.0, maxval=3.0, seed=3)(SHAPE))
    assert values.min() >= -1.0 and values.max() < 3.0
    assert abs(values.mean() - 1.0) < 0.03
    assert abs(values.std() - 4.0 / np.sqrt(12.0)) < 0.03
    assert initializers.RandomUniform().get_config()["minval"] == -0.05


def test_truncated_normal_statistics_and_bounds():
    values = host(initializers.TruncatedNormal(mean=0.5, stddev=2.0, seed=3)(SHAPE))
    assert np.abs(values - 0.5).max() <= 4.0
    expected_std = 2.0 * stats.truncnorm(-2.0, 2.0).std()
    assert abs(values.mean() - 0.5) < 0.03
    assert abs(values.std() - expected_std) < 0.03


RANDOM_CLASSES = [
    initializers.RandomNormal,
    initializers.RandomUniform,
    initializers.TruncatedNormal,
    initializers.Orthogonal,
    initializers.GlorotUniform,
    initializers.HeNormal,
]


@pytest.mark.parametrize("cls", RANDOM_CLASSES, ids=lambda c: c.__name__)
def test_int_seed_repeats_and_different_seeds_differ(cls):
    first = host(cls(seed=7)(SMALL))
    np.testing.assert_array_equal(first, host(cls(seed=7)(SMALL)))
    assert not np.array_equal(first, host(cls(seed=8)(SMALL)))


@pytest.mark.parametrize("cls", RANDOM_CLASSES, ids=lambda c: c.__name__)
def test_unseeded_instance_repeats_across_calls_but_instances_differ(cls):
    init = cls()
    first = host(init(SMALL))
    np.testing.assert_array_equal(first, host(init(SMALL)))
    assert not np.array_equal(first, host(cls()(SMALL)))


def test_set_random_seed_makes_unseeded_initializers_repeat():
    def draw():
        return [host(cls()(SMALL)) for cls in RANDOM_CLASSES]

    set_random_seed(11)
    first = draw()
    set_random_seed(11)
    for a, b in zip(first, draw()):
        np.testing.assert_array_equal(a, b)


def test_seed_generator_gives_new_values_each_call_reproducibly():
    init = initializers.RandomNormal(seed=random.SeedGenerator(3))
    first, second = host(init(SMALL)), host(init(SMALL))
    assert not np.array_equal(first, second)
    again = initializers.RandomNormal(seed=random.SeedGenerator(3))
    np.testing.assert_array_equal(first, host(again(SMALL)))


def test_seed_generator_config_round_trips():
    config = initializers.RandomUniform(seed=random.SeedGenerator(4)).get_config()
    assert config["seed"]["class_name"] == "SeedGenerator"
    assert config["seed"]["module"] == "keras.random"
    rebuilt = initializers.RandomUniform.from_config(config)
    assert isinstance(rebuilt.seed, random.SeedGenerator)
    reference = initializers.RandomUniform(seed=random.SeedGenerator(4))
    np.testing.assert_array_equal(host(rebuilt(SMALL)), host(reference(SMALL)))


@pytest.mark.parametrize("seed", [None, 5])
def test_config_keeps_the_seed_as_passed(seed):
    init = initializers.TruncatedNormal(mean=1.0, stddev=0.5, seed=seed)
    assert init.get_config() == {"mean": 1.0, "stddev": 0.5, "seed": seed}
    assert initializers.Orthogonal(gain=2.0, seed=seed).get_config() == {
        "gain": 2.0,
        "seed": seed,
    }


@pytest.mark.parametrize("seed", ["1", 1.5, True, [1]])
def test_rejects_bad_seeds(seed):
    with pytest.raises(ValueError, match="RandomNormal: seed must be an int, a lamina.random"):
        initializers.RandomNormal(seed=seed)


def test_random_initializers_reject_int_dtypes():
    with pytest.raises(ValueError, match="RandomUniform: dtype must be a float dtype"):
        initializers.RandomUniform(seed=1)((2,), dtype="int32")


@pytest.mark.parametrize("shape", [(4, 3), (3, 4), (4, 4), (2, 2, 2, 3)])
def test_orthogonal_rows_or_columns_are_orthonormal(shape):
    values = host(initializers.Orthogonal(gain=1.0, seed=2)(shape))
    assert values.shape == shape
    matrix = values.reshape(-1, shape[-1])
    if matrix.shape[0] < matrix.shape[1]:
        matrix = matrix.T
    np.testing.assert_allclose(matrix.T @ matrix, np.eye(matrix.shape[1]), atol=1e-5)


def test_orthogonal_gain_scales_the_matrix():
    values = host(initializers.Orthogonal(gain=3.0, seed=2)((4, 4)))
    np.testing.assert_allclose(values.T @ values, 9.0 * np.eye(4), atol=1e-4)


def test_orthogonal_in_half_precision():
    values = initializers.Orthogonal(seed=1)((4, 4), dtype="float16")
    assert ops.dtype(values) == "float16"
    matrix = host(values)
    np.testing.assert_allclose(matrix.T @ matrix, np.eye(4), atol=1e-2)


def test_orthogonal_rejects_rank_below_two():
    with pytest.raises(ValueError, match=r"Orthogonal: can only fill tensors of rank >= 2"):
        initializers.Orthogonal()((4,))


def test_orthogonal_rejects_non_number_gain():
    with pytest.raises(ValueError, match="Orthogonal: gain must be a number, received gain=None"):
        initializers.Orthogonal(gain=None)


def test_orthogonal_of_empty_shape_is_empty():
    assert ops.shape(initializers.Orthogonal(seed=1)((0, 3))) == (0, 3)
