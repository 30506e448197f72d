"""GroupNormalization against NumPy: channels-last, channels-first, instance normalization
(groups=-1), and its errors."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import layers
from tests.support.layer_check import check_layer

RANDOM_INIT = {"gamma_initializer": "random_normal", "beta_initializer": "random_normal"}


def _group_norm(x, groups, axis, gamma, beta, epsilon=1e-3):
    moved = np.moveaxis(x, axis, -1)
    channels = moved.shape[-1]
    grouped = moved.reshape(moved.shape[0], -1, groups, channels // groups)
    mean = grouped.mean(axis=(1, 3), keepdims=True)
    variance = grouped.var(axis=(1, 3), keepdims=True)
    normalized = ((grouped - mean) / np.sqrt(variance + epsilon)).reshape(moved.shape)
    return np.moveaxis(normalized * gamma + beta, -1, axis)


def test_group_normalization_channels_last():
    check_layer(
        layers.GroupNormalization,
        {"groups": 2, **RANDOM_INIT},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_weights=2,
        expected_num_trainable_weights=2,
        reference=lambda x, w: _group_norm(x, 2, -1, w["gamma"], w["beta"]),
    )


def test_group_normalization_channels_first():
    layer = check_layer(
        layers.GroupNormalization,
        {"groups": 2, "axis": 1, **RANDOM_INIT},
        input_shape=(2, 4, 3),
        expected_output_shape=(2, 4, 3),
        reference=lambda x, w: _group_norm(x, 2, 1, w["gamma"], w["beta"]),
    )
    assert [(w.name, w.shape) for w in layer.weights] == [("gamma", (4,)), ("beta", (4,))]


def test_group_normalization_one_group_per_channel():
    check_layer(
        layers.GroupNormalization,
        {"groups": -1, **RANDOM_INIT},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        reference=lambda x, w: _group_norm(x, 4, -1, w["gamma"], w["beta"]),
    )


def test_group_normalization_rejects_groups_not_dividing_channels():
    layer = layers.GroupNormalization(groups=4, name="gn")
    with pytest.raises(
        ValueError,
        match=r"GroupNormalization 'gn': groups \(4\) must divide the number of channels, "
        r"received 6 channels",
    ):
        layer(np.ones((2, 6), "float32"))
    with pytest.raises(ValueError, match=r"groups \(4\) must divide.*received 3 channels"):
        layers.GroupNormalization(groups=4).build((2, 3))


def test_group_normalization_rejects_bad_groups():
    with pytest.raises(
        ValueError, match=r"GroupNormalization 'gn': groups must be a positive int or -1"
    ):
        layers.GroupNormalization(groups=0, name="gn")


def test_group_normalization_rejects_axis_out_of_range():
    with pytest.raises(ValueError, match=r"GroupNormalization 'gn': axis -4 is out of range"):
        layers.GroupNormalization(groups=1, axis=-4, name="gn").build((2, 3, 4))
