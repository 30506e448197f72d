"""ConvLSTMCell against a NumPy convolution and the ConvLSTM step equations.

The NumPy oracle here (`numpy_conv`, `conv_lstm_step`, `conv_lstm_reference`) is also used by
the ConvLSTM1D/2D/3D tests.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest

from lamina import ops
from lamina.layers.rnn.conv_lstm_cell import ConvLSTMCell
from tests.layers.rnn.rnn_reference import run_rnn, sigmoid

RNG = np.random.default_rng(0)


def numpy_conv(
    x: np.ndarray,
    kernel: np.ndarray,
    strides: int | tuple = 1,
    padding: str = "valid",
    dilation: int | tuple = 1,
    channels_first: bool = False,
) -> np.ndarray:
    """N-D cross-correlation of `x` `(n, *spatial, c)` with `kernel` `(*k, c, out)`, tap by tap;
    "same" puts an odd extra padding element at the end (as TF/Keras)."""
    if channels_first:
        x = np.moveaxis(x, 1, -1)
    rank = x.ndim - 2
    sizes = kernel.shape[:rank]
    strides = (strides,) * rank if isinstance(strides, int) else tuple(strides)
    dilation = (dilation,) * rank if isinstance(dilation, int) else tuple(dilation)
    extents = [(k - 1) * d + 1 for k, d in zip(sizes, dilation)]
    if padding == "same":
        outs = [-(-n // s) for n, s in zip(x.shape[1:-1], strides)]
        totals = [
            max((o - 1) * s + e - n, 0) for o, s, e, n in zip(outs, strides, extents, x.shape[1:-1])
        ]
        x = np.pad(x, [(0, 0)] + [(t // 2, t - t // 2) for t in totals] + [(0, 0)])
    outs = [(n - e) // s + 1 for n, e, s in zip(x.shape[1:-1], extents, strides)]
    result = np.zeros((x.shape[0], *outs, kernel.shape[-1]))
    for tap in itertools.product(*[range(k) for k in sizes]):
        window = tuple(
            slice(t * d, t * d + (o - 1) * s + 1, s)
            for t, d, o, s in zip(tap, dilation, outs, strides)
        )
        result += x[(slice(None), *window)] @ kernel[tap]
    return np.moveaxis(result, -1, 1) if channels_first else result


def conv_lstm_step(
    x: np.ndarray,
    states: list,
    w: dict,
    strides: Any = 1,
    padding: str = "valid",
    dilation: Any = 1,
    channels_first: bool = False,
    activation: Any = np.tanh,
    recurrent_activation: Any = sigmoid,
) -> tuple[np.ndarray, list]:
    """One step: `z = conv(x, W) + conv_same(h, U) + b`; gates i, f, c, o on the channels."""
    h, c = states
    z = numpy_conv(x, w["kernel"], strides, padding, dilation, channels_first)
    z = z + numpy_conv(h, w["recurrent_kernel"], 1, "same", 1, channels_first)
    axis = 1 if channels_first else -1
    if w.get("bias") is not None:
        z = z + np.reshape(w["bias"], (-1,) + (1,) * (x.ndim - 2) if channels_first else (-1,))
    i, f, g, o = np.split(z, 4, axis=axis)
    c = recurrent_activation(f) * c + recurrent_activation(i) * activation(g)
    h = recurrent_activation(o) * activation(c)
    return h, [h, c]


def conv_lstm_reference(
    x: np.ndarray,
    w: dict,
    initial_states: list | None = None,
    mask: np.ndarray | None = None,
    go_backwards: bool = False,
    **step_kwargs: Any,
) -> tuple[np.ndarray, np.ndarray, list]:
    """`(last_output, outputs, [h, c])` of a ConvLSTM over axis 1 of `x`, zero states by
    default, with Keras's masking (through `run_rnn`, on states flattened per sample)."""
    batch = x.shape[0]
    conv_kwargs = {k: v for k, v in step_kwargs.items() if "activation" not in k}
    shape = list(numpy_conv(x[:, 0], w["kernel"], **conv_kwargs).shape)
    shape[1 if step_kwargs.get("channels_first") else -1] //= 4
    h_shape = tuple(shape)
    if initial_states is None:
        initial_states = [np.zeros(h_shape), np.zeros(h_shape)]

    def step(x_t: np.ndarray, flat_states: list) -> tuple[np.ndarray, list]:
        states = [np.reshape(s, h_shape) for s in flat_states]
        h, new_states = conv_lstm_step(x_t, states, w, **step_kwargs)
        return h.reshape(batch, -1), [s.reshape(batch, -1) for s in new_states]

    flat = [np.reshape(s, (batch, -1)) for s in initial_states]
    last, outputs, states = run_rnn(step, x, flat, mask, go_backwards)
    steps = outputs.shape[1]
    return (
        last.reshape(h_shape),
        outputs.reshape((batch, steps, *h_shape[1:])),
        [s.reshape(h_shape) for s in states],
    )


