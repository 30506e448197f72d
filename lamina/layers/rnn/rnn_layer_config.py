"""What SimpleRNN, LSTM and GRU share on top of RNN: their cell's arguments read through the
layer, one flat config, and the choice between the backend's fused kernel and the cell loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lamina import ops

# Entries of a cell's config that belong to the cell layer itself, not to the RNN layer.
_CELL_BASE_KEYS = ("name", "trainable", "dtype")
USE_CUDNN_VALUES = ("auto", True, False)


def cell_property(name: str) -> property:
    """A read-only property returning `self.cell.<name>` (Keras reads cell arguments so)."""

    def read(self: Any) -> Any:
        return getattr(self.cell, name)

    read.__name__ = name
    read.__doc__ = f"The cell's `{name}`."
    return property(read)


class CellArgumentsMixin:
    """Mixed into SimpleRNN, LSTM, GRU and ConvLSTM (before RNN): the cell arguments they all
    have, read through the layer, and their flat config (`layer_config`)."""

    activation = cell_property("activation")
    use_bias = cell_property("use_bias")
    kernel_initializer = cell_property("kernel_initializer")
    recurrent_initializer = cell_property("recurrent_initializer")
    bias_initializer = cell_property("bias_initializer")
    kernel_regularizer = cell_property("kernel_regularizer")
    recurrent_regularizer = cell_property("recurrent_regularizer")
    bias_regularizer = cell_property("bias_regularizer")
    kernel_constraint = cell_property("kernel_constraint")
    recurrent_constraint = cell_property("recurrent_constraint")
    bias_constraint = cell_property("bias_constraint")
    dropout = cell_property("dropout")
    recurrent_dropout = cell_property("recurrent_dropout")

    def get_config(self) -> dict:
        return layer_config(self, super().get_config())  # type: ignore[misc]

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> Any:
        return cls(**config)


def layer_config(layer: Any, rnn_config: dict) -> dict:
    """The config of a SimpleRNN/LSTM/GRU: the RNN's entries without "cell", plus the cell's
    arguments (so that `type(layer)(**config)` rebuilds it)."""
    config = {key: value for key, value in rnn_config.items() if key != "cell"}
    cell_config = layer.cell.get_config()
    config.update({k: v for k, v in cell_config.items() if k not in _CELL_BASE_KEYS})
    config.setdefault("activity_regularizer", None)
    return config


def check_use_cudnn(layer: Any, use_cudnn: Any) -> Any:
    if use_cudnn not in USE_CUDNN_VALUES or not isinstance(use_cudnn, (str, bool)):
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}': use_cudnn must be 'auto', True or False, "
            f"received {use_cudnn!r}."
        )
    return use_cudnn


def run_fused(
    layer: Any,
    kernel_fn: Callable,
    sequences: Any,
    initial_state: list,
    mask: Any,
    training: Any,
    **kernel_kwargs: Any,
) -> Any:
    """Runs the backend's fused kernel (`backend.rnn.lstm` / `gru`) for the whole sequence.

    Returns `(last_output, outputs, states)`, or None when the configuration needs the loop
    over the cell: `use_cudnn=False`, recurrent dropout, per-gate input masks, or a kernel
    that raises NotImplementedError for these arguments (e.g. torch with custom activations).
    """
    cell = layer.cell
    if layer.use_cudnn is False:
        return None
    dropout_mask = None
    if training and 0.0 < cell.dropout < 1.0:
        dropout_mask = cell.get_dropout_mask(sequences[:, 0])
    fusable = not cell.recurrent_dropout and not isinstance(dropout_mask, list)
    result = None
    if fusable:
        if dropout_mask is not None:
            sequences = sequences * ops.expand_dims(dropout_mask, 1)
        try:
            result = kernel_fn(
                sequences,
                *initial_state,
                mask,
                cell.kernel,
                cell.recurrent_kernel,
                cell.bias,
                cell.activation,
                cell.recurrent_activation,
                return_sequences=layer.return_sequences,
                go_backwards=layer.go_backwards,
                unroll=layer.unroll,
                zero_output_for_mask=layer.zero_output_for_mask,
                **kernel_kwargs,
            )
        except NotImplementedError:
            result = None
    if result is None and layer.use_cudnn is True:
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}': use_cudnn=True, but the fused kernel of "
            "this backend cannot compute this configuration (it needs tanh and sigmoid, no "
            "recurrent_dropout, no unroll and a right-padded mask on torch). Pass "
            "use_cudnn='auto' to fall back to the loop over the cell."
        )
    return result
