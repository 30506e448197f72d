"""UpSampling1D through check_layer against the direct-loop nearest-neighbour reference."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import layers, ops
from tests.layers.pooling.pool_reference import upsample_nearest
from tests.support.layer_check import check_layer


@pytest.mark.parametrize("size", [1, 2, 3])
def test_up_sampling1d_matches_reference(size):
    layer = check_layer(
        layers.UpSampling1D,
        {"size": size},
        input_shape=(2, 5, 3),
        expected_output_shape=(2, 5 * size, 3),
        expected_num_weights=0,
        reference=lambda x, w: upsample_nearest(x, (size,), "channels_last"),
    )
    assert layer.get_config()["size"] == size
    assert "data_format" not in layer.get_config()


def test_up_sampling1d_keeps_integers():
    y = layers.UpSampling1D()(np.array([[[1], [2]]], "int32"))
    assert ops.dtype(y) == "int32"
    assert ops.convert_to_numpy(y)[0, :, 0].tolist() == [1, 1, 2, 2]


def test_up_sampling1d_rejects_bad_size():
    with pytest.raises(ValueError, match=r"UpSampling1D 'up': size must be a positive int .*=0"):
        layers.UpSampling1D(0, name="up")
