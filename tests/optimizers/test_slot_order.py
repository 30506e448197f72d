"""Optimizer variables come in Keras 3's order, which weight files follow (`optimizer/vars/<i>`).

The expected names were listed by building each Keras 3.15.1 optimizer on two variables `a`
(shape (1, 2)) and `b` (shape (1,)) and printing `[v.name for v in optimizer.variables]`.
"""

from __future__ import annotations

import pytest

import lamina
from lamina import optimizers

EXPECTED = {
    "Adam": ["a_momentum", "a_velocity", "b_momentum", "b_velocity"],
    "Nadam": ["a_momentum", "a_velocity", "b_momentum", "b_velocity", "u_product"],
    "Adamax": ["a_momentum", "a_norm", "b_momentum", "b_norm"],
    "Adadelta": [
        "a_accumulated_grad",
        "a_accumulated_delta_var",
        "b_accumulated_grad",
        "b_accumulated_delta_var",
    ],
    "Ftrl": ["a_accumulator", "a_linear", "b_accumulator", "b_linear"],
    "Adafactor": ["a_r", "a_c", "a_velocity", "b_r", "b_c", "b_velocity"],
    "Lamb": ["a_momentum", "a_velocity", "b_momentum", "b_velocity"],
    "Lion": ["a_momentum", "b_momentum"],
    "Adagrad": ["a_accumulator", "b_accumulator"],
}


def _built(optimizer: optimizers.Optimizer) -> list[str]:
    a = lamina.Variable([[1.0, 2.0]], name="a")
    b = lamina.Variable([3.0], name="b")
    optimizer.build([a, b])
    names = [v.name for v in optimizer.variables]
    assert names[:2] == ["iteration", "learning_rate"]
    return names[2:]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_slots_follow_keras_order(name):
    assert _built(getattr(optimizers, name)()) == EXPECTED[name]


def test_rmsprop_groups_slots_by_kind():
    optimizer = optimizers.RMSprop(momentum=0.5, centered=True)
    assert _built(optimizer) == [
        "a_velocity",
        "b_velocity",
        "a_momentum",
        "b_momentum",
        "a_average_gradient",
        "b_average_gradient",
    ]


def test_base_slots_come_first():
    optimizer = optimizers.Adam(use_ema=True, gradient_accumulation_steps=2, amsgrad=True)
    assert _built(optimizer) == [
        "a_average",
        "b_average",
        "a_gradient_accumulator",
        "b_gradient_accumulator",
        "a_momentum",
        "a_velocity",
        "b_momentum",
        "b_velocity",
        "a_velocity_hat",
        "b_velocity_hat",
    ]
