"""SGD against its update rule: plain, momentum and Nesterov momentum."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import optimizers
from tests.optimizers.optimizer_check import check_rule

RNG = np.random.default_rng(0)


def sgd_rule(learning_rate, momentum, nesterov):
    def rule(w, g, state, t):
        velocity = momentum * state.get("velocity", 0.0) - learning_rate * g
        state["velocity"] = velocity
        if momentum == 0:
            return w - learning_rate * g
        if nesterov:
            return w + momentum * velocity - learning_rate * g
        return w + velocity

    return rule


@pytest.mark.parametrize(
    ("momentum", "nesterov"), [(0.0, False), (0.9, False), (0.9, True), (0.5, True)]
)
def test_sgd_follows_its_update_rule(momentum, nesterov):
    optimizer = optimizers.SGD(learning_rate=0.1, momentum=momentum, nesterov=nesterov)
    check_rule(optimizer, sgd_rule(0.1, momentum, nesterov), RNG)


def test_sgd_defaults_and_slots():
    optimizer = optimizers.SGD()
    assert (optimizer.name, optimizer.momentum, optimizer.nesterov) == ("SGD", 0.0, False)
    assert float(optimizer.learning_rate) == pytest.approx(0.01)
    config = optimizers.SGD(momentum=0.9, nesterov=True).get_config()
    assert (config["momentum"], config["nesterov"], config["learning_rate"]) == (0.9, True, 0.01)


@pytest.mark.parametrize("momentum", [-0.1, 1.5, "0.9"])
def test_sgd_rejects_momentum_outside_zero_one(momentum):
    with pytest.raises(ValueError, match=r"SGD 'SGD' expected momentum to be a float in \[0, 1\]"):
        optimizers.SGD(momentum=momentum)
