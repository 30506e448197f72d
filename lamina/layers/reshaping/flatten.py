"""Flatten: collapses every axis after the batch axis into one."""

from __future__ import annotations

import math
from typing import Any

from lamina import backend, ops
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer
from lamina.typing import Shape, Tensor


class Flatten(Layer):
    """Flattens each sample to one axis; the batch axis is kept.

    Args:
        data_format: `"channels_last"` or `"channels_first"` (default: the global
            `image_data_format()`). With `"channels_first"`, the channel axis is moved last
            before flattening, so the values come out in channels-last order.

    Input shape: `(batch, ...)`. Output shape: `(batch, product of the other sizes)`.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.Flatten()
        >>> lamina.ops.shape(layer(lamina.ops.ones((2, 3, 4))))
        (2, 12)
    """

    def __init__(self, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.data_format = backend.standardize_data_format(data_format)
        self.input_spec = InputSpec(min_ndim=1)

    def call(self, inputs: Tensor) -> Tensor:
        shape = tuple(ops.shape(inputs))
        rank = len(shape)
        if self.data_format == "channels_first" and rank > 2:
            inputs = ops.transpose(inputs, (0, *range(2, rank), 1))
        batch, flat = self.compute_output_shape(shape)
        return ops.reshape(inputs, (-1 if batch is None else batch, -1 if flat is None else flat))

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        sizes = tuple(input_shape)[1:]
        if any(size is None for size in sizes):
            return (input_shape[0], None)
        return (input_shape[0], math.prod(int(size) for size in sizes if size is not None))

    def get_config(self) -> dict:
        config = super().get_config()
        config["data_format"] = self.data_format
        return config
