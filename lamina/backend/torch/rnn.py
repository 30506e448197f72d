"""Torch backend: the recurrent loop, and torch's fused LSTM / GRU kernels.

`rnn` runs the step function in a Python loop (torch is eager, and autograd records each
step). `lstm` and `gru` run a whole sequence in one call of torch's own kernel
(`torch._VF.lstm` / `torch._VF.gru`: cuDNN on GPU, ATen's fused loop on CPU), converting
Keras's weights on the fly: kernels are transposed (Keras keeps `(input, gates * units)`,
torch `(gates * units, input)`); the LSTM gate order i, f, c, o is torch's i, f, g, o; the
GRU's z, r, h become torch's r, z, n, and its `(2, 3 * units)` bias (reset_after) splits into
torch's input and recurrent biases. Gradients reach the Keras-layout weights through autograd.

A right-padded mask becomes sequence lengths (a packed sequence); the kernels' outputs are
then rearranged into Keras's masking semantics (masked steps repeat the previous output, or
give zeros with `zero_output_for_mask`). Configurations the kernels cannot compute raise
NotImplementedError, and the layers fall back to `rnn`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import torch
from torch import _VF
from torch.nn.utils import rnn as torch_rnn_utils

from lamina.backend.common.symbolic_tensor import flatten, pack_sequence_as
from lamina.backend.torch.core import convert_to_tensor

_CPU_FUSED_DTYPES = (torch.float32, torch.float64)


def rnn(
    step_function: Callable,
    inputs: Any,
    initial_states: Any,
    go_backwards: bool = False,
    mask: Any = None,
    constants: Any = None,
    unroll: bool = False,
    input_length: int | None = None,
    time_major: bool = False,
    zero_output_for_mask: bool = False,
    return_all_outputs: bool = True,
) -> tuple[Any, Any, Any]:
    """Loops `step_function` over the time axis; see `lamina.ops.rnn`."""
    flat_inputs = [convert_to_tensor(x) for x in flatten(inputs)]
    if not time_major:
        flat_inputs = [x.transpose(0, 1) for x in flat_inputs]
    step_mask = None
    if mask is not None:
        step_mask = convert_to_tensor(mask).to(torch.bool)
        step_mask = step_mask if time_major else step_mask.transpose(0, 1)
    extra = list(constants or [])
    steps = flat_inputs[0].shape[0]
    states = initial_states
    outputs: list = []
    previous: list | None = None
    for t in range(steps - 1, -1, -1) if go_backwards else range(steps):
        x_t = pack_sequence_as(inputs, [x[t] for x in flat_inputs])
        output, new_states = step_function(x_t, list(states) + extra if extra else states)
        flat_output, flat_states = flatten(output), flatten(new_states)
        if step_mask is not None:
            keep = step_mask[t]
            if previous is None or zero_output_for_mask:
                previous = [torch.zeros_like(o) for o in flat_output]
            flat_output = [_keep_where(keep, o, p) for o, p in zip(flat_output, previous)]
            flat_states = [_keep_where(keep, n, s) for n, s in zip(flat_states, flatten(states))]
            previous = flat_output
        states = pack_sequence_as(initial_states, flat_states)
        if return_all_outputs or not outputs:
            outputs.append(flat_output)
        else:
            outputs[0] = flat_output
    stacked = [torch.stack(leaves) for leaves in zip(*outputs)]
    if not time_major:
        stacked = [x.transpose(0, 1) for x in stacked]
    template = output
    return pack_sequence_as(template, outputs[-1]), pack_sequence_as(template, stacked), states


def _keep_where(keep: torch.Tensor, new: torch.Tensor, old: torch.Tensor) -> torch.Tensor:
    """`new` where the step's mask `keep` (batch,) is set, else `old`."""
    return torch.where(keep.reshape(keep.shape + (1,) * (new.dim() - 1)), new, old)


