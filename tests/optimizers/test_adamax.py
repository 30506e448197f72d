"""Adamax against its update rule."""

from __future__ import annotations

import numpy as np

from lamina import optimizers
from tests.optimizers.optimizer_check import check_rule

RNG = np.random.default_rng(4)


def adamax_rule(lr, beta_1, beta_2, epsilon):
    def rule(w, g, state, t):
        m = state["m"] = state.get("m", 0.0) + (g - state.get("m", 0.0)) * (1 - beta_1)
        u = state["u"] = np.maximum(beta_2 * state.get("u", 0.0), np.abs(g))
        return w - lr * m / ((1 - beta_1**t) * (u + epsilon))

    return rule


def test_adamax_follows_its_update_rule():
    optimizer = optimizers.Adamax(learning_rate=0.05, beta_1=0.8, beta_2=0.5, epsilon=1e-3)
    check_rule(optimizer, adamax_rule(0.05, 0.8, 0.5, 1e-3), RNG, steps=4)


def test_adamax_config():
    config = optimizers.Adamax().get_config()
    assert (config["name"], config["beta_1"], config["beta_2"], config["epsilon"]) == (
        "adamax",
        0.9,
        0.999,
        1e-7,
    )
