"""Argument arithmetic shared by the convolution and pooling ops of every backend.

Pure Python on ints (None = unknown length), so the op specs and the three backends agree on
output lengths and on where "same" padding goes: as in TF/Keras, when the total padding is odd
the extra element goes at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

PADDINGS = ("valid", "same")


def spatial_rank(ndim: int) -> int:
    """Returns the number of spatial axes of an input of rank `ndim`; raises unless 1 to 3.

    The backends call this (and `pads`) so that bad input fails before reaching the engine;
    the op's spec then explains the failure.
    """
    if ndim not in (3, 4, 5):
        raise ValueError(f"expected an input of rank 3, 4 or 5, received rank {ndim}")
    return ndim - 2


def check_pointwise(shape: Sequence[int]) -> None:
    """Raises unless a pointwise kernel's spatial dims are all 1."""
    if any(d != 1 for d in shape[:-2]):
        raise ValueError(f"a pointwise kernel needs unit spatial dims, received {tuple(shape)}")


def normalize_tuple(op_name: str, name: str, value: Any, rank: int) -> tuple[int, ...]:
    """Returns `value` (an int or a sequence of `rank` ints, all positive) as a tuple."""
    values = (value,) * rank if isinstance(value, int) else tuple(value)
    if len(values) != rank or not all(isinstance(v, int) and v > 0 for v in values):
        raise ValueError(
            f"{op_name}: {name} must be a positive int or a tuple of {rank} positive ints, "
            f"received {value!r}."
        )
    return values


def normalize_output_padding(op_name: str, value: Any, rank: int) -> tuple[int | None, ...]:
    """Returns `output_padding` (None, or non-negative ints) as a tuple of `rank` entries."""
    if value is None:
        return (None,) * rank
    values = (value,) * rank if isinstance(value, int) else tuple(value)
    if len(values) != rank or not all(isinstance(v, int) and v >= 0 for v in values):
        raise ValueError(
            f"{op_name}: output_padding must be None, a non-negative int or a tuple of "
            f"{rank} non-negative ints, received {value!r}."
        )
    return values


def normalize_padding(op_name: str, padding: Any) -> str:
    """Returns `padding` lower-cased; raises unless it is "valid" or "same"."""
    value = str(padding).lower()
    if value not in PADDINGS:
        raise ValueError(f"{op_name}: padding must be 'valid' or 'same', received {padding!r}.")
    return value


def spatial_dims(shape: Sequence[Any], data_format: str) -> tuple[Any, ...]:
    """Returns the spatial part of an input shape laid out as `data_format`."""
    return tuple(shape[2:]) if data_format == "channels_first" else tuple(shape[1:-1])


def channels_dim(shape: Sequence[Any], data_format: str) -> Any:
    """Returns the channel count of an input shape laid out as `data_format`."""
    return shape[1] if data_format == "channels_first" else shape[-1]


def with_spatial(
    batch: Any, spatial: Sequence[Any], channels: Any, data_format: str
) -> tuple[Any, ...]:
    """Returns the shape `(batch, *spatial, channels)` laid out as `data_format`."""
    if data_format == "channels_first":
        return (batch, channels, *spatial)
    return (batch, *spatial, channels)


def dilated_size(size: int, dilation: int) -> int:
    """Returns the extent a kernel of `size` taps covers when its taps are `dilation` apart."""
    return (size - 1) * dilation + 1


def output_length(
    length: int | None, size: int | None, stride: int, dilation: int, padding: str
) -> int | None:
    """Returns the output length of a convolution or pool along one axis (None if unknown)."""
    if length is None or (size is None and padding == "valid"):
        return None
    if padding == "same":
        return -(-length // stride)
    return (length - dilated_size(size, dilation)) // stride + 1  # type: ignore[arg-type]


def same_pads(length: int, size: int, stride: int, dilation: int) -> tuple[int, int]:
    """Returns the (before, after) padding "same" adds along one axis (extra at the end)."""
    out = -(-length // stride)
    total = max((out - 1) * stride + dilated_size(size, dilation) - length, 0)
    return total // 2, total - total // 2


def pads(
    spatial: Sequence[int],
    sizes: Sequence[int],
    strides: Sequence[int],
    dilations: Sequence[int],
    padding: str,
) -> list[tuple[int, int]]:
    """Returns the (before, after) padding of every spatial axis."""
    if padding == "valid":
        for n, k, d in zip(spatial, sizes, dilations):
            if n < dilated_size(k, d):
                raise ValueError(f"a window of {dilated_size(k, d)} exceeds a length of {n}")
        return [(0, 0)] * len(spatial)
    return [same_pads(n, k, s, d) for n, k, s, d in zip(spatial, sizes, strides, dilations)]


def transpose_output_length(
    length: int | None,
    size: int | None,
    stride: int,
    dilation: int,
    padding: str,
    output_padding: int | None,
) -> int | None:
    """Returns the output length of a transposed convolution along one axis (Keras's rule)."""
    if length is None or size is None:
        return None
    extent = dilated_size(size, dilation)
    if output_padding is None:
        if padding == "valid":
            return length * stride + max(extent - stride, 0)
        return length * stride
    cropped = 2 * (extent // 2) if padding == "same" else 0
    return (length - 1) * stride + extent - cropped + output_padding


def transpose_crop(
    length: int, size: int, stride: int, dilation: int, padding: str, out_length: int
) -> int:
    """Returns how many leading elements of the full transposed convolution the output drops.

    The full result has `(length - 1) * stride + extent` elements; the output is the window of
    `out_length` elements starting at the returned offset (zeros past the full result's end).
    This makes conv_transpose the adjoint of `conv` from `out_length` to `length` elements.
    """
    if padding == "valid":
        return 0
    full = (length - 1) * stride + dilated_size(size, dilation)
    return max(full - out_length, 0) // 2


def transpose_window(
    length: int, size: int, stride: int, dilation: int, padding: str, output_padding: int | None
) -> tuple[int, int]:
    """Returns (output length, crop) of a transposed convolution along one concrete axis."""
    out_length = transpose_output_length(length, size, stride, dilation, padding, output_padding)
    assert out_length is not None  # Concrete lengths give concrete outputs.
    return out_length, transpose_crop(length, size, stride, dilation, padding, out_length)
