"""MaxNorm, MinMaxNorm, NonNeg and UnitNorm against NumPy formulas; argument checks."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import constraints, ops

RNG = np.random.default_rng(0)
EPSILON = 1e-7


def apply(constraint, w):
    return np.asarray(ops.convert_to_numpy(constraint(ops.convert_to_tensor(w))))


def norms(w, axis):
    return np.sqrt(np.square(w).sum(axis=tuple(np.atleast_1d(axis)), keepdims=True))


@pytest.mark.parametrize(("shape", "axis"), [((6, 4), 0), ((6, 4), 1), ((3, 3, 2, 4), [0, 1, 2])])
def test_max_norm_clips_norms_above_max_value(shape, axis):
    w = RNG.normal(size=shape).astype("float32")
    w_norms = norms(w, axis)
    expected = w * np.clip(w_norms, 0, 2.0) / (w_norms + EPSILON)
    result = apply(constraints.MaxNorm(max_value=2.0, axis=axis), w)
    np.testing.assert_allclose(result, expected, rtol=1e-5, atol=1e-6)
    assert norms(result, axis).max() <= 2.0 + 1e-5


def test_max_norm_defaults():
    constraint = constraints.MaxNorm()
    assert constraint.get_config() == {"max_value": 2, "axis": 0}


@pytest.mark.parametrize("rate", [1.0, 0.5, 0.0])
def test_min_max_norm_moves_norms_into_the_bounds(rate):
    w = RNG.normal(size=(5, 6)).astype("float32") * np.linspace(0.1, 2.0, 6).astype("float32")
    w_norms = norms(w, 0)
    desired = rate * np.clip(w_norms, 0.5, 1.5) + (1 - rate) * w_norms
    result = apply(constraints.MinMaxNorm(0.5, 1.5, rate=rate), w)
    np.testing.assert_allclose(result, w * desired / (w_norms + EPSILON), rtol=1e-5, atol=1e-6)


def test_non_neg_zeroes_negative_entries():
    w = RNG.normal(size=(4, 4)).astype("float32")
    np.testing.assert_array_equal(apply(constraints.NonNeg(), w), np.where(w >= 0, w, 0.0))


@pytest.mark.parametrize("axis", [0, 1, [0, 1]])
def test_unit_norm_gives_unit_norms(axis):
    w = RNG.normal(size=(3, 5)).astype("float32")
    result = apply(constraints.UnitNorm(axis=axis), w)
    np.testing.assert_allclose(result, w / (norms(w, axis) + EPSILON), rtol=1e-5)
    np.testing.assert_allclose(norms(result, axis), 1.0, rtol=1e-5)


def test_constraints_keep_float64():
    w = ops.convert_to_tensor(np.ones((2, 2)))
    for constraint in (constraints.MaxNorm(1.0), constraints.UnitNorm(), constraints.NonNeg()):
        assert ops.dtype(constraint(w)) == "float64"


def test_base_constraint_is_the_identity():
    w = np.arange(3.0)
    np.testing.assert_array_equal(apply(constraints.Constraint(), w), w)
    assert constraints.Constraint().get_config() == {}


@pytest.mark.parametrize(
    "constraint",
    [
        constraints.MaxNorm(3.0, axis=[0, 1]),
        constraints.MinMaxNorm(0.1, 2.0, rate=0.5, axis=1),
        constraints.NonNeg(),
        constraints.UnitNorm(axis=-1),
    ],
    ids=lambda c: type(c).__name__,
)
def test_config_round_trips(constraint):
    rebuilt = type(constraint).from_config(constraint.get_config())
    assert rebuilt.get_config() == constraint.get_config()


@pytest.mark.parametrize("value", [-1.0, "2", None])
def test_max_norm_rejects_bad_max_value(value):
    with pytest.raises(ValueError, match="MaxNorm: max_value must be a non-negative number"):
        constraints.MaxNorm(max_value=value)


def test_min_max_norm_rejects_bad_min_value():
    with pytest.raises(ValueError, match="MinMaxNorm: min_value must be a non-negative number"):
        constraints.MinMaxNorm(min_value=-0.5)


def test_min_max_norm_rejects_max_below_min():
    with pytest.raises(ValueError, match="MinMaxNorm: max_value must be at least min_value"):
        constraints.MinMaxNorm(min_value=2.0, max_value=1.0)


def test_min_max_norm_rejects_rate_above_one():
    with pytest.raises(ValueError, match=r"MinMaxNorm: rate must be in \[0, 1\], received rate=2"):
        constraints.MinMaxNorm(rate=2.0)


@pytest.mark.parametrize("axis", [1.5, "0", [0, "1"], True])
def test_rejects_bad_axis(axis):
    with pytest.raises(ValueError, match="UnitNorm: axis must be an int or a list of ints"):
        constraints.UnitNorm(axis=axis)
