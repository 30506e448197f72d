"""GRUCell and GRU (reset_after True and False) against the NumPy equations, and errors."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import layers, ops
from tests.layers.rnn.rnn_reference import MASKS, check_against_reference, gru_step, layer_reference
from tests.support.layer_check import check_layer

RNG = np.random.default_rng(0)


@pytest.mark.parametrize("reset_after", [True, False])
def test_gru_basics(reset_after):
    check_layer(
        layers.GRU,
        {"units": 3, "reset_after": reset_after},
        input_shape=(2, 4, 5),
        expected_output_shape=(2, 3),
        expected_num_weights=3,
        expected_num_trainable_weights=3,
        reference=lambda x, w: layer_reference("gru", x, w, reset_after=reset_after)[0],
    )


def test_gru_sequences_backwards_without_bias():
    check_layer(
        layers.GRU,
        {"units": 3, "return_sequences": True, "go_backwards": True, "use_bias": False},
        input_shape=(2, 4, 5),
        expected_output_shape=(2, 4, 3),
        expected_num_weights=2,
        reference=lambda x, w: layer_reference("gru", x, w, go_backwards=True)[1],
    )


@pytest.mark.parametrize("reset_after", [True, False])
def test_gru_cell_matches_equations(reset_after):
    x = RNG.normal(size=(2, 5)).astype("float32")
    h = RNG.normal(size=(2, 3)).astype("float32")
    cell = layers.GRUCell(3, reset_after=reset_after, bias_initializer="uniform")
    output, states = cell(ops.convert_to_tensor(x), [ops.convert_to_tensor(h)])
    want, _ = gru_step(x, [h], {w.name: w.numpy() for w in cell.weights}, reset_after)
    np.testing.assert_allclose(ops.convert_to_numpy(output), want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ops.convert_to_numpy(states[0]), want, rtol=1e-5, atol=1e-6)
    bare_output, bare_state = cell(ops.convert_to_tensor(x), ops.convert_to_tensor(h))
    assert not isinstance(bare_state, list)
    np.testing.assert_allclose(ops.convert_to_numpy(bare_state), want, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("mask_name", sorted(MASKS))
@pytest.mark.parametrize(
    ("go_backwards", "reset_after"), [(False, True), (True, True), (True, False)]
)
def test_gru_matches_reference_with_masks(mask_name, go_backwards, reset_after):
    x = RNG.normal(size=(4, 6, 3)).astype("float32")
    initial = [RNG.normal(size=(4, 5)).astype("float32")]
    layer = layers.GRU(
        5,
        return_sequences=True,
        return_state=True,
        go_backwards=go_backwards,
        reset_after=reset_after,
        bias_initializer="uniform",
    )
    check_against_reference(layer, "gru", x, MASKS[mask_name], initial, reset_after=reset_after)


def test_gru_bias_layout():
    after = layers.GRU(4, name="gru_after")
    after(ops.ones((2, 3, 5)))
    before = layers.GRU(4, reset_after=False, name="gru_before")
    before(ops.ones((2, 3, 5)))
    assert [(w.path, w.shape) for w in after.weights] == [
        ("gru_after/gru_cell/kernel", (5, 12)),
        ("gru_after/gru_cell/recurrent_kernel", (4, 12)),
        ("gru_after/gru_cell/bias", (2, 12)),
    ]
    assert before.cell.bias.shape == (12,)
    assert after.reset_after and not before.reset_after


def test_gru_config_round_trip():
    layer = layers.GRU(3, reset_after=False, dropout=0.2, stateful=False, seed=3)
    config = layer.get_config()
    assert config["reset_after"] is False and "cell" not in config
    assert layers.GRU.from_config(config).get_config() == config


def test_gru_recurrent_dropout_trains_through_the_cell_loop():
    x = ops.convert_to_tensor(RNG.normal(size=(3, 5, 4)).astype("float32"))
    layer = layers.GRU(6, recurrent_dropout=0.5, dropout=0.2, reset_after=False, seed=2)
    inference = ops.convert_to_numpy(layer(x))
    trained = ops.convert_to_numpy(layer(x, training=True))
    assert not np.allclose(trained, inference) and np.all(np.isfinite(trained))
    weights = {w.name: w.numpy() for w in layer.weights}
    want = layer_reference("gru", ops.convert_to_numpy(x), weights, reset_after=False)[0]
    np.testing.assert_allclose(inference, want, rtol=1e-5, atol=1e-5)


def test_gru_rejects_two_dimensional_input():
    with pytest.raises(ValueError, match=r"GRU 'gru_2d' expects sequences.*shape \(4, 5\)"):
        layers.GRU(3, name="gru_2d")(ops.ones((4, 5)))


def test_gru_rejects_initial_state_of_wrong_shape():
    layer = layers.GRU(3, name="gru_state")
    with pytest.raises(ValueError, match=r"GRU 'gru_state': initial_state.*\[\(2, 3\)\].*\(2, 5\)"):
        layer(ops.ones((2, 4, 5)), initial_state=[ops.zeros((2, 5))])
