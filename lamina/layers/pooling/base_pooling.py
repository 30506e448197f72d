"""BasePooling: the shared machinery of the MaxPooling and AveragePooling layers."""

from __future__ import annotations

from typing import Any

from lamina import backend, ops
from lamina.backend.common import conv_args
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.layers.input_spec import InputSpec, check_input_spec
from lamina.layers.layer import Layer
from lamina.layers.pooling.argument_checks import (
    check_data_format,
    check_padding,
    positive_tuple,
    spatial_dims,
    with_spatial,
)
from lamina.typing import Shape, Tensor


class BasePooling(Layer):
    """Sliding-window pooling over the `rank` spatial axes of an input (private base class).

    Subclasses set `rank` and `mode` ("max" or "average").
    """

    rank: int = 0
    mode: str = "max"

    def __init__(
        self,
        pool_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.pool_size = positive_tuple(self, "pool_size", pool_size, self.rank)
        self.strides = (
            self.pool_size
            if strides is None
            else positive_tuple(self, "strides", strides, self.rank)
        )
        self.padding = check_padding(self, padding)
        self.data_format = check_data_format(self, data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2)
        self._pool = ops.max_pool if self.mode == "max" else ops.average_pool

    def build(self, input_shape: Shape) -> None:
        self.compute_output_shape(input_shape)

    def call(self, inputs: Tensor) -> Tensor:
        try:
            return self._pool(inputs, self.pool_size, self.strides, self.padding, self.data_format)
        except ValueError:
            # A window larger than a 'valid' input: explain it with the layer's name.
            self.compute_output_shape(tuple(ops.shape(inputs)))
            raise

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        shape = tuple(input_shape)
        check_input_spec(self, self.input_spec, [shape])
        spatial = spatial_dims(shape, self.data_format)
        too_small = any(n is not None and n < k for n, k in zip(spatial, self.pool_size))
        if self.padding == "valid" and too_small:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': pool_size {self.pool_size} is larger "
                f"than the spatial size {spatial} of the input of shape {shape} "
                "(padding='valid'). Use a smaller pool_size, padding='same', or a larger input."
            )
        lengths = [
            conv_args.output_length(n, k, s, 1, self.padding)
            for n, k, s in zip(spatial, self.pool_size, self.strides)
        ]
        return with_spatial(shape, lengths, self.data_format)

    def compute_output_spec(self, inputs: Any, **kwargs: Any) -> SymbolicTensor:
        dtype = inputs.dtype
        if self.mode == "average" and not backend.is_float_dtype(dtype):
            dtype = backend.floatx()
        return SymbolicTensor(self.compute_output_shape(inputs.shape), dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "pool_size": self.pool_size,
                "padding": self.padding,
                "strides": self.strides,
                "data_format": self.data_format,
            }
        )
        return config
