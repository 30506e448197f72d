"""TimeDistributed: a layer applied to each timestep, checked against a per-step NumPy loop."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers, ops
from tests.support.layer_check import check_layer

RNG = np.random.default_rng(0)


def test_time_distributed_dense_basics():
    layer = check_layer(
        layers.TimeDistributed,
        {"layer": layers.Dense(4)},
        input_shape=(2, 3, 5),
        expected_output_shape=(2, 3, 4),
        expected_num_weights=2,
        reference=lambda x, w: np.stack(
            [x[:, t] @ w["kernel"] + w["bias"] for t in range(x.shape[1])], axis=1
        ),
    )
    assert layer.layer.kernel.shape == (5, 4)


def test_time_distributed_conv_per_step_matches_direct_calls():
    conv = layers.Conv2D(2, 3)
    layer = layers.TimeDistributed(conv)
    x = RNG.normal(size=(2, 4, 6, 6, 3)).astype("float32")
    output = ops.convert_to_numpy(layer(ops.convert_to_tensor(x)))
    assert output.shape == (2, 4, 4, 4, 2)
    for t in range(4):
        step = ops.convert_to_numpy(conv(ops.convert_to_tensor(x[:, t])))
        np.testing.assert_allclose(output[:, t], step, rtol=1e-5, atol=1e-5)
    assert layer.compute_output_shape((None, 4, 6, 6, 3)) == (None, 4, 4, 4, 2)


def test_time_distributed_symbolic_and_config():
    inputs = lamina.Input((5, 3))
    layer = layers.TimeDistributed(layers.Dense(2, activation="relu"), name="td")
    assert layer(inputs).shape == (None, 5, 2)
    clone = layers.TimeDistributed.from_config(layer.get_config())
    assert isinstance(clone.layer, layers.Dense) and clone.layer.units == 2
    assert [w.path for w in layer.weights][0].startswith("td/")


def test_time_distributed_errors():
    with pytest.raises(ValueError, match=r"TimeDistributed 'td_rank' expects.*\(2, 3\)"):
        layers.TimeDistributed(layers.Dense(2), name="td_rank")(ops.ones((2, 3)))
    with pytest.raises(ValueError, match="TimeDistributed 'td_layer': layer must be a lamina"):
        layers.TimeDistributed("dense", name="td_layer")


def test_time_distributed_passes_folded_masks_to_layers_that_take_them():
    inner = layers.SimpleRNN(2, name="inner")
    layer = layers.TimeDistributed(inner, name="td_mask")
    x = RNG.normal(size=(2, 3, 4, 5)).astype("float32")
    mask = RNG.random((2, 3, 4)) > 0.3
    output = ops.convert_to_numpy(layer(ops.convert_to_tensor(x), mask=ops.convert_to_tensor(mask)))
    for t in range(3):
        step = inner(ops.convert_to_tensor(x[:, t]), mask=ops.convert_to_tensor(mask[:, t]))
        np.testing.assert_allclose(output[:, t], ops.convert_to_numpy(step), rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match=r"TimeDistributed 'td_mask': the mask must have shape"):
        layer(ops.convert_to_tensor(x), mask=ops.ones((3, 2, 4), dtype="bool"))
