"""LossScaleOptimizer: unscaling, skipped non-finite steps, scale growth, the stateless form
(eager and under jax.jit), config round trip, and wrap_for_policy."""

from __future__ import annotations

import json

import numpy as np
import pytest

import lamina
from lamina import dtype_policies, ops, optimizers
from lamina.optimizers.loss_scale_optimizer import LossScaleOptimizer, wrap_for_policy
from tests.conftest import BACKEND

RNG = np.random.default_rng(5)
SHAPES = ((3, 2), (2,))


def _variables():
    initial = [RNG.normal(size=shape).astype("float32") for shape in SHAPES]
    return initial, [lamina.Variable(value, name=f"v{i}") for i, value in enumerate(initial)]


def _tensors(arrays):
    return [ops.convert_to_tensor(np.asarray(a, "float32")) for a in arrays]


def _numpy(values):
    return [np.asarray(ops.convert_to_numpy(v), "float64") for v in values]


def _state(optimizer):
    return {v.path: v.numpy().copy() for v in optimizer.variables}


def test_scale_loss_multiplies_by_the_current_scale():
    optimizer = LossScaleOptimizer(optimizers.SGD(), initial_scale=8.0, dynamic_growth_steps=1)
    assert float(optimizer.scale_loss(1.5)) == 12.0
    w = lamina.Variable([1.0])
    optimizer.apply(_tensors([[0.0]]), [w])
    assert float(optimizer.dynamic_scale.numpy()) == 16.0
    assert float(optimizer.scale_loss(ops.convert_to_tensor(1.5))) == 24.0


def test_scale_doubles_after_dynamic_growth_steps_finite_steps():
    optimizer = LossScaleOptimizer(optimizers.SGD(0.1), initial_scale=4.0, dynamic_growth_steps=3)
    _, variables = _variables()
    seen = []
    for _ in range(7):
        optimizer.apply(_tensors([np.ones(s) for s in SHAPES]), variables)
        seen.append((float(optimizer.dynamic_scale.numpy()), int(optimizer.step_counter.numpy())))
    assert seen == [(4, 1), (4, 2), (8, 0), (8, 1), (8, 2), (16, 0), (16, 1)]
    assert int(optimizer.iterations) == 7


@pytest.mark.parametrize("bad", [np.inf, -np.inf, np.nan])
@pytest.mark.parametrize("inner", ["sgd_momentum", "adam"])
def test_non_finite_gradients_skip_the_step_and_halve_the_scale(inner, bad):
    make = {
        "sgd_momentum": lambda: optimizers.SGD(0.1, momentum=0.9),
        "adam": lambda: optimizers.Adam(0.1),
    }[inner]
    optimizer = LossScaleOptimizer(make(), initial_scale=64.0, dynamic_growth_steps=5)
    _, variables = _variables()
    for _ in range(2):
        optimizer.apply(_tensors([RNG.normal(size=s) for s in SHAPES]), variables)
    before_values = [v.numpy().copy() for v in variables]
    before_inner = _state(optimizer.inner_optimizer)
    grads = [RNG.normal(size=s) for s in SHAPES]
    grads[1][0] = bad
    optimizer.apply(_tensors(grads), variables)
    for variable, before in zip(variables, before_values):
        np.testing.assert_array_equal(variable.numpy(), before)
    for path, value in _state(optimizer.inner_optimizer).items():
        np.testing.assert_array_equal(value, before_inner[path], err_msg=path)
    assert int(optimizer.iterations) == 2
    assert float(optimizer.dynamic_scale.numpy()) == 32.0
    assert int(optimizer.step_counter.numpy()) == 0


def test_finite_steps_follow_sgd_on_the_unscaled_gradients():
    """NumPy reference: momentum SGD on grads / scale, with the scale's own trajectory."""
    learning_rate, momentum = 0.05, 0.9
    optimizer = LossScaleOptimizer(
        optimizers.SGD(learning_rate, momentum=momentum), initial_scale=16.0, dynamic_growth_steps=2
    )
    initial, variables = _variables()
    weights = [w.astype("float64") for w in initial]
    velocities = [np.zeros_like(w) for w in weights]
    scale, counter, steps = 16.0, 0, 0
    for step in range(8):
        true_grads = [RNG.normal(size=s) for s in SHAPES]
        scaled = [g * scale for g in true_grads]
        finite = step not in (3, 4)
        if not finite:
            scaled[0][1, 1] = np.nan
        optimizer.apply(_tensors(scaled), variables)
        if finite:
            for i, g in enumerate(true_grads):
                velocities[i] = momentum * velocities[i] - learning_rate * g
                weights[i] = weights[i] + velocities[i]
            steps += 1
            counter += 1
            if counter == 2:
                scale, counter = scale * 2, 0
        else:
            scale, counter = scale / 2, 0
        for variable, expected in zip(variables, weights):
            np.testing.assert_allclose(variable.numpy(), expected, rtol=1e-5, atol=1e-6)
        assert float(optimizer.dynamic_scale.numpy()) == scale
        assert int(optimizer.iterations) == steps


