"""Lamb against its update rule, including the trust ratio's zero-norm cases."""

from __future__ import annotations

import numpy as np

import lamina
from lamina import ops, optimizers
from tests.optimizers.optimizer_check import check_rule

RNG = np.random.default_rng(9)


def lamb_rule(lr, beta_1, beta_2, epsilon):
    def rule(w, g, state, t):
        m = state["m"] = beta_1 * state.get("m", 0.0) + (1 - beta_1) * g
        v = state["v"] = beta_2 * state.get("v", 0.0) + (1 - beta_2) * g**2
        direction = (m / (1 - beta_1**t)) / (np.sqrt(v / (1 - beta_2**t)) + epsilon)
        w_norm, d_norm = np.linalg.norm(w), np.linalg.norm(direction)
        ratio = w_norm / d_norm if w_norm > 0 and d_norm > 0 else 1.0
        return w - lr * ratio * direction

    return rule


def test_lamb_follows_its_update_rule():
    optimizer = optimizers.Lamb(learning_rate=0.01, beta_1=0.8, beta_2=0.9)
    check_rule(optimizer, lamb_rule(0.01, 0.8, 0.9, 1e-7), RNG, steps=4)


def test_lamb_uses_ratio_one_for_zero_weights():
    w = lamina.Variable(np.zeros((3,), "float32"))
    optimizers.Lamb(learning_rate=0.1).apply([ops.ones((3,))], [w])
    np.testing.assert_allclose(w.numpy(), np.full((3,), -0.1), rtol=1e-5)
