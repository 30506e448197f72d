"""ExponentialDecay, PiecewiseConstantDecay, PolynomialDecay and InverseTimeDecay against
their formulas; argument checks."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lamina.optimizers import schedules

STEPS = [0, 1, 5, 10, 15, 30, 99]


def values(schedule, steps=STEPS):
    return np.array([float(schedule(step)) for step in steps])


@pytest.mark.parametrize("staircase", [False, True])
def test_exponential_decay(staircase):
    schedule = schedules.ExponentialDecay(0.5, decay_steps=10, decay_rate=0.3, staircase=staircase)
    powers = [(s // 10 if staircase else s / 10) for s in STEPS]
    np.testing.assert_allclose(values(schedule), [0.5 * 0.3**p for p in powers], rtol=1e-5)


def test_piecewise_constant_decay():
    schedule = schedules.PiecewiseConstantDecay([5, 15], [1.0, 0.5, 0.1])
    expected = [1.0 if s <= 5 else 0.5 if s <= 15 else 0.1 for s in STEPS]
    np.testing.assert_allclose(values(schedule), expected, rtol=1e-6)


@pytest.mark.parametrize(("power", "cycle"), [(1.0, False), (2.0, False), (0.5, True)])
def test_polynomial_decay(power, cycle):
    schedule = schedules.PolynomialDecay(1.0, 10, end_learning_rate=0.1, power=power, cycle=cycle)

    def formula(step):
        span = 10 * max(1, math.ceil(step / 10)) if cycle else 10
        step = step if cycle else min(step, 10)
        return 0.9 * (1 - step / span) ** power + 0.1

    np.testing.assert_allclose(values(schedule), [formula(s) for s in STEPS], rtol=1e-5)


@pytest.mark.parametrize("staircase", [False, True])
def test_inverse_time_decay(staircase):
    schedule = schedules.InverseTimeDecay(0.5, decay_steps=10, decay_rate=2.0, staircase=staircase)
    fractions = [(s // 10 if staircase else s / 10) for s in STEPS]
    np.testing.assert_allclose(values(schedule), [0.5 / (1 + 2 * f) for f in fractions], rtol=1e-5)


@pytest.mark.parametrize(
    "schedule",
    [
        schedules.ExponentialDecay(0.1, 100, 0.96, staircase=True, name="e"),
        schedules.PiecewiseConstantDecay([1, 2], [0.3, 0.2, 0.1]),
        schedules.PolynomialDecay(0.1, 100, cycle=True),
        schedules.InverseTimeDecay(0.1, 100, 0.5),
    ],
    ids=lambda schedule: type(schedule).__name__,
)
def test_config_round_trip(schedule):
    restored = type(schedule).from_config(schedule.get_config())
    assert restored.get_config() == schedule.get_config()
    np.testing.assert_allclose(values(restored), values(schedule))


def test_defaults():
    assert schedules.ExponentialDecay(0.1, 1, 0.5).get_config()["name"] == "ExponentialDecay"
    assert schedules.PiecewiseConstantDecay([1], [1, 2]).name == "PiecewiseConstant"
    polynomial = schedules.PolynomialDecay(0.1, 10)
    assert (polynomial.end_learning_rate, polynomial.power, polynomial.cycle) == (
        0.0001,
        1.0,
        False,
    )


def test_base_class_requires_call_and_get_config():
    schedule = schedules.LearningRateSchedule()
    with pytest.raises(NotImplementedError, match="must implement __call__"):
        schedule(0)
    with pytest.raises(NotImplementedError, match="must implement get_config"):
        schedule.get_config()


@pytest.mark.parametrize(
    "cls", [schedules.ExponentialDecay, schedules.InverseTimeDecay], ids=lambda c: c.__name__
)
def test_rejects_non_positive_decay_steps(cls):
    with pytest.raises(ValueError, match=f"{cls.__name__} expected decay_steps > 0, received"):
        cls(0.1, 0, 0.5)


def test_polynomial_decay_rejects_non_positive_decay_steps():
    with pytest.raises(ValueError, match="PolynomialDecay expected decay_steps > 0"):
        schedules.PolynomialDecay(0.1, -1)


def test_piecewise_constant_decay_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="expected one more value than boundaries, received 2"):
        schedules.PiecewiseConstantDecay([1, 2], [0.1, 0.2])
