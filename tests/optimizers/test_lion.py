"""Lion against its update rule."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import optimizers
from tests.optimizers.optimizer_check import check_rule

RNG = np.random.default_rng(7)


def lion_rule(lr, beta_1, beta_2):
    def rule(w, g, state, t):
        m = state.get("m", 0.0)
        w = w - lr * np.sign(beta_1 * m + (1 - beta_1) * g)
        state["m"] = beta_2 * m + (1 - beta_2) * g
        return w

    return rule


def test_lion_follows_its_update_rule():
    optimizer = optimizers.Lion(learning_rate=0.01, beta_1=0.7, beta_2=0.9)
    check_rule(optimizer, lion_rule(0.01, 0.7, 0.9), RNG, steps=4)


@pytest.mark.parametrize("beta_1", [0.0, 1.5])
def test_lion_rejects_beta_1_outside_zero_one(beta_1):
    with pytest.raises(ValueError, match=r"Lion 'lion' expected beta_1 in \(0, 1\]"):
        optimizers.Lion(beta_1=beta_1)
