"""SpatialDropout1D/2D/3D: identity in inference, whole channels dropped in training, errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers, ops
from tests.support.layer_check import check_layer


def _numpy(x):
    return np.asarray(ops.convert_to_numpy(x))


@pytest.mark.parametrize(
    ("layer_cls", "kwargs", "input_shape"),
    [
        (layers.SpatialDropout1D, {"rate": 0.5, "seed": 1}, (2, 3, 4)),
        (layers.SpatialDropout2D, {"rate": 0.5, "seed": 1}, (2, 3, 3, 4)),
        (layers.SpatialDropout3D, {"rate": 0.5, "data_format": "channels_first"}, (2, 2, 2, 2, 2)),
    ],
)
def test_spatial_dropout_basics(layer_cls, kwargs, input_shape):
    check_layer(
        layer_cls,
        kwargs,
        input_shape=input_shape,
        expected_output_shape=input_shape,
        expected_num_weights=0,
        reference=lambda x, w: x,
    )


@pytest.mark.parametrize(
    ("layer", "input_shape", "mask_index"),
    [
        (layers.SpatialDropout1D(0.5, seed=3), (16, 5, 8), np.s_[:, :1, :]),
        (
            layers.SpatialDropout2D(0.5, data_format="channels_first", seed=3),
            (16, 8, 3, 4),
            np.s_[:, :, :1, :1],
        ),
        (layers.SpatialDropout3D(0.5, seed=3), (16, 2, 3, 2, 8), np.s_[:, :1, :1, :1, :]),
    ],
)
def test_spatial_dropout_drops_whole_channels(layer, input_shape, mask_index):
    y = _numpy(layer(np.ones(input_shape, "float32"), training=True))
    np.testing.assert_array_equal(y, np.broadcast_to(y[mask_index], y.shape))
    assert set(np.unique(y).tolist()) == {0.0, 2.0}
    assert 0.3 < float(np.mean(y == 0.0)) < 0.7


def test_spatial_dropout_is_reproducible_with_an_int_seed():
    x = np.ones((4, 3, 3, 6), "float32")
    a = _numpy(layers.SpatialDropout2D(0.5, seed=9)(x, training=True))
    b = _numpy(layers.SpatialDropout2D(0.5, seed=9)(x, training=True))
    np.testing.assert_array_equal(a, b)


def test_spatial_dropout_config_has_data_format_not_noise_shape():
    config = layers.SpatialDropout2D(0.25, data_format="channels_first", seed=4).get_config()
    assert config["data_format"] == "channels_first" and config["seed"] == 4
    assert "noise_shape" not in config
    assert "noise_shape" not in layers.SpatialDropout1D(0.25).get_config()


def test_spatial_dropout_rejects_bad_rate():
    with pytest.raises(
        ValueError, match=r"SpatialDropout1D 'sd': rate must be a float in \[0, 1\), received"
    ):
        layers.SpatialDropout1D(1.0, name="sd")


def test_spatial_dropout_rejects_wrong_rank():
    with pytest.raises(
        ValueError, match=r"SpatialDropout2D 'sd2': expected rank 4, but received .*\(None, 3, 4\)"
    ):
        layers.SpatialDropout2D(0.5, name="sd2")(lamina.SymbolicTensor((None, 3, 4)))


def test_spatial_dropout_rejects_unknown_data_format():
    with pytest.raises(ValueError, match="channels_middle"):
        layers.SpatialDropout3D(0.5, data_format="channels_middle")
