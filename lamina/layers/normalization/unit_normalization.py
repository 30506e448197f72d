"""UnitNormalization: scales each sample to unit L2 norm over the given axes."""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer
from lamina.layers.normalization.feature_axes import (
    check_axis_argument,
    computation_dtype,
    resolve_axes,
)
from lamina.typing import Shape, Tensor

# Lower bound of the squared norm, so that all-zero inputs stay zero instead of NaN.
_MIN_SQUARED_NORM = 1e-12


class UnitNormalization(Layer):
    """Divides each sample by its L2 norm over `axis`: `x / sqrt(max(sum(x**2), 1e-12))`.

    Args:
        axis: The axis or list of axes the norm is taken over.

    Input shape: any. Output shape: the input shape.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.UnitNormalization()
        >>> y = layer(lamina.ops.convert_to_tensor([[3.0, 4.0], [0.0, 0.0]]))
        >>> [[round(v, 4) for v in row] for row in lamina.ops.convert_to_numpy(y).tolist()]
        [[0.6, 0.8], [0.0, 0.0]]
    """

    def __init__(self, axis: int | list[int] = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.axis = check_axis_argument(self, axis)
        self.supports_masking = True

    def build(self, input_shape: Shape) -> None:
        self._axes = resolve_axes(self, self.axis, input_shape)
        self.input_spec = InputSpec(ndim=len(input_shape))

    def call(self, inputs: Tensor) -> Tensor:
        x = ops.cast(inputs, computation_dtype(inputs))
        squared_norm = ops.sum(ops.square(x), axis=self._axes, keepdims=True)
        outputs = ops.multiply(x, ops.rsqrt(ops.maximum(squared_norm, _MIN_SQUARED_NORM)))
        return ops.cast(outputs, ops.dtype(inputs))

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config["axis"] = self.axis
        return config
