"""CosineDecay (with and without warmup) and CosineDecayRestarts against their formulas."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lamina.optimizers import schedules

STEPS = [0, 1, 3, 7, 10, 12, 20, 31, 50]


def values(schedule):
    return np.array([float(schedule(step)) for step in STEPS])


def cosine(fraction, alpha):
    return (1 - alpha) * 0.5 * (1 + math.cos(math.pi * fraction)) + alpha


@pytest.mark.parametrize("alpha", [0.0, 0.2])
def test_cosine_decay(alpha):
    schedule = schedules.CosineDecay(0.5, decay_steps=10, alpha=alpha)
    expected = [0.5 * cosine(min(s, 10) / 10, alpha) for s in STEPS]
    np.testing.assert_allclose(values(schedule), expected, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("warmup_steps", [0, 5])
def test_cosine_decay_with_warmup(warmup_steps):
    schedule = schedules.CosineDecay(
        0.1, decay_steps=20, alpha=0.1, warmup_target=1.0, warmup_steps=warmup_steps
    )

    def formula(step):
        step = min(step, 20 + warmup_steps)
        if step < warmup_steps:
            return 0.1 + (1.0 - 0.1) * step / warmup_steps
        return 1.0 * cosine((step - warmup_steps) / 20, 0.1)

    np.testing.assert_allclose(values(schedule), [formula(s) for s in STEPS], rtol=1e-5)


@pytest.mark.parametrize(("t_mul", "m_mul"), [(1.0, 0.5), (2.0, 1.0), (1.5, 0.8)])
def test_cosine_decay_restarts(t_mul, m_mul):
    schedule = schedules.CosineDecayRestarts(1.0, 5, t_mul=t_mul, m_mul=m_mul, alpha=0.1)

    def formula(step):
        start, length, restart = 0.0, 5.0, 0
        while step >= start + length:
            start, length, restart = start + length, length * t_mul, restart + 1
        fraction = (step - start) / length
        return (1 - 0.1) * m_mul**restart * 0.5 * (1 + math.cos(math.pi * fraction)) + 0.1

    np.testing.assert_allclose(values(schedule), [formula(s) for s in STEPS], rtol=1e-4)


@pytest.mark.parametrize(
    "schedule",
    [
        schedules.CosineDecay(0.1, 100, alpha=0.1, warmup_target=0.5, warmup_steps=10),
        schedules.CosineDecayRestarts(0.1, 100, t_mul=1.5, m_mul=0.9, alpha=0.05),
    ],
    ids=lambda schedule: type(schedule).__name__,
)
def test_config_round_trip(schedule):
    restored = type(schedule).from_config(schedule.get_config())
    assert restored.get_config() == schedule.get_config()
    np.testing.assert_allclose(values(restored), values(schedule))


def test_defaults():
    decay = schedules.CosineDecay(0.1, 10)
    assert (decay.alpha, decay.name, decay.warmup_target, decay.warmup_steps) == (
        0.0,
        "CosineDecay",
        None,
        0,
    )
    restarts = schedules.CosineDecayRestarts(0.1, 10)
    assert (restarts.t_mul, restarts.m_mul, restarts.alpha, restarts.name) == (
        2.0,
        1.0,
        0.0,
        "SGDRDecay",
    )


def test_cosine_decay_rejects_non_positive_decay_steps():
    with pytest.raises(ValueError, match="CosineDecay expected decay_steps > 0, received"):
        schedules.CosineDecay(0.1, 0)


def test_cosine_decay_rejects_negative_warmup_steps():
    with pytest.raises(ValueError, match="CosineDecay expected warmup_steps >= 0, received"):
        schedules.CosineDecay(0.1, 10, warmup_target=1.0, warmup_steps=-1)


def test_cosine_decay_restarts_rejects_non_positive_first_decay_steps():
    with pytest.raises(ValueError, match="CosineDecayRestarts expected first_decay_steps > 0"):
        schedules.CosineDecayRestarts(0.1, 0)
