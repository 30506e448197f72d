"""Adafactor against its update rule, factored (rank >= 2) and not (rank 1)."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import optimizers
from tests.optimizers.optimizer_check import check_rule

RNG = np.random.default_rng(10)


def rms(x):
    return np.sqrt(np.mean(np.square(x)))


def adafactor_rule(lr, decay=-0.8, eps_1=1e-30, eps_2=1e-3, threshold=1.0, relative=True):
    def rule(w, g, state, t):
        cap = 1 / np.sqrt(t)
        rate = min(lr, cap) if relative else lr
        alpha = max(eps_2, rms(w)) * min(rate, cap)
        squared = g**2 + eps_1
        beta = 1 - t**decay
        if w.ndim >= 2:
            r = state["r"] = beta * state.get("r", 0.0) + (1 - beta) * squared.mean(-1)
            c = state["c"] = beta * state.get("c", 0.0) + (1 - beta) * squared.mean(-2)
            v = (r / r.mean(-1, keepdims=True))[..., None] * c[..., None, :]
        else:
            v = state["v"] = beta * state.get("v", 0.0) + (1 - beta) * squared
        u = g / np.sqrt(v)
        return w - alpha * u / max(1.0, rms(u) / threshold)

    return rule


@pytest.mark.parametrize("shape", [(4,), (3, 4), (2, 3, 4)])
def test_adafactor_follows_its_update_rule(shape):
    optimizer = optimizers.Adafactor(learning_rate=0.1)
    check_rule(optimizer, adafactor_rule(0.1), RNG, steps=4, shape=shape)


def test_adafactor_without_relative_step_and_a_low_clip_threshold():
    optimizer = optimizers.Adafactor(learning_rate=0.01, relative_step=False, clip_threshold=0.5)
    rule = adafactor_rule(0.01, relative=False, threshold=0.5)
    check_rule(optimizer, rule, RNG, steps=3, shape=(3, 2))
