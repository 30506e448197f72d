"""BaseGlobalPooling: the shared machinery of the GlobalMaxPooling and GlobalAveragePooling
layers."""

from __future__ import annotations

from typing import Any

from lamina import backend, ops
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.layers.input_spec import InputSpec, check_input_spec
from lamina.layers.layer import Layer
from lamina.layers.pooling.argument_checks import check_data_format, spatial_axes
from lamina.typing import Shape, Tensor


class BaseGlobalPooling(Layer):
    """Reduces all `rank` spatial axes of an input (private base class).

    Subclasses set `rank` and `mode` ("max" or "average").
    """

    rank: int = 0
    mode: str = "max"

    def __init__(self, data_format: str | None = None, keepdims: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        self.data_format = check_data_format(self, data_format)
        if not isinstance(keepdims, bool):
            raise TypeError(
                f"{type(self).__name__} '{self.name}': keepdims must be True or False, "
                f"received {keepdims!r}."
            )
        self.keepdims = keepdims
        self.input_spec = InputSpec(ndim=self.rank + 2)
        self._axes = spatial_axes(self.rank, self.data_format)

    def call(self, inputs: Tensor) -> Tensor:
        if self.mode == "max":
            return ops.max(inputs, axis=self._axes, keepdims=self.keepdims)
        return ops.mean(inputs, axis=self._axes, keepdims=self.keepdims)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        shape = tuple(input_shape)
        check_input_spec(self, self.input_spec, [shape])
        if self.keepdims:
            return tuple(1 if axis in self._axes else d for axis, d in enumerate(shape))
        return tuple(d for axis, d in enumerate(shape) if axis not in self._axes)

    def compute_output_spec(self, inputs: Any, **kwargs: Any) -> SymbolicTensor:
        dtype = inputs.dtype
        if self.mode == "average" and not backend.is_float_dtype(dtype):
            dtype = backend.floatx()
        return SymbolicTensor(self.compute_output_shape(inputs.shape), dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"data_format": self.data_format, "keepdims": self.keepdims})
        return config