def lstm(
    inputs: Any,
    initial_state_h: Any,
    initial_state_c: Any,
    mask: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    activation: Callable,
    recurrent_activation: Callable,
    return_sequences: bool = False,
    go_backwards: bool = False,
    unroll: bool = False,
    zero_output_for_mask: bool = False,
) -> tuple[Any, Any, list]:
    """A whole LSTM sequence in torch's fused kernel; returns `(last_output, outputs, [h, c])`.

    Raises NotImplementedError for what the kernel cannot compute (other activations,
    unrolling, a mask that is not right-padded or holds an empty sequence).
    """
    x = convert_to_tensor(inputs)
    _check_fusable(x, activation, recurrent_activation, unroll)
    params = [_like(kernel, x).t(), _like(recurrent_kernel, x).t()]
    if bias is not None:
        b = _like(bias, x)
        params += [b, torch.zeros_like(b)]
    hx = [_like(initial_state_h, x), _like(initial_state_c, x)]

    def kernel_call(data: torch.Tensor, batch_sizes: Any, state: list) -> tuple:
        args = (tuple(state), params, bias is not None, 1, 0.0, _train(), False)
        if batch_sizes is None:
            output, h, c = _VF.lstm(data, *args, True)
        else:
            output, h, c = _VF.lstm(data, batch_sizes, *args)
        return output, [h, c]

    return _run_fused(kernel_call, x, hx, mask, go_backwards, zero_output_for_mask)


def gru(
    inputs: Any,
    initial_state: Any,
    mask: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    activation: Callable,
    recurrent_activation: Callable,
    return_sequences: bool = False,
    go_backwards: bool = False,
    unroll: bool = False,
    reset_after: bool = True,
    zero_output_for_mask: bool = False,
) -> tuple[Any, Any, list]:
    """A whole GRU sequence in torch's fused kernel; returns `(last_output, outputs, [h])`.

    Only `reset_after=True` matches torch's GRU; otherwise, and for what `lstm` also
    refuses, raises NotImplementedError.
    """
    x = convert_to_tensor(inputs)
    if not reset_after:
        raise NotImplementedError("gru: torch's fused GRU needs reset_after=True.")
    _check_fusable(x, activation, recurrent_activation, unroll)
    params = [
        _torch_gate_order(_like(kernel, x)).t(),
        _torch_gate_order(_like(recurrent_kernel, x)).t(),
    ]
    if bias is not None:
        b = _torch_gate_order(_like(bias, x))
        params += [b[0], b[1]]
    hx = [_like(initial_state, x)]

    def kernel_call(data: torch.Tensor, batch_sizes: Any, state: list) -> tuple:
        args = (state[0], params, bias is not None, 1, 0.0, _train(), False)
        if batch_sizes is None:
            output, h = _VF.gru(data, *args, True)
        else:
            output, h = _VF.gru(data, batch_sizes, *args)
        return output, [h]

    return _run_fused(kernel_call, x, hx, mask, go_backwards, zero_output_for_mask)


# -- helpers of the fused kernels ----------------------------------------------------------------


def _like(value: Any, x: torch.Tensor) -> torch.Tensor:
    # The kernels need one dtype: weights read under an enclosing layer's autocast scope may
    # differ from the inputs.
    return convert_to_tensor(value).to(x.dtype)


def _train() -> bool:
    # cuDNN keeps what backward needs only in training mode: follow whether autograd records.
    return torch.is_grad_enabled()


def _is_activation(fn: Any, name: str) -> bool:
    module = getattr(fn, "__module__", None) or ""
    return getattr(fn, "__name__", None) == name and module.startswith("lamina.")


def _check_fusable(
    x: torch.Tensor, activation: Any, recurrent_activation: Any, unroll: bool
) -> None:
    if unroll:
        raise NotImplementedError("torch's fused recurrent kernels do not unroll.")
    if not (_is_activation(activation, "tanh") and _is_activation(recurrent_activation, "sigmoid")):
        raise NotImplementedError("torch's fused kernels compute tanh and sigmoid only.")
    if x.dim() != 3 or x.shape[0] == 0 or x.shape[1] == 0:
        raise NotImplementedError("torch's fused kernels need non-empty (batch, time, features).")
    if x.device.type == "cpu" and x.dtype not in _CPU_FUSED_DTYPES:
        raise NotImplementedError(f"torch's fused kernels on CPU do not take {x.dtype}.")


