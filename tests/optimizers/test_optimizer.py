"""The Optimizer base: state (iterations, variables, learning rate), apply's bookkeeping,
saving, and one test per error message."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import constraints, layers, ops, optimizers
from tests.conftest import BACKEND


def variable(values, name="w"):
    return lamina.Variable(np.asarray(values, "float32"), name=name)


def test_iterations_count_applies():
    w = variable([1.0, 2.0])
    optimizer = optimizers.SGD(learning_rate=0.1)
    assert optimizer.iterations.dtype == "int64" and int(optimizer.iterations) == 0
    for _ in range(3):
        returned = optimizer.apply([ops.ones((2,))], [w])
    assert returned is optimizer.iterations and int(optimizer.iterations) == 3
    np.testing.assert_allclose(w.numpy(), [0.7, 1.7], rtol=1e-6)


def test_apply_gradients_takes_pairs():
    w = variable([1.0])
    optimizer = optimizers.SGD(learning_rate=0.5)
    optimizer.apply_gradients([(ops.ones((1,)), w)])
    optimizer.apply_gradients(zip([ops.ones((1,))], [w]))
    np.testing.assert_allclose(w.numpy(), [0.0])


def test_apply_without_variables_uses_the_built_ones():
    w = variable([1.0])
    optimizer = optimizers.SGD(learning_rate=0.5)
    optimizer.build([w])
    optimizer.apply([ops.ones((1,))])
    np.testing.assert_allclose(w.numpy(), [0.5])


def test_empty_gradients_change_nothing():
    optimizer = optimizers.SGD()
    optimizer.apply([], [])
    assert int(optimizer.iterations) == 0 and not optimizer.built


def test_slot_paths_name_the_optimizer_and_the_variable():
    with lamina.name_scope("dense"):
        kernel = variable(np.ones((2, 2)), name="kernel")
    optimizer = optimizers.SGD(momentum=0.5, name="opt")
    optimizer.build([kernel])
    assert [v.path for v in optimizer.variables] == [
        "opt/iteration",
        "opt/learning_rate",
        "opt/dense_kernel_momentum",
    ]
    assert optimizer.variables[2].shape == (2, 2)
    assert optimizer.variables[2].dtype == "float32"


def test_default_name_of_the_base_class_is_snake_case_and_unique():
    first, second = optimizers.Optimizer(), optimizers.Optimizer()
    assert first.name.startswith("optimizer") and first.name != second.name


def test_learning_rate_is_a_settable_variable():
    optimizer = optimizers.Adam(learning_rate=0.01)
    assert isinstance(optimizer.learning_rate, lamina.Variable)
    optimizer.learning_rate = 0.5
    assert float(optimizer.learning_rate) == 0.5
    assert optimizer.get_config()["learning_rate"] == 0.5


def test_learning_rate_schedule_is_evaluated_at_iterations():
    schedule = optimizers.schedules.ExponentialDecay(1.0, decay_steps=1, decay_rate=0.5)
    optimizer = optimizers.SGD(learning_rate=schedule)
    w = variable([0.0])
    for _ in range(3):
        optimizer.apply([ops.ones((1,))], [w])
    # Steps use the rates at iterations 0, 1, 2: 1 + 0.5 + 0.25.
    np.testing.assert_allclose(w.numpy(), [-1.75], rtol=1e-6)
    assert float(optimizer.learning_rate) == pytest.approx(0.125)
    assert [v.name for v in optimizer.variables] == ["iteration"]


def test_callable_learning_rate_is_called_each_step():
    rates = iter([0.5, 0.25])
    optimizer = optimizers.SGD(learning_rate=lambda: next(rates))
    w = variable([0.0])
    optimizer.apply([ops.ones((1,))], [w])
    optimizer.apply([ops.ones((1,))], [w])
    np.testing.assert_allclose(w.numpy(), [-0.75])


def test_replacing_a_learning_rate_variable_with_a_schedule_untracks_it():
    optimizer = optimizers.SGD(learning_rate=0.1)
    optimizer.learning_rate = optimizers.schedules.InverseTimeDecay(0.1, 1, 1.0)
    assert [v.name for v in optimizer.variables] == ["iteration"]


def test_constraints_project_variables_after_the_update():
    w = variable([1.0, 1.0])
    w.constraint = constraints.NonNeg()
    optimizers.SGD(learning_rate=1.0).apply([ops.convert_to_tensor([2.0, -1.0])], [w])
    np.testing.assert_allclose(w.numpy(), [0.0, 2.0])


def test_trains_a_dense_layer_with_its_constraint():
    layer = layers.Dense(2, kernel_constraint="non_neg")
    layer(ops.ones((1, 3)))
    weights = layer.trainable_weights
    grads = [ops.ones(v.shape) for v in weights]
    optimizer = optimizers.SGD(learning_rate=10.0)
    optimizer.apply(grads, weights)
    kernel = layer.kernel.numpy()
    assert kernel.min() >= 0.0
    np.testing.assert_allclose(layer.bias.numpy(), [-10.0, -10.0])


def test_none_gradients_are_skipped_with_a_warning():
    a, b = variable([1.0], "a"), variable([1.0], "b")
    optimizer = optimizers.SGD(learning_rate=0.5)
    with pytest.warns(UserWarning, match=r"Gradients do not exist for variables \['b'\]"):
        optimizer.apply([ops.ones((1,)), None], [a, b])
    np.testing.assert_allclose([a.numpy()[0], b.numpy()[0]], [0.5, 1.0])


def test_loss_scale_factor_divides_gradients_and_scales_the_loss():
    w = variable([1.0])
    optimizer = optimizers.SGD(learning_rate=1.0, loss_scale_factor=4.0)
    optimizer.apply([ops.convert_to_tensor([2.0])], [w])
    np.testing.assert_allclose(w.numpy(), [0.5])
    assert float(optimizer.scale_loss(ops.convert_to_tensor(1.5))) == 6.0
    assert float(optimizers.SGD().scale_loss(1.5)) == 1.5


@pytest.mark.skipif(BACKEND != "torch", reason="only torch records gradients eagerly")
def test_torch_updates_record_no_gradient_graph():
    w = variable([1.0, 2.0])
    optimizers.Adam(learning_rate=0.1).apply([ops.ones((2,))], [w])
    assert w.value.requires_grad and w.value.grad_fn is None and w.value.is_leaf


def test_save_and_load_own_variables():
    w = variable([1.0, 2.0])
    optimizer = optimizers.Adam(learning_rate=0.1)
    optimizer.apply([ops.ones((2,))], [w])
    store: dict = {}
    optimizer.save_own_variables(store)
    restored = optimizers.Adam(learning_rate=0.1)
    restored.build([variable([0.0, 0.0])])
    restored.load_own_variables(store)
    for saved, loaded in zip(optimizer.variables, restored.variables):
        np.testing.assert_array_equal(saved.numpy(), loaded.numpy())


def test_load_own_variables_warns_on_a_count_mismatch():
    with pytest.warns(UserWarning, match="Skipping variable loading for optimizer 'adam'"):
        optimizers.Adam().load_own_variables({"0": np.array(1), "1": np.array(2), "2": 0})


# -- errors ------------------------------------------------------------------------------------
def test_rejects_a_negative_learning_rate():
    with pytest.raises(ValueError, match="Adam 'adam' expected learning_rate >= 0, received"):
        optimizers.Adam(learning_rate=-0.1)


def test_rejects_a_learning_rate_of_the_wrong_type():
    with pytest.raises(TypeError, match="SGD 'SGD' expected learning_rate to be a float, a "):
        optimizers.SGD(learning_rate="fast")


def test_rejects_setting_a_number_over_a_schedule():
    optimizer = optimizers.SGD(optimizers.schedules.InverseTimeDecay(0.1, 1, 1.0))
    with pytest.raises(TypeError, match="was created with a schedule or callable"):
        optimizer.learning_rate = 0.1


def test_rejects_unknown_arguments():
    with pytest.raises(ValueError, match=r"Adam 'adam' received unknown argument\(s\) \['lr'\]"):
        optimizers.Adam(lr=0.1)


def test_warns_that_decay_is_ignored():
    with pytest.warns(UserWarning, match="Argument `decay` is no longer supported"):
        optimizers.SGD(decay=0.1)


def test_rejects_more_than_one_clipping_argument():
    with pytest.raises(ValueError, match="accepts only one of clipnorm, clipvalue and global"):
        optimizers.SGD(clipnorm=1.0, clipvalue=1.0)


def test_rejects_a_negative_clipping_argument():
    with pytest.raises(ValueError, match=r"SGD 'SGD' expected clipvalue >= 0, received"):
        optimizers.SGD(clipvalue=-1.0)


@pytest.mark.parametrize("steps", [1, 2.5])
def test_rejects_gradient_accumulation_below_two(steps):
    with pytest.raises(ValueError, match="expected gradient_accumulation_steps to be an integer"):
        optimizers.SGD(gradient_accumulation_steps=steps)


def test_rejects_ema_momentum_outside_zero_one():
    with pytest.raises(ValueError, match=r"expected ema_momentum in \[0, 1\]"):
        optimizers.SGD(use_ema=True, ema_momentum=1.5)


def test_rejects_an_ema_overwrite_frequency_below_one():
    with pytest.raises(ValueError, match="expected ema_overwrite_frequency to be an integer"):
        optimizers.SGD(use_ema=True, ema_overwrite_frequency=0)


def test_rejects_gradients_without_variables_before_build():
    with pytest.raises(ValueError, match="received gradients without variables before it was"):
        optimizers.SGD().apply([ops.ones((1,))])


def test_rejects_variables_it_was_not_built_for():
    optimizer = optimizers.SGD()
    optimizer.apply([ops.ones((1,))], [variable([1.0], "a")])
    with pytest.raises(ValueError, match="received variable 'b', which is not one of them"):
        optimizer.apply([ops.ones((1,))], [variable([1.0], "b")])


def test_rejects_a_gradient_count_mismatch():
    with pytest.raises(ValueError, match="received 2 gradients for 1 variables"):
        optimizers.SGD().apply([ops.ones((1,)), ops.ones((1,))], [variable([1.0])])


def test_rejects_all_none_gradients():
    with pytest.raises(ValueError, match="received no gradient for any variable"):
        optimizers.SGD().apply([None], [variable([1.0])])


def test_base_class_needs_an_update_step():
    with pytest.raises(NotImplementedError, match="Optimizer must implement update_step"):
        optimizers.Optimizer().apply([ops.ones((1,))], [variable([1.0])])


def test_exclude_from_weight_decay_must_come_before_build():
    optimizer = optimizers.AdamW()
    optimizer.build([variable([1.0])])
    with pytest.raises(ValueError, match="must be called before the optimizer is built"):
        optimizer.exclude_from_weight_decay(var_names=["bias"])
