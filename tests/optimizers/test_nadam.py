"""Nadam against its update rule (Dozat's momentum schedule, as Keras implements it)."""

from __future__ import annotations

import numpy as np

import lamina
from lamina import ops, optimizers
from tests.optimizers.optimizer_check import check_rule

RNG = np.random.default_rng(5)


def nadam_rule(lr, beta_1, beta_2, epsilon):
    def mu(t):
        return beta_1 * (1 - 0.5 * 0.96**t)

    def rule(w, g, state, t):
        product = state["product"] = state.get("product", 1.0) * mu(t)
        m = state["m"] = state.get("m", 0.0) + (g - state.get("m", 0.0)) * (1 - beta_1)
        v = state["v"] = state.get("v", 0.0) + (g**2 - state.get("v", 0.0)) * (1 - beta_2)
        m_hat = mu(t + 1) * m / (1 - product * mu(t + 1)) + (1 - mu(t)) * g / (1 - product)
        v_hat = v / (1 - beta_2**t)
        return w - lr * m_hat / (np.sqrt(v_hat) + epsilon)

    return rule


def test_nadam_follows_its_update_rule():
    optimizer = optimizers.Nadam(learning_rate=0.05, beta_1=0.8, beta_2=0.9)
    check_rule(optimizer, nadam_rule(0.05, 0.8, 0.9, 1e-7), RNG, steps=4)


def test_nadam_updates_its_momentum_product_once_per_step():
    a = lamina.Variable(np.ones((2,), "float32"), name="a")
    b = lamina.Variable(np.ones((3,), "float32"), name="b")
    optimizer = optimizers.Nadam()
    for _ in range(2):
        optimizer.apply([ops.ones((2,)), ops.ones((3,))], [a, b])
    product = [v for v in optimizer.variables if v.name == "u_product"][0]
    expected = 0.9 * (1 - 0.5 * 0.96) * 0.9 * (1 - 0.5 * 0.96**2)
    np.testing.assert_allclose(product.numpy(), expected, rtol=1e-6)