def _torch_gate_order(weights: torch.Tensor) -> torch.Tensor:
    """Reorders the last axis from Keras's GRU gates (z, r, h) to torch's (r, z, n)."""
    z, r, h = weights.chunk(3, dim=-1)
    return torch.cat([r, z, h], dim=-1)


def _right_padded_lengths(mask: torch.Tensor, steps: int) -> torch.Tensor | None:
    """The lengths of a right-padded mask with no empty sequence (None when all are full);
    raises NotImplementedError for other masks."""
    mask = mask.to(torch.bool)
    lengths = mask.sum(dim=1)
    positions = torch.arange(steps, device=mask.device)
    right_padded = torch.all(mask == (positions[None, :] < lengths[:, None]))
    padded, shortest = torch.stack([right_padded.to(lengths.dtype), lengths.min()]).tolist()
    if not padded or shortest == 0:
        raise NotImplementedError("torch's fused kernels need a right-padded mask.")
    return None if shortest == steps else lengths


def _run_fused(
    kernel_call: Callable,
    x: torch.Tensor,
    hx: list,
    mask: Any,
    go_backwards: bool,
    zero_output_for_mask: bool,
) -> tuple[Any, Any, list]:
    steps = x.shape[1]
    lengths = None if mask is None else _right_padded_lengths(convert_to_tensor(mask), steps)
    state = [h.unsqueeze(0) for h in hx]
    if x.is_cuda:
        kernel_call = _without_weight_copy_warning(kernel_call)
    if lengths is None:
        output, final = kernel_call(x.flip(1) if go_backwards else x, None, state)
        final = [h.squeeze(0) for h in final]
        return final[0], output, final
    if go_backwards:
        x = _reverse_within_lengths(x, lengths)
    packed = torch_rnn_utils.pack_padded_sequence(
        x, lengths.cpu(), batch_first=True, enforce_sorted=False
    )
    sorted_state = [h.index_select(1, packed.sorted_indices) for h in state]
    data, final = kernel_call(packed.data, packed.batch_sizes, sorted_state)
    output, _ = torch_rnn_utils.pad_packed_sequence(
        torch_rnn_utils.PackedSequence(
            data, packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices
        ),
        batch_first=True,
        total_length=steps,
    )
    final = [h.index_select(1, packed.unsorted_indices).squeeze(0) for h in final]
    valid = _valid_steps(lengths, steps)
    if go_backwards:
        output = _shift_right(output, steps - lengths, valid.flip(1))
    elif zero_output_for_mask:
        return output[:, -1], output, final
    else:
        # Masked steps repeat the previous output: after a right-padded sequence ends, its last.
        output = torch.where(valid[..., None], output, final[0][:, None, :])
    return final[0], output, final


def _without_weight_copy_warning(kernel_call: Callable) -> Callable:
    """cuDNN copies weights that are not in one flat buffer (ours are views of the Keras
    layout, rebuilt each call) and warns about it once; the copy is intended here."""

    def call(*args: Any) -> Any:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="RNN module weights are not part")
            return kernel_call(*args)

    return call


def _valid_steps(lengths: torch.Tensor, steps: int) -> torch.Tensor:
    return torch.arange(steps, device=lengths.device)[None, :] < lengths[:, None]


def _reverse_within_lengths(x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """Reverses each sequence's first `length` steps (its valid part), leaving the padding."""
    positions = torch.arange(x.shape[1], device=x.device)[None, :]
    index = torch.where(positions < lengths[:, None], lengths[:, None] - 1 - positions, positions)
    return x.gather(1, index[..., None].expand(-1, -1, x.shape[2]))


def _shift_right(output: torch.Tensor, shift: torch.Tensor, valid: torch.Tensor) -> torch.Tensor:
    """Moves each sequence `shift` steps later, with zeros before it.

    Keras reads a right-padded sequence backwards as padding first (zero outputs, the state
    kept), then the valid steps from last to first: the kernel's outputs for the reversed valid
    part, placed after the padding.
    """
    positions = torch.arange(output.shape[1], device=output.device)[None, :]
    index = (positions - shift[:, None]).clamp(min=0)
    moved = output.gather(1, index[..., None].expand(-1, -1, output.shape[2]))
    return torch.where(valid[..., None], moved, torch.zeros_like(moved))
