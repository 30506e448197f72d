"""ConvLSTM1D against the NumPy ConvLSTM equations, and its weight layout."""

from __future__ import annotations

import pytest

from lamina import layers, ops
from tests.layers.rnn.test_conv_lstm_cell import conv_lstm_reference
from tests.support.layer_check import check_layer


def test_conv_lstm1d_valid_strided_sequences():
    layer = check_layer(
        layers.ConvLSTM1D,
        {"filters": 3, "kernel_size": 2, "strides": 2, "return_sequences": True},
        input_shape=(2, 3, 7, 2),
        expected_output_shape=(2, 3, 3, 3),
        expected_num_weights=3,
        check_models=False,
        check_training_step=False,
        reference=lambda x, w: conv_lstm_reference(x, w, strides=2)[1],
    )
    assert [(w.path, w.shape) for w in layer.weights] == [
        (f"{layer.name}/conv_lstm_cell/kernel", (2, 2, 12)),
        (f"{layer.name}/conv_lstm_cell/recurrent_kernel", (2, 3, 12)),
        (f"{layer.name}/conv_lstm_cell/bias", (12,)),
    ]


def test_conv_lstm1d_rejects_wrong_rank():
    layer = layers.ConvLSTM1D(2, 3, name="clstm1d_rank")
    with pytest.raises(ValueError, match=r"ConvLSTM1D 'clstm1d_rank' expects.*rank 4.*\(2, 7\)"):
        layer(ops.ones((2, 7)))
