"""StackedRNNCells: cells run in sequence at each step, against composed NumPy steps."""

from __future__ import annotations

import numpy as np

from lamina import layers, ops
from tests.layers.rnn.rnn_reference import gru_step, lstm_step, simple_rnn_step

RNG = np.random.default_rng(0)


def test_stacked_cells_step_matches_composed_steps():
    cells = [layers.LSTMCell(4), layers.GRUCell(3), layers.SimpleRNNCell(2)]
    stacked = layers.StackedRNNCells(cells)
    x = RNG.normal(size=(2, 5)).astype("float32")
    states = [
        [RNG.normal(size=(2, 4)).astype("float32") for _ in range(2)],
        [RNG.normal(size=(2, 3)).astype("float32")],
        RNG.normal(size=(2, 2)).astype("float32"),
    ]
    to_tensor = lambda s: [ops.convert_to_tensor(v) for v in s]  # noqa: E731
    output, new_states = stacked(
        ops.convert_to_tensor(x),
        [to_tensor(states[0]), to_tensor(states[1]), ops.convert_to_tensor(states[2])],
    )
    w = [{v.name: v.numpy() for v in cell.weights} for cell in cells]
    h1, s1 = lstm_step(x, states[0], w[0])
    h2, s2 = gru_step(h1, states[1], w[1])
    h3, s3 = simple_rnn_step(h2, [states[2]], w[2])
    np.testing.assert_allclose(ops.convert_to_numpy(output), h3, rtol=1e-5, atol=1e-6)
    assert isinstance(new_states[1], list) and not isinstance(new_states[2], list)
    for value, expected in zip([*new_states[0], *new_states[1], new_states[2]], [*s1, *s2, *s3]):
        np.testing.assert_allclose(ops.convert_to_numpy(value), expected, rtol=1e-5, atol=1e-6)
    assert stacked.state_size == [[4, 4], 3, 2] and stacked.output_size == 2


def test_stacked_cells_builds_each_cell_on_the_previous_output():
    stacked = layers.StackedRNNCells([layers.GRUCell(4), layers.LSTMCell(3)])
    stacked.build((None, 6))
    assert stacked.cells[0].kernel.shape == (6, 12)
    assert stacked.cells[1].kernel.shape == (4, 12)
    zeros = stacked.get_initial_state(batch_size=2)
    assert [[ops.shape(s) for s in states] for states in zeros] == [[(2, 4)], [(2, 3), (2, 3)]]


def test_stacked_cells_config_round_trip():
    stacked = layers.StackedRNNCells([layers.LSTMCell(3), layers.GRUCell(2, reset_after=False)])
    clone = layers.StackedRNNCells.from_config(stacked.get_config())
    assert [type(c).__name__ for c in clone.cells] == ["LSTMCell", "GRUCell"]
    assert clone.cells[1].reset_after is False


def test_stacked_cells_rejects_objects_that_are_not_cells():
    import pytest

    with pytest.raises(ValueError, match="StackedRNNCells 'stack': cell 1 .* has no state_size"):
        layers.StackedRNNCells([layers.LSTMCell(2), layers.Dense(2)], name="stack")
