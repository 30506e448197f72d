"""The torch backend's convolutions and pools never copy channels_last activations.

torch's kernels take an NC... view of a contiguous channels_last tensor in its channels_last
memory format and return a channels_last result, so permuting in and out costs nothing. These
tests record what reaches torch's functions and check that it shares the input's memory and that
the op's result is the kernel's own output, contiguous in lamina's (batch, *spatial, channels)
order — forward and backward.
"""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import ops

pytestmark = pytest.mark.skipif(
    lamina.backend.backend() != "torch",
    reason="memory formats and data pointers are properties of torch tensors",
)

FORMATS = {3: None, 4: "channels_last", 5: "channels_last_3d"}


@pytest.fixture
def recorded(monkeypatch):
    """Wraps the torch functions the backend calls; records (input, output) of each call."""
    from lamina.backend.torch import conv as torch_conv

    calls = []

    def recording(fn):
        def wrapper(x, *args, **kwargs):
            result = fn(x, *args, **kwargs)
            calls.append((x, result))
            return result

        return wrapper

    for table in ("_CONV", "_CONV_TRANSPOSE", "_MAX_POOL", "_AVG_POOL"):
        wrapped = {rank: recording(fn) for rank, fn in getattr(torch_conv, table).items()}
        monkeypatch.setattr(torch_conv, table, wrapped)
    return calls


def _channels_last_input(shape, requires_grad=False):
    import torch

    x = torch.randn(*shape, dtype=torch.float32)
    return x.requires_grad_(requires_grad)


def _memory_format(ndim):
    import torch

    return getattr(torch, FORMATS[ndim])


def _assert_copy_free(x, result, calls, kernel_keeps_format=True):
    assert len(calls) == 1, "expected one call of a torch kernel"
    seen, produced = calls[0]
    assert seen.data_ptr() == x.data_ptr(), "the input was copied before the torch kernel"
    memory_format = _memory_format(seen.ndim)
    assert seen.is_contiguous(memory_format=memory_format)
    if not kernel_keeps_format:
        return
    assert produced.is_contiguous(memory_format=memory_format)
    assert result.is_contiguous(), "the result is not contiguous (batch, *spatial, channels)"
    assert result.data_ptr() == produced.data_ptr(), "the result was copied after the kernel"


@pytest.mark.parametrize(
    ("shape", "kernel_shape", "padding"),
    [
        ((4, 9, 6), (3, 6, 5), "valid"),
        ((4, 9, 6), (4, 6, 5), "same"),
        ((4, 7, 8, 3), (3, 3, 3, 8), "valid"),
        ((4, 7, 8, 6), (3, 3, 2, 9), "same"),  # grouped
        ((2, 4, 5, 6, 3), (2, 2, 2, 3, 4), "valid"),
    ],
)
def test_conv_passes_views_and_returns_the_kernel_output(recorded, shape, kernel_shape, padding):
    x = _channels_last_input(shape)
    kernel = np.random.default_rng(0).normal(size=kernel_shape).astype("float32")
    result = ops.conv(x, kernel, padding=padding, data_format="channels_last")
    if padding == "same" and kernel_shape[0] % 2 == 0:
        # Asymmetric padding pads x itself (one copy, in channels_last order).
        seen = recorded[0][0]
        assert seen.is_contiguous(memory_format=_memory_format(seen.ndim))
        return
    _assert_copy_free(x, result, recorded)


@pytest.mark.parametrize("shape", [(4, 9, 6), (4, 7, 8, 6)])
def test_depthwise_conv_is_copy_free(recorded, shape):
    x = _channels_last_input(shape)
    kernel = np.ones((*(3,) * (len(shape) - 2), 6, 2), "float32")
    result = ops.depthwise_conv(x, kernel, padding="same", data_format="channels_last")
    _assert_copy_free(x, result, recorded)


@pytest.mark.parametrize(("shape", "output_padding"), [((4, 5, 6), None), ((4, 5, 4, 6), 1)])
def test_conv_transpose_is_copy_free(recorded, shape, output_padding):
    x = _channels_last_input(shape)
    kernel = np.ones((*(3,) * (len(shape) - 2), 5, 6), "float32")
    result = ops.conv_transpose(
        x, kernel, 2, output_padding=output_padding, data_format="channels_last"
    )
    _assert_copy_free(x, result, recorded)


@pytest.mark.parametrize("pool", ["max_pool", "average_pool"])
@pytest.mark.parametrize("shape", [(4, 9, 6), (4, 8, 8, 6), (2, 4, 4, 4, 3)])
def test_pools_are_copy_free(recorded, pool, shape):
    x = _channels_last_input(shape)
    result = getattr(ops, pool)(x, 2, data_format="channels_last")
    # torch's CPU avg_pool3d reads channels_last_3d input in place but writes a contiguous
    # NCDHW result (a layout its later consumers follow without copying either).
    keeps_format = not (pool == "average_pool" and len(shape) == 5)
    _assert_copy_free(x, result, recorded, kernel_keeps_format=keeps_format)


@pytest.mark.parametrize("shape", [(8, 12, 4), (8, 12, 10, 4)])
def test_conv_gradient_reaches_the_input_in_its_own_layout(shape):
    x = _channels_last_input(shape, requires_grad=True)
    kernel = np.ones((*(3,) * (len(shape) - 2), 4, 5), "float32")
    result = ops.conv(x, kernel, data_format="channels_last")
    assert result.is_contiguous()
    result.sum().backward()
    assert x.grad.is_contiguous(), "the input gradient came back in a transposed layout"


def test_conv2d_layer_output_feeds_the_next_layer_without_copies(recorded):
    model = lamina.Sequential(
        [
            lamina.Input((12, 12, 3)),
            lamina.layers.Conv2D(8, 3, activation="relu"),
            lamina.layers.Conv2D(4, 3),
        ]
    )
    x = _channels_last_input((2, 12, 12, 3))
    result = model(x)
    assert result.is_contiguous()
    first_out, second_in = recorded[0][1], recorded[1][0]
    assert second_in.is_contiguous(memory_format=_memory_format(4))
    assert first_out.is_contiguous(memory_format=_memory_format(4))
