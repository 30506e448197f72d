"""ActivityRegularization: passes inputs through and adds l1 * sum|x| + l2 * sum x**2."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import layers, ops
from tests.support.layer_check import check_layer


def test_activity_regularization_basics():
    check_layer(
        layers.ActivityRegularization,
        {"l1": 0.1, "l2": 0.2},
        input_shape=(2, 3),
        expected_output_shape=(2, 3),
        expected_num_weights=0,
        reference=lambda x, w: x,
    )


@pytest.mark.parametrize("training", [None, True])
def test_activity_regularization_loss_matches_numpy(training):
    x = np.random.default_rng(0).normal(size=(4, 5)).astype("float32")
    layer = layers.ActivityRegularization(l1=0.3, l2=0.7)
    y = layer(x, training=training)
    np.testing.assert_array_equal(np.asarray(ops.convert_to_numpy(y)), x)
    assert len(layer.losses) == 1
    expected = 0.3 * np.abs(x).sum() + 0.7 * np.square(x).sum()
    np.testing.assert_allclose(float(layer.losses[0]), expected, rtol=1e-5)


def test_activity_regularization_losses_are_replaced_on_the_next_call():
    layer = layers.ActivityRegularization(l1=1.0)
    layer(np.ones((1, 2), "float32"))
    layer(np.ones((1, 3), "float32"))
    assert [float(loss) for loss in layer.losses] == [3.0]


def test_activity_regularization_config():
    config = layers.ActivityRegularization(l1=0.5).get_config()
    assert config["l1"] == 0.5 and config["l2"] == 0.0
    assert "activity_regularizer" not in config


def test_activity_regularization_rejects_negative_factor():
    with pytest.raises(
        ValueError,
        match=r"ActivityRegularization 'ar': l2 must be a non-negative finite number, "
        r"received l2=-1.0",
    ):
        layers.ActivityRegularization(l2=-1.0, name="ar")
