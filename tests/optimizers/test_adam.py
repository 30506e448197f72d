"""Adam (with and without AMSGrad) and AdamW against their update rules."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import ops, optimizers
from tests.optimizers.optimizer_check import check_rule

RNG = np.random.default_rng(1)


def adam_rule(lr, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False, weight_decay=None):
    def rule(w, g, state, t):
        if weight_decay is not None:
            w = w - w * weight_decay * lr
        m = state.get("m", 0.0) + (g - state.get("m", 0.0)) * (1 - beta_1)
        v = state.get("v", 0.0) + (g**2 - state.get("v", 0.0)) * (1 - beta_2)
        state["m"], state["v"] = m, v
        if amsgrad:
            v = state["v_hat"] = np.maximum(state.get("v_hat", 0.0), v)
        rate = lr * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w - rate * m / (np.sqrt(v) + epsilon)

    return rule


@pytest.mark.parametrize("amsgrad", [False, True])
def test_adam_follows_its_update_rule(amsgrad):
    optimizer = optimizers.Adam(learning_rate=0.05, beta_1=0.8, beta_2=0.9, amsgrad=amsgrad)
    check_rule(optimizer, adam_rule(0.05, 0.8, 0.9, amsgrad=amsgrad), RNG, steps=4)


def test_adam_with_a_large_epsilon():
    optimizer = optimizers.Adam(learning_rate=0.1, epsilon=0.5)
    check_rule(optimizer, adam_rule(0.1, epsilon=0.5), RNG)


def test_adamw_decays_weights_then_steps_as_adam():
    optimizer = optimizers.AdamW(learning_rate=0.05, weight_decay=0.1)
    check_rule(optimizer, adam_rule(0.05, weight_decay=0.1), RNG)


def test_adam_keeps_one_set_of_slots_per_variable():
    a = lamina.Variable(np.ones((2, 2), "float32"), name="a")
    b = lamina.Variable(np.ones((3,), "float32"), name="b")
    optimizer = optimizers.Adam(learning_rate=0.1, amsgrad=True)
    optimizer.apply([ops.ones((2, 2)), ops.full((3,), -2.0)], [a, b])
    paths = [v.path for v in optimizer.variables]
    assert paths == [
        "adam/iteration",
        "adam/learning_rate",
        "adam/a_momentum",
        "adam/a_velocity",
        "adam/b_momentum",
        "adam/b_velocity",
        "adam/a_velocity_hat",
        "adam/b_velocity_hat",
    ]
    assert not any(v.trainable for v in optimizer.variables)
    np.testing.assert_allclose(a.numpy(), np.full((2, 2), 0.9), rtol=1e-5)
    np.testing.assert_allclose(b.numpy(), np.full((3,), 1.1), rtol=1e-5)


def test_adam_updates_float64_variables_in_float64():
    w = lamina.Variable(np.array([1.0, 2.0]), dtype="float64")
    # 0.5 is exact in the float32 learning-rate variable; the rest must stay in float64.
    optimizer = optimizers.Adam(learning_rate=0.5)
    optimizer.apply([ops.convert_to_tensor(np.array([1.0, 1.0]))], [w])
    assert w.dtype == "float64"
    expected = adam_rule(0.5)(np.array([1.0, 2.0]), np.array([1.0, 1.0]), {}, 1)
    np.testing.assert_allclose(w.numpy(), expected, rtol=1e-12)


def test_adam_and_adamw_defaults():
    adam = optimizers.Adam()
    assert (adam.name, adam.beta_1, adam.beta_2, adam.epsilon, adam.amsgrad) == (
        "adam",
        0.9,
        0.999,
        1e-7,
        False,
    )
    adamw = optimizers.AdamW()
    assert (adamw.name, adamw.weight_decay) == ("adamw", 0.004)
    assert adamw.get_config()["weight_decay"] == 0.004


def test_adamw_rejects_missing_weight_decay():
    with pytest.raises(ValueError, match="AdamW 'adamw' expected weight_decay to be a float"):
        optimizers.AdamW(weight_decay=None)
