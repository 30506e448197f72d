"""VarianceScaling and the Glorot / He / LeCun presets against the fan formulas."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from lamina import initializers, ops

# A conv kernel (rows, cols, in_channels, out_channels), large enough for 1% statistics.
KERNEL = (5, 5, 64, 128)
# The shape of the small draws: the same as test_random_initializers' (fewer jax compiles).
SMALL = (4, 3)


def host(x):
    return np.asarray(ops.convert_to_numpy(x), dtype=np.float64)


def fans(shape):
    """Fan in and fan out as Keras computes them, written out independently."""
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    return shape[-2] * receptive, shape[-1] * receptive


def expected_variance(scale, mode, shape):
    fan_in, fan_out = fans(shape)
    fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]
    return scale / max(1.0, fan)


@pytest.mark.parametrize("mode", ["fan_in", "fan_out", "fan_avg"])
@pytest.mark.parametrize("distribution", ["truncated_normal", "untruncated_normal", "uniform"])
def test_std_matches_the_fan_formula(mode, distribution):
    init = initializers.VarianceScaling(2.0, mode, distribution, seed=1)
    values = host(init(KERNEL))
    std = math.sqrt(expected_variance(2.0, mode, KERNEL))
    assert abs(values.std() / std - 1.0) < 0.02
    assert abs(values.mean()) < 0.02 * std
    if distribution == "uniform":
        assert np.abs(values).max() <= math.sqrt(3.0) * std
    if distribution == "truncated_normal":
        assert np.abs(values).max() <= 2.0 * std / stats.truncnorm(-2.0, 2.0).std() + 1e-6


def test_dense_kernel_fans():
    values = host(initializers.VarianceScaling(1.0, "fan_out", "uniform", seed=2)((300, 100)))
    limit = math.sqrt(3.0 / 100)
    assert np.abs(values).max() <= limit
    assert np.abs(values).max() > 0.99 * limit


@pytest.mark.parametrize("shape", [(), (10,)])
def test_scalar_and_vector_fans(shape):
    values = host(initializers.VarianceScaling(1.0, "fan_in", "uniform", seed=3)(shape))
    assert np.abs(values).max() <= math.sqrt(3.0 * expected_variance(1.0, "fan_in", shape))


def test_normal_means_truncated_normal():
    init = initializers.VarianceScaling(distribution="Normal", seed=4)
    assert init.distribution == "truncated_normal"
    reference = initializers.VarianceScaling(distribution="truncated_normal", seed=4)
    np.testing.assert_array_equal(host(init(SMALL)), host(reference(SMALL)))


PRESETS = [
    (initializers.GlorotUniform, 1.0, "fan_avg", "uniform"),
    (initializers.GlorotNormal, 1.0, "fan_avg", "truncated_normal"),
    (initializers.HeUniform, 2.0, "fan_in", "uniform"),
    (initializers.HeNormal, 2.0, "fan_in", "truncated_normal"),
    (initializers.LecunUniform, 1.0, "fan_in", "uniform"),
    (initializers.LecunNormal, 1.0, "fan_in", "truncated_normal"),
]


@pytest.mark.parametrize(("cls", "scale", "mode", "distribution"), PRESETS)
def test_presets_are_variance_scaling(cls, scale, mode, distribution):
    init = cls(seed=9)
    assert (init.scale, init.mode, init.distribution) == (scale, mode, distribution)
    reference = initializers.VarianceScaling(scale, mode, distribution, seed=9)
    np.testing.assert_array_equal(host(init(SMALL)), host(reference(SMALL)))
    assert init.get_config() == {"seed": 9}
    assert cls.from_config({"seed": 9}).seed == 9


def test_glorot_uniform_limit():
    values = host(initializers.GlorotUniform(seed=5)((300, 100)))
    limit = math.sqrt(6.0 / (300 + 100))
    assert limit * 0.99 < np.abs(values).max() <= limit


def test_config_round_trips():
    init = initializers.VarianceScaling(0.5, "fan_avg", "uniform", seed=3)
    config = init.get_config()
    assert config == {"scale": 0.5, "mode": "fan_avg", "distribution": "uniform", "seed": 3}
    rebuilt = initializers.VarianceScaling.from_config(config)
    np.testing.assert_array_equal(host(rebuilt(SMALL)), host(init(SMALL)))


@pytest.mark.parametrize("scale", [0.0, -1.0, "1", True])
def test_rejects_non_positive_scale(scale):
    with pytest.raises(ValueError, match="VarianceScaling: scale must be a positive number"):
        initializers.VarianceScaling(scale=scale)


def test_rejects_unknown_mode():
    with pytest.raises(ValueError, match="VarianceScaling: mode must be one of .* mode='fan'"):
        initializers.VarianceScaling(mode="fan")


def test_rejects_unknown_distribution():
    with pytest.raises(ValueError, match="VarianceScaling: distribution must be one of"):
        initializers.VarianceScaling(distribution="cauchy")