def weights_of(layer: Any) -> dict:
    return {w.name: w.numpy() for w in layer.weights}


@pytest.mark.parametrize(
    "data_format, padding", [("channels_last", "valid"), ("channels_first", "same")]
)
def test_cell_step_matches_numpy(data_format, padding):
    channels_first = data_format == "channels_first"
    x = RNG.normal(size=(2, 3, 5, 4) if channels_first else (2, 5, 4, 3)).astype("float32")
    cell = ConvLSTMCell(
        2, 2, (3, 2), padding=padding, data_format=data_format, bias_initializer="uniform"
    )
    cell.build(x.shape)
    state_shape = cell.compute_output_shape(x.shape)[0]
    states = [RNG.normal(size=state_shape).astype("float32") for _ in range(2)]
    h, (h2, c) = cell(ops.convert_to_tensor(x), [ops.convert_to_tensor(s) for s in states])
    want_h, (_, want_c) = conv_lstm_step(
        x, states, weights_of(cell), padding=padding, channels_first=channels_first
    )
    assert tuple(ops.shape(h)) == state_shape == want_h.shape
    np.testing.assert_allclose(ops.convert_to_numpy(h), want_h, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(ops.convert_to_numpy(c), want_c, rtol=1e-5, atol=1e-5)


def test_cell_weights_layout_and_unit_forget_bias():
    cell = ConvLSTMCell(1, 3, 2)
    cell.build((None, 6, 5))
    assert [(w.name, w.shape) for w in cell.weights] == [
        ("kernel", (2, 5, 12)),
        ("recurrent_kernel", (2, 3, 12)),
        ("bias", (12,)),
    ]
    assert cell.bias.numpy().tolist() == [0.0] * 3 + [1.0] * 3 + [0.0] * 6
    assert cell.state_size == [None, None]
    zeros = cell.get_initial_state(batch_size=2)
    assert [tuple(ops.shape(s)) for s in zeros] == [(2, 5, 3), (2, 5, 3)]


def test_cell_config_round_trip():
    cell = ConvLSTMCell(
        3, 4, (1, 2, 3), strides=(1, 2, 1), padding="SAME", dropout=0.5, seed=3, use_bias=False
    )
    config = cell.get_config()
    assert config["kernel_size"] == (1, 2, 3) and config["padding"] == "same"
    assert config["rank"] == 3 and config["filters"] == 4 and config["seed"] == 3
    assert ConvLSTMCell.from_config(config).get_config() == config


def test_cell_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"ConvLSTMCell 'bad_rank': rank must be 1, 2 or 3"):
        ConvLSTMCell(4, 2, 3, name="bad_rank")
    with pytest.raises(ValueError, match=r"ConvLSTMCell 'bad_filters': filters must be"):
        ConvLSTMCell(2, 0, 3, name="bad_filters")
    with pytest.raises(ValueError, match=r"ConvLSTMCell 'bad_pair': strides > 1 cannot"):
        ConvLSTMCell(2, 2, 3, strides=2, dilation_rate=2, name="bad_pair")


def test_cell_rejects_unknown_spatial_size_and_unbuilt_state():
    cell = ConvLSTMCell(2, 2, 3, name="cell_shapes")
    with pytest.raises(ValueError, match=r"'cell_shapes'.*before get_initial_state"):
        cell.get_initial_state(batch_size=2)
    with pytest.raises(ValueError, match=r"'cell_shapes' needs known.*\(None, None, 4, 3\)"):
        cell.build((None, None, 4, 3))
    with pytest.raises(ValueError, match=r"'cell_shapes' expects steps of rank 4.*\(2, 4, 3\)"):
        cell.build((2, 4, 3))
    with pytest.raises(ValueError, match=r"'cell_shapes'.*extent \(3, 3\) exceeds.*\(2, 4\)"):
        cell.build((1, 2, 4, 3))
