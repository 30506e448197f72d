"""BaseAdaptivePooling: pooling to a fixed output size, whatever the input's size."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from lamina import backend, ops
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.layers.input_spec import InputSpec, check_input_spec
from lamina.layers.layer import Layer
from lamina.layers.pooling.argument_checks import (
    check_data_format,
    positive_tuple,
    spatial_axes,
    spatial_dims,
    with_spatial,
)
from lamina.typing import Shape, Tensor


def adaptive_bins(length: int, size: int) -> list[tuple[int, int]]:
    """Returns the `(start, end)` of each of `size` bins over `length` positions.

    Bin `i` spans `floor(i * length / size)` to `ceil((i + 1) * length / size)` (PyTorch's
    rule): the bins cover every position, neighbours overlap by at most one position, and
    when `size > length` positions repeat.
    """
    return [((i * length) // size, -(-((i + 1) * length) // size)) for i in range(size)]


class BaseAdaptivePooling(Layer):
    """Pools the `rank` spatial axes to `output_size` bins each (private base class).

    Subclasses set `rank` and `mode` ("max" or "average"). When every input size divides by
    its output size, the bins are equal and the layer calls the fixed-window pooling op;
    otherwise it reduces one axis at a time (a bin of a product grid is the product of bins,
    and both the mean and the maximum reduce axis by axis).
    """

    rank: int = 0
    mode: str = "max"

    def __init__(
        self, output_size: int | tuple[int, ...], data_format: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.output_size = positive_tuple(self, "output_size", output_size, self.rank)
        self.data_format = check_data_format(self, data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2)
        self._axes = spatial_axes(self.rank, self.data_format)

    def call(self, inputs: Tensor) -> Tensor:
        if self.mode == "average" and not backend.is_float_dtype(ops.dtype(inputs)):
            inputs = ops.cast(inputs, backend.floatx())
        lengths = spatial_dims(ops.shape(inputs), self.data_format)
        if all(n % size == 0 for n, size in zip(lengths, self.output_size)):
            windows = tuple(n // size for n, size in zip(lengths, self.output_size))
            pool = ops.max_pool if self.mode == "max" else ops.average_pool
            return pool(inputs, windows, windows, "valid", self.data_format)
        for axis, n, size in zip(self._axes, lengths, self.output_size):
            if self.mode == "max":
                inputs = _adaptive_max(inputs, axis, n, size)
            else:
                inputs = _adaptive_mean(inputs, axis, n, size)
        return inputs

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        shape = tuple(input_shape)
        check_input_spec(self, self.input_spec, [shape])
        return with_spatial(shape, self.output_size, self.data_format)

    def compute_output_spec(self, inputs: Any, **kwargs: Any) -> SymbolicTensor:
        dtype = inputs.dtype
        if self.mode == "average" and not backend.is_float_dtype(dtype):
            dtype = backend.floatx()
        return SymbolicTensor(self.compute_output_shape(inputs.shape), dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"output_size": self.output_size, "data_format": self.data_format})
        return config


def _adaptive_mean(x: Tensor, axis: int, length: int, size: int) -> Tensor:
    """Means over the bins of one axis, as a product with a `(length, size)` averaging matrix."""
    weights = ops.convert_to_tensor(_averaging_matrix(length, size), ops.dtype(x))
    pooled = ops.tensordot(x, weights, axes=([axis], [0]))
    return ops.moveaxis(pooled, -1, axis)


def _adaptive_max(x: Tensor, axis: int, length: int, size: int) -> Tensor:
    """Maxima over the bins of one axis: gathers each bin, then reduces it."""
    return ops.max(ops.take(x, _bin_indices(length, size), axis=axis), axis=axis + 1)


@functools.lru_cache(maxsize=64)
def _averaging_matrix(length: int, size: int) -> np.ndarray:
    """Column `i` holds `1 / len(bin i)` on the positions of bin `i`, zeros elsewhere."""
    weights = np.zeros((length, size))
    for i, (start, end) in enumerate(adaptive_bins(length, size)):
        weights[start:end, i] = 1.0 / (end - start)
    return weights


@functools.lru_cache(maxsize=64)
def _bin_indices(length: int, size: int) -> np.ndarray:
    """Row `i` lists the positions of bin `i`, padded to the widest bin by repeating its last
    position (which leaves a maximum unchanged)."""
    bins = adaptive_bins(length, size)
    width = max(end - start for start, end in bins)
    indices = np.array(
        [[min(start + k, end - 1) for k in range(width)] for start, end in bins], dtype="int32"
    )
    return indices