def test_finite_steps_equal_the_inner_optimizer_alone():
    initial, wrapped_vars = _variables()
    plain_vars = [lamina.Variable(v) for v in initial]
    wrapped = LossScaleOptimizer(optimizers.Adam(0.01, amsgrad=True), initial_scale=2.0**10)
    plain = optimizers.Adam(0.01, amsgrad=True)
    for _ in range(4):
        grads = [RNG.normal(size=s) for s in SHAPES]
        scale = float(wrapped.dynamic_scale.numpy()) if wrapped.built else 2.0**10
        wrapped.apply(_tensors([g * scale for g in grads]), wrapped_vars)
        plain.apply(_tensors(grads), plain_vars)
    for got, want in zip(wrapped_vars, plain_vars):
        np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-5, atol=1e-6)
    for got, want in zip(wrapped.inner_optimizer.variables, plain.variables):
        np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-5, atol=1e-6)


def test_float16_gradients_are_unscaled_without_overflow():
    # A scale of 2**17 does not fit in float16; the division happens in float32.
    optimizer = LossScaleOptimizer(optimizers.SGD(1000.0), initial_scale=2.0**17)
    w = lamina.Variable(np.ones((2,), "float16"), dtype="float16")
    optimizer.apply([ops.convert_to_tensor(np.full((2,), 2.0, "float16"))], [w])
    np.testing.assert_allclose(w.numpy().astype("float64"), 1 - 1000 * 2 / 2**17, atol=1e-3)


def test_missing_gradients_are_skipped_with_a_warning():
    optimizer = LossScaleOptimizer(optimizers.SGD(0.5), initial_scale=2.0)
    initial, variables = _variables()
    with pytest.warns(UserWarning, match="Gradients do not exist for variables"):
        optimizer.apply([None, ops.convert_to_tensor(np.full((2,), 4.0, "float32"))], variables)
    np.testing.assert_array_equal(variables[0].numpy(), initial[0])
    np.testing.assert_allclose(variables[1].numpy(), initial[1] - 1.0, rtol=1e-6)


def test_variables_hold_its_own_state_then_the_inner_optimizers():
    inner = optimizers.SGD(0.1, momentum=0.5)
    optimizer = LossScaleOptimizer(inner, name="lso")
    _, variables = _variables()
    optimizer.build(variables)
    names = [v.name for v in optimizer.variables]
    assert names[:4] == ["iteration", "learning_rate", "step_counter", "dynamic_scale"]
    assert optimizer.variables[4:] == inner.variables
    assert optimizer.iterations is inner.iterations
    assert float(optimizer.dynamic_scale.numpy()) == 2.0**15
    assert optimizer.dynamic_growth_steps == 2000
    assert abs(float(optimizer.learning_rate) - 0.1) < 1e-7
    optimizer.learning_rate = 0.25
    assert float(inner.learning_rate) == 0.25


def test_save_and_load_own_variables_include_the_inner_optimizer():
    optimizer = LossScaleOptimizer(optimizers.Adam(0.1), initial_scale=4.0, dynamic_growth_steps=1)
    _, variables = _variables()
    optimizer.apply(_tensors([RNG.normal(size=s) for s in SHAPES]), variables)
    store: dict = {}
    optimizer.save_own_variables(store)
    assert len(store) == len(optimizer.variables) == 4 + 2 + 2 * 2
    restored = LossScaleOptimizer(optimizers.Adam(0.1))
    restored.build(variables)
    restored.load_own_variables(store)
    for got, want in zip(restored.variables, optimizer.variables):
        np.testing.assert_array_equal(got.numpy(), want.numpy())
    assert float(restored.dynamic_scale.numpy()) == 8.0


def _run_stateless(wrap):
    """Eager apply on one copy, `wrap(optimizer.stateless_apply)` on another, through finite
    and non-finite steps, then compares every value."""
    initial, eager_vars = _variables()
    stateless_vars = [lamina.Variable(v) for v in initial]

    def make():
        return LossScaleOptimizer(optimizers.Adam(0.05), initial_scale=8.0, dynamic_growth_steps=2)

    eager, stateless = make(), make()
    eager.build(eager_vars)
    stateless.build(stateless_vars)
    optimizer_values = [v.value for v in stateless.variables]
    trainable_values = [v.value for v in stateless_vars]
    step = wrap(stateless.stateless_apply)
    for index in range(6):
        grads = [RNG.normal(size=s).astype("float32") for s in SHAPES]
        if index in (2, 5):
            grads[1][1] = np.inf
        eager.apply(_tensors(grads), eager_vars)
        trainable_values, optimizer_values = step(
            optimizer_values, _tensors(grads), trainable_values
        )
    for got, variable in zip(_numpy(trainable_values), eager_vars):
        np.testing.assert_allclose(got, variable.numpy(), rtol=1e-5, atol=1e-6)
    for got, variable in zip(_numpy(optimizer_values), eager.variables):
        np.testing.assert_allclose(
            got, variable.numpy(), rtol=1e-5, atol=1e-6, err_msg=variable.path
        )
    # 8 -> 16 (two finite steps) -> 8 (inf) -> 16 (two finite) -> 8 (inf).
    assert float(eager.dynamic_scale.numpy()) == 8.0
    assert int(eager.iterations) == 4
    # Nothing was written to the stateless optimizer's own variables.
    assert int(stateless.iterations) == 0
    assert float(stateless.dynamic_scale.numpy()) == 8.0
    for value, variable in zip(initial, stateless_vars):
        np.testing.assert_array_equal(variable.numpy(), value)


