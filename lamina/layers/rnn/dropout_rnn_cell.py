"""DropoutRNNCell: the dropout masks a recurrent cell keeps for all steps of one sequence.

Recurrent dropout must drop the same units at every step of a sequence (Gal and Ghahramani,
2016), so a cell draws its masks once per call of its RNN layer and reuses them for every
step. The RNN layer draws them before its loop starts (`prime_dropout_masks`), so that no
random number is drawn inside a compiled loop (`lax.scan` on jax), and clears them after.
"""

from __future__ import annotations

from typing import Any

from lamina import ops, random
from lamina.backend.common.symbolic_tensor import flatten
from lamina.layers.rnn.stacked_rnn_cells import StackedRNNCells
from lamina.typing import Tensor


class DropoutRNNCell:
    """Mixin of a recurrent cell with `dropout` and `recurrent_dropout`: cached masks.

    The cell needs the attributes `dropout` and `recurrent_dropout` (rates in `[0, 1]`) and
    `seed_generator` (a `lamina.random.SeedGenerator`). With `dropout_mask_count` set to an
    int, each mask is a list of that many independent masks (one per gate).

    Example:
        >>> import lamina
        >>> cell = lamina.layers.LSTMCell(3, dropout=0.5, seed=1)
        >>> mask = cell.get_dropout_mask(lamina.ops.ones((2, 4)))
        >>> lamina.ops.shape(mask)
        (2, 4)
        >>> cell.get_dropout_mask(lamina.ops.ones((2, 4))) is mask
        True
        >>> cell.reset_dropout_mask()
    """

    dropout: float
    recurrent_dropout: float
    seed_generator: Any

    def get_dropout_mask(self, step_input: Tensor) -> Any:
        """Returns the cached input mask (drawing it, shaped like `step_input`, if needed)."""
        if getattr(self, "_dropout_mask", None) is None and self.dropout > 0:
            self._dropout_mask = self._create_dropout_mask(step_input, self.dropout)
        return getattr(self, "_dropout_mask", None)

    def get_recurrent_dropout_mask(self, step_input: Tensor) -> Any:
        """Returns the cached mask of the recurrent state (drawn like `step_input` if needed)."""
        if getattr(self, "_recurrent_dropout_mask", None) is None and self.recurrent_dropout > 0:
            mask = self._create_dropout_mask(step_input, self.recurrent_dropout)
            self._recurrent_dropout_mask = mask
        return getattr(self, "_recurrent_dropout_mask", None)

    def reset_dropout_mask(self) -> None:
        """Forgets the input mask: the next sequence draws a new one."""
        self._dropout_mask = None

    def reset_recurrent_dropout_mask(self) -> None:
        """Forgets the recurrent mask: the next sequence draws a new one."""
        self._recurrent_dropout_mask = None

    def _create_dropout_mask(self, step_input: Tensor, rate: float) -> Any:
        ones = ops.ones_like(step_input)
        count = getattr(self, "dropout_mask_count", None)
        if count is None:
            return random.dropout(ones, rate, seed=self.seed_generator)
        return [random.dropout(ones, rate, seed=self.seed_generator) for _ in range(count)]


def prime_dropout_masks(cell: Any, step_input: Tensor, states: Any) -> None:
    """Draws the dropout masks of `cell` (and of the cells a StackedRNNCells holds) for one
    sequence whose steps look like `step_input`, with initial `states`."""
    if isinstance(cell, DropoutRNNCell):
        cell.get_dropout_mask(step_input)
        cell.get_recurrent_dropout_mask(flatten(states)[0])
    if not isinstance(cell, StackedRNNCells):
        return
    for inner, inner_states in zip(cell.cells, states):
        prime_dropout_masks(inner, step_input, inner_states)
        size = getattr(inner, "output_size", None) or flatten(inner.state_size)[0]
        batch: Any = ops.shape(step_input)[0]
        step_input = ops.zeros((batch, size), dtype=ops.dtype(step_input))


def reset_dropout_masks(cell: Any) -> None:
    """Clears the masks `prime_dropout_masks` drew."""
    if isinstance(cell, DropoutRNNCell):
        cell.reset_dropout_mask()
        cell.reset_recurrent_dropout_mask()
    for inner in cell.cells if isinstance(cell, StackedRNNCells) else []:
        reset_dropout_masks(inner)


def project(x: Tensor, mask: Any, kernel: Any, gates: int) -> Tensor:
    """`x @ kernel` for a kernel of `gates` blocks, with `x` dropped out by `mask` first:
    one matmul for one mask, one per gate for a list of per-gate masks."""
    if mask is None:
        return ops.matmul(x, kernel)
    if not isinstance(mask, list):
        return ops.matmul(x * mask, kernel)
    blocks = ops.split(kernel, gates, axis=1)
    return ops.concatenate([ops.matmul(x * m, k) for m, k in zip(mask, blocks)], axis=-1)
