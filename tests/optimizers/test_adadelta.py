"""Adadelta against its update rule."""

from __future__ import annotations

import numpy as np

from lamina import optimizers
from tests.optimizers.optimizer_check import check_rule

RNG = np.random.default_rng(6)


def adadelta_rule(lr, rho, epsilon):
    def rule(w, g, state, t):
        grad_avg = state["g"] = rho * state.get("g", 0.0) + (1 - rho) * g**2
        delta_avg = state.get("d", 0.0)
        delta = -np.sqrt(delta_avg + epsilon) / np.sqrt(grad_avg + epsilon) * g
        state["d"] = rho * delta_avg + (1 - rho) * delta**2
        return w + lr * delta

    return rule


def test_adadelta_follows_its_update_rule():
    optimizer = optimizers.Adadelta(learning_rate=1.0, rho=0.7, epsilon=1e-2)
    check_rule(optimizer, adadelta_rule(1.0, 0.7, 1e-2), RNG, steps=4)


def test_adadelta_config():
    config = optimizers.Adadelta().get_config()
    assert (config["name"], config["rho"], config["epsilon"]) == ("adadelta", 0.95, 1e-7)