def test_stateless_apply_matches_apply():
    _run_stateless(lambda fn: fn)


@pytest.mark.skipif(BACKEND != "jax", reason="jax.jit exists only on the jax backend")
def test_stateless_apply_under_jax_jit_matches_apply():
    import jax

    _run_stateless(jax.jit)


def test_config_round_trip_nests_the_inner_optimizer():
    optimizer = LossScaleOptimizer(
        optimizers.SGD(0.2, momentum=0.5), initial_scale=128.0, dynamic_growth_steps=10, name="x"
    )
    config = optimizer.get_config()
    assert sorted(config) == ["dynamic_growth_steps", "initial_scale", "inner_optimizer", "name"]
    assert config["inner_optimizer"]["class_name"] == "SGD"
    assert config["inner_optimizer"]["config"]["momentum"] == 0.5
    clone = LossScaleOptimizer.from_config(json.loads(json.dumps(config)))
    assert clone.get_config() == config
    assert isinstance(clone.inner_optimizer, optimizers.SGD)
    saved = json.loads(json.dumps(optimizers.serialize(optimizer)))
    assert saved["module"] == "keras.optimizers" and saved["class_name"] == "LossScaleOptimizer"
    restored = optimizers.deserialize(saved)
    assert isinstance(restored, LossScaleOptimizer) and restored.get_config() == config


def test_deserialize_reads_a_keras_config_with_base_defaults():
    config = {
        "class_name": "LossScaleOptimizer",
        "config": {
            "name": "loss_scale_optimizer",
            "inner_optimizer": {"class_name": "Adam", "config": {"learning_rate": 0.01}},
            "initial_scale": 32768.0,
            "dynamic_growth_steps": 2000,
            "clipnorm": None,
            "use_ema": False,
            "ema_momentum": 0.99,
        },
    }
    optimizer = optimizers.deserialize(config)
    assert isinstance(optimizer.inner_optimizer, optimizers.Adam)
    assert optimizer.initial_scale == 32768.0


def test_wrapping_turns_off_the_inner_loss_scale_factor():
    inner = optimizers.SGD(loss_scale_factor=4.0)
    LossScaleOptimizer(inner)
    assert inner.loss_scale_factor is None


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"inner_optimizer": "adam"}, TypeError, "expected inner_optimizer to be a lamina Opt"),
        ({"initial_scale": 0.0}, ValueError, "expected initial_scale to be a float > 0"),
        ({"initial_scale": "big"}, ValueError, "expected initial_scale to be a float > 0"),
        ({"dynamic_growth_steps": 0}, ValueError, "expected dynamic_growth_steps to be an int"),
        ({"dynamic_growth_steps": 2.5}, ValueError, "expected dynamic_growth_steps to be an int"),
        ({"dynamic": False}, ValueError, "only supports dynamic=True"),
        ({"clipnorm": 1.0}, ValueError, "does not support clipnorm; set clipnorm on the inner"),
        ({"momentum": 0.9}, ValueError, r"received unknown argument\(s\) \['momentum'\]"),
    ],
)
def test_rejects_bad_arguments(kwargs, error, message):
    kwargs = {"inner_optimizer": optimizers.SGD(), **kwargs}
    with pytest.raises(error, match=message):
        LossScaleOptimizer(**kwargs)


def test_rejects_a_nested_loss_scale_optimizer():
    with pytest.raises(TypeError, match="received another LossScaleOptimizer"):
        LossScaleOptimizer(LossScaleOptimizer(optimizers.SGD()))


def test_wrap_for_policy_wraps_only_for_mixed_float16():
    adam = optimizers.Adam()
    wrapped = wrap_for_policy(adam, "mixed_float16")
    assert isinstance(wrapped, LossScaleOptimizer) and wrapped.inner_optimizer is adam
    assert wrapped.name == "loss_scale_optimizer"
    assert wrap_for_policy(wrapped, "mixed_float16") is wrapped
    assert wrap_for_policy(wrapped, dtype_policies.DTypePolicy("mixed_float16")) is wrapped
    wrapped_by_policy = wrap_for_policy(adam, dtype_policies.DTypePolicy("mixed_float16"))
    assert isinstance(wrapped_by_policy, LossScaleOptimizer)
    for name in ("float32", "mixed_bfloat16", "float16"):
        assert wrap_for_policy(adam, name) is adam
    assert wrap_for_policy(None, "mixed_float16") is None


def test_wrap_for_policy_rejects_a_non_optimizer():
    with pytest.raises(TypeError, match="wrap_for_policy expected a lamina Optimizer"):
        wrap_for_policy("adam", "mixed_float16")
