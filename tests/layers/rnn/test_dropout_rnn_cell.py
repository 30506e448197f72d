"""DropoutRNNCell: masks cached for a whole sequence, drawn before the loop and cleared after."""

from __future__ import annotations

import numpy as np

from lamina import layers, ops
from lamina.layers.rnn.dropout_rnn_cell import (
    prime_dropout_masks,
    project,
    reset_dropout_masks,
)

RNG = np.random.default_rng(0)


def test_masks_are_cached_until_reset():
    cell = layers.SimpleRNNCell(3, dropout=0.5, recurrent_dropout=0.25, seed=4)
    step = ops.ones((8, 5))
    mask = cell.get_dropout_mask(step)
    assert cell.get_dropout_mask(step) is mask
    values = set(np.unique(ops.convert_to_numpy(mask)).tolist())
    assert values <= {0.0, 2.0} and ops.shape(mask) == (8, 5)
    recurrent = cell.get_recurrent_dropout_mask(ops.ones((8, 3)))
    assert set(np.unique(ops.convert_to_numpy(recurrent)).tolist()) <= {0.0, np.float32(4 / 3)}
    cell.reset_dropout_mask()
    cell.reset_recurrent_dropout_mask()
    assert cell.get_dropout_mask(step) is not mask


def test_no_mask_without_dropout_and_per_gate_masks_with_recurrent_dropout():
    assert layers.GRUCell(2).get_dropout_mask(ops.ones((2, 3))) is None
    cell = layers.LSTMCell(2, dropout=0.5, recurrent_dropout=0.5)
    masks = cell.get_dropout_mask(ops.ones((2, 3)))
    assert isinstance(masks, list) and len(masks) == 4


def test_prime_and_reset_reach_stacked_cells():
    first = layers.LSTMCell(4, dropout=0.5)
    second = layers.GRUCell(3, recurrent_dropout=0.5)
    stacked = layers.StackedRNNCells([first, second])
    states = stacked.get_initial_state(batch_size=2)
    prime_dropout_masks(stacked, ops.ones((2, 6)), states)
    assert ops.shape(first._dropout_mask) == (2, 6)
    assert [ops.shape(m) for m in second._recurrent_dropout_mask] == [(2, 3)] * 3
    reset_dropout_masks(stacked)
    assert first._dropout_mask is None and second._recurrent_dropout_mask is None


def test_project_with_per_gate_masks():
    x = RNG.normal(size=(2, 3)).astype("float32")
    kernel = RNG.normal(size=(3, 4)).astype("float32")
    masks = [RNG.random((2, 3)).astype("float32") for _ in range(2)]
    got = project(ops.convert_to_tensor(x), [ops.convert_to_tensor(m) for m in masks], kernel, 2)
    want = np.concatenate([(x * masks[0]) @ kernel[:, :2], (x * masks[1]) @ kernel[:, 2:]], -1)
    np.testing.assert_allclose(ops.convert_to_numpy(got), want, rtol=1e-5, atol=1e-6)
