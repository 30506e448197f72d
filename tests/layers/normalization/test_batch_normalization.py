"""BatchNormalization: inference and training against NumPy, moving statistics, stateless
calls, masks, channels-first inputs and its errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers, ops
from tests.support.layer_check import check_layer, make_input

EPSILON = 1e-3
RANDOM_INIT = {
    "gamma_initializer": "random_normal",
    "beta_initializer": "random_normal",
    "moving_mean_initializer": "random_normal",
    "moving_variance_initializer": "ones",
}


def _normalize(x, mean, variance, w, axis):
    shape = [1] * x.ndim
    shape[axis] = -1
    scaled = (x - mean.reshape(shape)) / np.sqrt(variance.reshape(shape) + EPSILON)
    return scaled * w["gamma"].reshape(shape) + w["beta"].reshape(shape)


def _batch_stats(x, axis):
    axes = tuple(a for a in range(x.ndim) if a != axis % x.ndim)
    return x.mean(axis=axes), x.var(axis=axes)


def test_batch_normalization_inference_uses_moving_statistics():
    check_layer(
        layers.BatchNormalization,
        RANDOM_INIT,
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_weights=4,
        expected_num_trainable_weights=2,
        reference=lambda x, w: _normalize(x, w["moving_mean"], w["moving_variance"], w, -1),
    )


def test_batch_normalization_training_uses_batch_statistics():
    check_layer(
        layers.BatchNormalization,
        RANDOM_INIT,
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        call_kwargs={"training": True},
        reference=lambda x, w: _normalize(x, *_batch_stats(x, -1), w, -1),
    )


def test_batch_normalization_channels_first():
    check_layer(
        layers.BatchNormalization,
        {"axis": 1, **RANDOM_INIT},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        call_kwargs={"training": True},
        reference=lambda x, w: _normalize(x, *_batch_stats(x, 1), w, 1),
    )
    layer = layers.BatchNormalization(axis=1)
    layer.build((None, 3, 4, 5))
    assert [w.shape for w in layer.weights] == [(3,)] * 4
    assert [w.name for w in layer.weights] == ["gamma", "beta", "moving_mean", "moving_variance"]


def test_batch_normalization_moving_statistics_follow_momentum():
    layer = layers.BatchNormalization(momentum=0.9, moving_mean_initializer="random_normal")
    x = make_input((8, 3), seed=1) * 2.0 + 1.0
    layer.build(x.shape)
    old_mean, old_variance = layer.moving_mean.numpy(), layer.moving_variance.numpy()
    layer(x, training=True)
    np.testing.assert_allclose(
        layer.moving_mean.numpy(), 0.9 * old_mean + 0.1 * x.mean(0), rtol=1e-5, atol=1e-6
    )
    np.testing.assert_allclose(
        layer.moving_variance.numpy(), 0.9 * old_variance + 0.1 * x.var(0), rtol=1e-5
    )
    # Inference after the update normalizes with the new moving statistics and changes nothing.
    before = layer.moving_mean.numpy()
    out = ops.convert_to_numpy(layer(x, training=False))
    expected = (x - before) / np.sqrt(layer.moving_variance.numpy() + EPSILON)
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(layer.moving_mean.numpy(), before)


def test_batch_normalization_stateless_call_returns_updates():
    layer = layers.BatchNormalization(momentum=0.5)
    x = make_input((5, 2), seed=2)
    layer.build(x.shape)
    trainable = [v.value for v in layer.trainable_variables]
    non_trainable = [v.value for v in layer.non_trainable_variables]
    _, updated = layer.stateless_call(trainable, non_trainable, x, training=True)
    names = [v.name for v in layer.non_trainable_variables]
    assert names == ["moving_mean", "moving_variance"]
    np.testing.assert_allclose(ops.convert_to_numpy(updated[0]), 0.5 * x.mean(0), rtol=1e-5)
    np.testing.assert_allclose(ops.convert_to_numpy(updated[1]), 0.5 + 0.5 * x.var(0), rtol=1e-5)
    np.testing.assert_array_equal(layer.moving_mean.numpy(), np.zeros(2, "float32"))
    np.testing.assert_array_equal(layer.moving_variance.numpy(), np.ones(2, "float32"))


def test_batch_normalization_frozen_layer_runs_in_inference_mode():
    layer = layers.BatchNormalization(trainable=False)
    x = make_input((4, 3), seed=3) + 5.0
    out = ops.convert_to_numpy(layer(x, training=True))
    np.testing.assert_allclose(out, x / np.sqrt(1.0 + EPSILON), rtol=1e-5)
    np.testing.assert_array_equal(layer.moving_mean.numpy(), np.zeros(3, "float32"))


def test_batch_normalization_mask_leaves_out_masked_positions():
    layer = layers.BatchNormalization(momentum=0.0)
    x = make_input((2, 4, 3), seed=4)
    mask = np.array([[True, True, False, False], [True, True, True, False]])
    out = ops.convert_to_numpy(layer(x, training=True, mask=ops.convert_to_tensor(mask)))
    kept = x[mask]
    expected = (x - kept.mean(0)) / np.sqrt(kept.var(0) + EPSILON)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(layer.moving_mean.numpy(), kept.mean(0), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(layer.moving_variance.numpy(), kept.var(0), rtol=1e-5)


def test_batch_normalization_rejects_axis_out_of_range():
    layer = layers.BatchNormalization(axis=3, name="bn")
    with pytest.raises(
        ValueError, match=r"BatchNormalization 'bn': axis 3 is out of range for inputs of rank 2"
    ):
        layer(np.ones((2, 3), "float32"))


def test_batch_normalization_rejects_list_axis():
    with pytest.raises(TypeError, match=r"BatchNormalization 'bn': axis must be an int, received"):
        layers.BatchNormalization(axis=[1, 2], name="bn")


def test_batch_normalization_rejects_unknown_channels():
    with pytest.raises(ValueError, match=r"BatchNormalization 'bn' needs a known size on axis 1"):
        layers.BatchNormalization(name="bn")(lamina.SymbolicTensor((None, None)))


def test_batch_normalization_rejects_batch_axis():
    with pytest.raises(ValueError, match=r"BatchNormalization 'bn': axis 0 includes the batch"):
        layers.BatchNormalization(axis=0, name="bn").build((4, 3))
