"""What the ConvLSTM layers share (tested through ConvLSTM1D, the cheapest): dilation and custom
activations, stateful calls, dropout, regularizers and saving in a .keras file."""

from __future__ import annotations

import numpy as np

import lamina
from lamina import layers, ops
from lamina.saving import load_model, save_model
from tests.layers.rnn.test_conv_lstm_cell import conv_lstm_reference, weights_of

RNG = np.random.default_rng(0)
NAMES = ("kernel", "recurrent_kernel", "bias")


def _sequences() -> np.ndarray:
    return RNG.normal(size=(2, 3, 7, 2)).astype("float32")


def test_dilation_and_custom_activations_match_reference():
    x = _sequences()
    layer = layers.ConvLSTM1D(
        3,
        2,
        dilation_rate=2,
        padding="same",
        activation="relu",
        recurrent_activation="hard_sigmoid",
        return_sequences=True,
    )
    output = ops.convert_to_numpy(layer(ops.convert_to_tensor(x)))
    hard_sigmoid = lambda v: np.clip(v / 6.0 + 0.5, 0.0, 1.0)  # noqa: E731
    want = conv_lstm_reference(
        x,
        weights_of(layer),
        padding="same",
        dilation=2,
        activation=lambda v: np.maximum(v, 0.0),
        recurrent_activation=hard_sigmoid,
    )[1]
    np.testing.assert_allclose(output, want, rtol=1e-5, atol=1e-5)


def test_stateful_layer_carries_states_between_calls():
    x = _sequences()
    layer = layers.ConvLSTM1D(3, 2, stateful=True, return_state=True)
    _, h1, c1 = layer(ops.convert_to_tensor(x))
    output, h2, _ = layer(ops.convert_to_tensor(x))
    initial = [ops.convert_to_numpy(h1), ops.convert_to_numpy(c1)]
    want = conv_lstm_reference(x, weights_of(layer), initial_states=initial)[0]
    np.testing.assert_allclose(ops.convert_to_numpy(output), want, rtol=1e-5, atol=1e-5)
    assert layer.states[0].shape == (2, 6, 3)
    np.testing.assert_allclose(layer.states[0].numpy(), ops.convert_to_numpy(h2), atol=1e-6)
    layer.reset_states()
    assert not layer.states[0].numpy().any() and not layer.states[1].numpy().any()


def test_dropout_only_while_training():
    x = ops.convert_to_tensor(_sequences())
    layer = layers.ConvLSTM1D(3, 2, dropout=0.5, recurrent_dropout=0.3, seed=1)
    trained = ops.convert_to_numpy(layer(x, training=True))
    # Inference (training=False) follows the reference, as the other tests check.
    inference = conv_lstm_reference(ops.convert_to_numpy(x), weights_of(layer))[0]
    assert not np.allclose(trained, inference) and np.all(np.isfinite(trained))
    # One mask per gate, drawn per call and cleared after it.
    assert layer.cell.dropout_mask_count == 4
    assert layer.cell._dropout_mask is None and layer.cell._recurrent_dropout_mask is None


def test_regularizers_add_losses():
    layer = layers.ConvLSTM1D(
        3,
        2,
        kernel_regularizer=lamina.regularizers.L2(0.1),
        recurrent_regularizer=lamina.regularizers.L1(0.2),
    )
    layer.build((2, 3, 7, 2))
    kernel, recurrent = layer.cell.kernel.numpy(), layer.cell.recurrent_kernel.numpy()
    losses = sorted(float(ops.convert_to_numpy(loss)) for loss in layer.losses)
    want = sorted([0.1 * float(np.sum(kernel**2)), 0.2 * float(np.sum(np.abs(recurrent)))])
    np.testing.assert_allclose(losses, want, rtol=1e-5)


def test_saved_model_round_trip(tmp_path):
    # Outputs follow from config and weights (check_layer compares outputs after a round trip).
    model = lamina.Sequential(
        [lamina.Input((3, 7, 2)), layers.ConvLSTM1D(3, 2, padding="same", name="clstm")]
    )
    save_model(model, tmp_path / "clstm.keras")
    loaded = load_model(tmp_path / "clstm.keras")
    assert type(loaded.layers[0]) is layers.ConvLSTM1D
    assert loaded.layers[0].get_config() == model.layers[0].get_config()
    assert [w.path for w in loaded.weights] == ["clstm/conv_lstm_cell/" + n for n in NAMES]
    for expected, got in zip(model.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(got, expected)
