"""stateless_apply gives what apply does, writes nothing, and runs under jax.jit."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import ops, optimizers
from tests.conftest import BACKEND

RNG = np.random.default_rng(13)

CASES = {
    "sgd_momentum": lambda: optimizers.SGD(0.1, momentum=0.9, nesterov=True, clipnorm=1.0),
    "adam_amsgrad": lambda: optimizers.Adam(0.05, amsgrad=True, weight_decay=0.01),
    "adamw_schedule": lambda: optimizers.AdamW(
        optimizers.schedules.CosineDecay(0.1, 10, warmup_target=0.2, warmup_steps=2)
    ),
    "rmsprop_centered": lambda: optimizers.RMSprop(0.01, momentum=0.5, centered=True),
    "adagrad_ema": lambda: optimizers.Adagrad(0.1, use_ema=True, ema_overwrite_frequency=2),
    "nadam_accumulation": lambda: optimizers.Nadam(0.1, gradient_accumulation_steps=2),
    "lamb_global_clip": lambda: optimizers.Lamb(0.1, global_clipnorm=0.5),
    "adafactor": lambda: optimizers.Adafactor(0.1),
    "ftrl": lambda: optimizers.Ftrl(0.1, l1_regularization_strength=0.01),
}


def make_variables():
    initial = [RNG.normal(size=(3, 2)), RNG.normal(size=(2,))]
    return initial, [
        lamina.Variable(v.astype("float32"), name=f"v{i}") for i, v in enumerate(initial)
    ]


def gradient_steps(steps=4):
    return [
        [ops.convert_to_tensor(RNG.normal(size=s).astype("float32")) for s in ((3, 2), (2,))]
        for _ in range(steps)
    ]


def run_stateless(make, wrap=lambda optimizer: optimizer.stateless_apply):
    """Runs eager `apply` on one copy and `wrap(optimizer)` (its stateless_apply, maybe
    jitted) on another; both must end with the same values."""
    initial, eager_vars = make_variables()
    stateless_vars = [lamina.Variable(v.astype("float32")) for v in initial]
    eager, stateless = make(), make()
    eager.build(eager_vars)
    stateless.build(stateless_vars)
    optimizer_values = [v.value for v in stateless.variables]
    trainable_values = [v.value for v in stateless_vars]
    step = wrap(stateless)
    for grads in gradient_steps():
        eager.apply(grads, eager_vars)
        trainable_values, optimizer_values = step(optimizer_values, grads, trainable_values)
    for got, variable in zip(trainable_values, eager_vars):
        np.testing.assert_allclose(
            ops.convert_to_numpy(got), variable.numpy(), rtol=1e-5, atol=1e-6
        )
    for got, variable in zip(optimizer_values, eager.variables):
        np.testing.assert_allclose(
            ops.convert_to_numpy(got), variable.numpy(), rtol=1e-5, atol=1e-6
        )
    # Nothing was written to the stateless optimizer's own variables.
    assert int(stateless.iterations) == 0
    for value, variable in zip(initial, stateless_vars):
        np.testing.assert_array_equal(variable.numpy(), value.astype("float32"))


@pytest.mark.parametrize("case", sorted(CASES))
def test_stateless_apply_matches_apply(case):
    run_stateless(CASES[case])


JIT_CASES = ["adam_amsgrad", "adamw_schedule", "nadam_accumulation", "adagrad_ema"]


@pytest.mark.skipif(BACKEND != "jax", reason="jax.jit exists only on the jax backend")
@pytest.mark.parametrize("case", JIT_CASES)
def test_stateless_apply_under_jax_jit_matches_apply(case):
    import jax

    run_stateless(CASES[case], wrap=lambda optimizer: jax.jit(optimizer.stateless_apply))


def test_stateless_apply_rejects_an_unbuilt_optimizer():
    with pytest.raises(ValueError, match="SGD 'SGD' must be built before stateless_apply"):
        optimizers.SGD().stateless_apply([], [], [])


def test_stateless_apply_rejects_a_wrong_number_of_optimizer_variables():
    optimizer = optimizers.SGD()
    optimizer.build([lamina.Variable([1.0])])
    with pytest.raises(ValueError, match="expected 2 optimizer_variables"):
        optimizer.stateless_apply([0], [[1.0]], [[1.0]])


def test_stateless_apply_rejects_a_wrong_number_of_trainable_variables():
    optimizer = optimizers.SGD()
    optimizer.build([lamina.Variable([1.0])])
    values = [v.value for v in optimizer.variables]
    with pytest.raises(ValueError, match="expected 1 trainable_variables"):
        optimizer.stateless_apply(values, [[1.0]], [[1.0], [2.0]])
