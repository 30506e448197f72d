"""ConvLSTM3D against the NumPy ConvLSTM equations, and its weight layout."""

from __future__ import annotations

import pytest

from lamina import layers, ops
from tests.layers.rnn.test_conv_lstm_cell import conv_lstm_reference
from tests.support.layer_check import check_layer


def test_conv_lstm3d_same_padding_channels_first_with_states():
    layer = check_layer(
        layers.ConvLSTM3D,
        {"filters": 2, "kernel_size": 2, "padding": "same", "data_format": "channels_first"},
        input_shape=(1, 2, 1, 3, 3, 2),
        expected_output_shape=(1, 2, 3, 3, 2),
        expected_num_weights=3,
        check_models=False,
        check_training_step=False,
        reference=lambda x, w: conv_lstm_reference(x, w, padding="same", channels_first=True)[0],
    )
    assert [w.shape for w in layer.weights] == [(2, 2, 2, 1, 8), (2, 2, 2, 2, 8), (8,)]


def test_conv_lstm3d_rejects_wrong_rank():
    layer = layers.ConvLSTM3D(2, 3, name="clstm3d_rank")
    with pytest.raises(
        ValueError, match=r"ConvLSTM3D 'clstm3d_rank' expects.*rank 6.*\(1, 2, 3, 3, 1\)"
    ):
        layer(ops.ones((1, 2, 3, 3, 1)))
