"""RMSprop against its update rule: plain, centered, with momentum."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import optimizers
from tests.optimizers.optimizer_check import check_rule

RNG = np.random.default_rng(2)


def rmsprop_rule(lr, rho, momentum, epsilon, centered):
    def rule(w, g, state, t):
        v = state["v"] = rho * state.get("v", 0.0) + (1 - rho) * g**2
        if centered:
            mean = state["mean"] = rho * state.get("mean", 0.0) + (1 - rho) * g
            denominator = v - mean**2 + epsilon
        else:
            denominator = v + epsilon
        step = lr * g / np.sqrt(denominator)
        if momentum > 0:
            step = state["velocity"] = momentum * state.get("velocity", 0.0) + step
        return w - step

    return rule


@pytest.mark.parametrize(
    ("momentum", "centered"), [(0.0, False), (0.0, True), (0.9, False), (0.5, True)]
)
def test_rmsprop_follows_its_update_rule(momentum, centered):
    optimizer = optimizers.RMSprop(
        learning_rate=0.01, rho=0.8, momentum=momentum, epsilon=1e-3, centered=centered
    )
    check_rule(optimizer, rmsprop_rule(0.01, 0.8, momentum, 1e-3, centered), RNG)


def test_rmsprop_defaults_and_slots():
    optimizer = optimizers.RMSprop()
    config = optimizer.get_config()
    assert (config["rho"], config["momentum"], config["epsilon"], config["centered"]) == (
        0.9,
        0.0,
        1e-7,
        False,
    )
    assert config["name"] == "rmsprop" and config["learning_rate"] == 0.001
