"""Adagrad against its update rule."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import optimizers
from tests.optimizers.optimizer_check import check_rule

RNG = np.random.default_rng(3)


def adagrad_rule(lr, initial, epsilon):
    def rule(w, g, state, t):
        total = state["total"] = state.get("total", initial) + g**2
        return w - lr * g / np.sqrt(total + epsilon)

    return rule


@pytest.mark.parametrize("initial", [0.1, 0.0, 2.0])
def test_adagrad_follows_its_update_rule(initial):
    optimizer = optimizers.Adagrad(learning_rate=0.1, initial_accumulator_value=initial)
    check_rule(optimizer, adagrad_rule(0.1, initial, 1e-7), RNG)


def test_adagrad_accumulator_starts_at_the_initial_value():
    optimizer = optimizers.Adagrad(initial_accumulator_value=0.25)
    config = optimizer.get_config()
    assert (config["initial_accumulator_value"], config["epsilon"]) == (0.25, 1e-7)
    import lamina

    w = lamina.Variable(np.zeros((2,), "float32"))
    optimizer.build([w])
    np.testing.assert_allclose(optimizer.variables[-1].numpy(), [0.25, 0.25])


def test_adagrad_rejects_negative_initial_accumulator():
    with pytest.raises(ValueError, match="Adagrad 'adagrad' expected initial_accumulator_value"):
        optimizers.Adagrad(initial_accumulator_value=-1.0)
