"""Weight decay, moving averages (use_ema) and gradient accumulation, against NumPy."""

from __future__ import annotations

import numpy as np

import lamina
from lamina import ops, optimizers

RNG = np.random.default_rng(11)


def variable(values, name="w"):
    return lamina.Variable(np.asarray(values, "float32"), name=name)


def test_weight_decay_shrinks_before_the_step():
    w = variable([1.0, -2.0])
    optimizer = optimizers.SGD(learning_rate=0.1, weight_decay=0.5)
    optimizer.apply([ops.convert_to_tensor([1.0, 1.0])], [w])
    expected = np.array([1.0, -2.0]) * (1 - 0.5 * 0.1) - 0.1
    np.testing.assert_allclose(w.numpy(), expected, rtol=1e-6)


def test_exclude_from_weight_decay_by_variable_and_by_name():
    kernel, bias, scale = variable([1.0], "kernel"), variable([1.0], "bias"), variable([1.0], "s")
    optimizer = optimizers.SGD(learning_rate=0.1, weight_decay=1.0)
    optimizer.exclude_from_weight_decay(var_list=[scale], var_names=["bi"])
    optimizer.apply([ops.zeros((1,))] * 3, [kernel, bias, scale])
    np.testing.assert_allclose([kernel.numpy()[0], bias.numpy()[0], scale.numpy()[0]], [0.9, 1, 1])


def test_ema_tracks_the_moving_average_of_the_weights():
    w = variable([1.0, 2.0])
    optimizer = optimizers.SGD(learning_rate=0.1, use_ema=True, ema_momentum=0.5)
    gradients = [RNG.normal(size=2) for _ in range(3)]
    weights, average = np.array([1.0, 2.0]), None
    for t, gradient in enumerate(gradients):
        optimizer.apply([ops.convert_to_tensor(gradient.astype("float32"))], [w])
        weights = weights - 0.1 * gradient
        average = weights if t == 0 else 0.5 * average + 0.5 * weights
    ema = [v for v in optimizer.variables if v.name.endswith("_average")][0]
    np.testing.assert_allclose(ema.numpy(), average, rtol=1e-5)
    np.testing.assert_allclose(w.numpy(), weights, rtol=1e-5)
    optimizer.finalize_variable_values([w])
    np.testing.assert_allclose(w.numpy(), average, rtol=1e-5)


def test_ema_overwrites_weights_every_n_steps():
    w = variable([0.0])
    optimizer = optimizers.SGD(
        learning_rate=1.0, use_ema=True, ema_momentum=0.5, ema_overwrite_frequency=2
    )
    optimizer.apply([ops.ones((1,))], [w])  # w = -1, average = -1
    np.testing.assert_allclose(w.numpy(), [-1.0])
    optimizer.apply([ops.ones((1,))], [w])  # w = -2, average = -1.5, then w = average
    np.testing.assert_allclose(w.numpy(), [-1.5])


def test_gradient_accumulation_applies_the_mean_every_n_steps():
    w = variable([1.0, 1.0])
    optimizer = optimizers.SGD(learning_rate=0.1, momentum=0.5, gradient_accumulation_steps=2)
    gradients = [np.array(g, "float32") for g in ([1.0, 2.0], [3.0, 0.0], [2.0, 2.0], [0.0, 2.0])]
    values = []
    for gradient in gradients:
        optimizer.apply([ops.convert_to_tensor(gradient)], [w])
        values.append(w.numpy().copy())
    first = -0.1 * np.array([2.0, 1.0])
    second = 0.5 * first - 0.1 * np.array([1.0, 2.0])
    np.testing.assert_allclose(values[0], [1.0, 1.0])
    np.testing.assert_allclose(values[1], 1 + first, rtol=1e-6)
    np.testing.assert_allclose(values[2], 1 + first, rtol=1e-6)
    np.testing.assert_allclose(values[3], 1 + first + second, rtol=1e-6)
    assert int(optimizer.iterations) == 4
    accumulator = [v for v in optimizer.variables if v.name.endswith("gradient_accumulator")]
    np.testing.assert_allclose(accumulator[0].numpy(), [0.0, 0.0])


def test_gradient_accumulation_keeps_adam_state_between_updates():
    w = variable([1.0])
    optimizer = optimizers.Adam(learning_rate=0.1, gradient_accumulation_steps=3)
    for _ in range(2):
        optimizer.apply([ops.ones((1,))], [w])
    momentum = [v for v in optimizer.variables if v.name.endswith("_momentum")][0]
    np.testing.assert_allclose([w.numpy()[0], momentum.numpy()[0]], [1.0, 0.0])
    optimizer.apply([ops.ones((1,))], [w])
    np.testing.assert_allclose(momentum.numpy(), [0.1], rtol=1e-6)
