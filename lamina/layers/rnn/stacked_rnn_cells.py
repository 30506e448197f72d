"""StackedRNNCells: several recurrent cells run as one, each feeding the next."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import ops
from lamina.backend.common.name_scope import name_scope
from lamina.backend.common.symbolic_tensor import flatten
from lamina.layers.layer import Layer
from lamina.typing import Shape, Tensor


class StackedRNNCells(Layer):
    """Wraps a list of cells into one cell: at each step the first cell reads the input, each
    next cell reads the previous cell's output, and the output is the last cell's.

    The states are one entry per cell (each cell's own list of states).

    Args:
        cells: The cells, bottom first; each has `call(inputs, states)` and `state_size`.

    Example:
        >>> import lamina
        >>> cells = [lamina.layers.LSTMCell(4), lamina.layers.GRUCell(3)]
        >>> layer = lamina.layers.RNN(lamina.layers.StackedRNNCells(cells))
        >>> lamina.ops.shape(layer(lamina.ops.ones((2, 5, 6))))
        (2, 3)
    """

    def __init__(self, cells: Sequence[Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        cells = list(cells)
        for position, cell in enumerate(cells):
            missing = [a for a in ("call", "state_size") if not hasattr(cell, a)]
            if missing:
                raise ValueError(
                    f"StackedRNNCells '{self.name}': cell {position} ({cell!r}) has no "
                    f"{' or '.join(missing)}. Every cell needs call(inputs, states) and "
                    "state_size."
                )
        self.cells = cells

    @property
    def state_size(self) -> list:
        """One entry per cell: its `state_size`."""
        return [cell.state_size for cell in self.cells]

    @property
    def output_size(self) -> int:
        """The last cell's output size."""
        return _output_size(self.cells[-1])

    def build(self, input_shape: Shape) -> None:
        batch = tuple(input_shape)[0]
        with name_scope(self.name):
            for cell in self.cells:
                if isinstance(cell, Layer) and not cell.built:
                    cell.build(input_shape)
                input_shape = (batch, _output_size(cell))

    def call(self, inputs: Tensor, states: Any, training: bool = False) -> tuple[Tensor, Any]:
        new_states = []
        for cell, cell_states in zip(self.cells, states):
            is_list = isinstance(cell_states, (list, tuple))
            cell_states = list(cell_states) if is_list else [cell_states]
            kwargs = {"training": training} if _takes_training(cell) else {}
            inputs, cell_states = cell.call(inputs, cell_states, **kwargs)
            if not isinstance(cell_states, (list, tuple)):
                cell_states = [cell_states]
            new_states.append(cell_states if is_list else cell_states[0])
        return inputs, new_states

    def get_initial_state(self, batch_size: Any = None) -> list:
        """Each cell's initial states (from its `get_initial_state`, else zeros)."""
        states = []
        for cell in self.cells:
            if hasattr(cell, "get_initial_state"):
                states.append(cell.get_initial_state(batch_size=batch_size))
                continue
            sizes = flatten(cell.state_size)
            zeros = [ops.zeros((batch_size, size), dtype=self.compute_dtype) for size in sizes]
            states.append(zeros if isinstance(cell.state_size, (list, tuple)) else zeros[0])
        return states

    def get_config(self) -> dict:
        from lamina.layers import serialize

        config = super().get_config()
        config["cells"] = [serialize(cell) for cell in self.cells]
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> StackedRNNCells:
        from lamina.layers import deserialize

        config = dict(config)
        cells = [deserialize(c, custom_objects=custom_objects) for c in config.pop("cells")]
        return cls(cells, **config)


def _output_size(cell: Any) -> int:
    size = getattr(cell, "output_size", None)
    return size if size is not None else flatten(cell.state_size)[0]


def _takes_training(cell: Any) -> bool:
    if isinstance(cell, Layer):
        return cell._compute_call_flags()[0] if cell._call_flags is None else cell._call_flags[0]
    return False
