"""Ftrl against its update rule, with and without regularization."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import optimizers
from tests.optimizers.optimizer_check import check_rule

RNG = np.random.default_rng(8)


def ftrl_rule(lr, power, initial, l1, l2, shrinkage, beta):
    def rule(w, g, state, t):
        n = state.get("n", initial)
        z = state.get("z", 0.0)
        n_new = n + g**2
        z = z + g + 2 * shrinkage * w - (n_new ** (-power) - n ** (-power)) / lr * w
        quadratic = n_new ** (-power) / lr + 2 * (l2 + beta / (2 * lr))
        state["n"], state["z"] = n_new, z
        return (np.clip(z, -l1, l1) - z) / quadratic

    return rule


@pytest.mark.parametrize(
    ("l1", "l2", "shrinkage", "beta"), [(0.0, 0.0, 0.0, 0.0), (0.05, 0.1, 0.02, 0.3)]
)
def test_ftrl_follows_its_update_rule(l1, l2, shrinkage, beta):
    optimizer = optimizers.Ftrl(
        learning_rate=0.1,
        learning_rate_power=-0.5,
        initial_accumulator_value=0.5,
        l1_regularization_strength=l1,
        l2_regularization_strength=l2,
        l2_shrinkage_regularization_strength=shrinkage,
        beta=beta,
    )
    check_rule(optimizer, ftrl_rule(0.1, -0.5, 0.5, l1, l2, shrinkage, beta), RNG, atol=1e-5)


@pytest.mark.parametrize(
    ("argument", "value", "expected"),
    [
        ("learning_rate_power", 0.5, "<= 0"),
        ("initial_accumulator_value", -0.1, ">= 0"),
        ("l1_regularization_strength", -1.0, ">= 0"),
        ("l2_regularization_strength", -1.0, ">= 0"),
        ("l2_shrinkage_regularization_strength", -1.0, ">= 0"),
    ],
)
def test_ftrl_rejects_arguments_of_the_wrong_sign(argument, value, expected):
    with pytest.raises(ValueError, match=f"Ftrl 'ftrl' expected {argument} {expected}"):
        optimizers.Ftrl(**{argument: value})
