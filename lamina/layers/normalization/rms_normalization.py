"""RMSNormalization: divides each sample by its root mean square over the feature axes."""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer
from lamina.layers.normalization.feature_axes import (
    axis_sizes,
    broadcast_parameter,
    check_axis_argument,
    computation_dtype,
    resolve_axes,
)
from lamina.typing import Shape, Tensor


class RMSNormalization(Layer):
    """Root-mean-square normalization: `x * scale / sqrt(mean(x**2) + epsilon)`, the mean taken
    over `axis`, with a learned `scale` spanning `axis` (initialized to ones).

    Args:
        axis: The axis or list of axes to normalize over.
        epsilon: Added to the mean square to avoid dividing by zero.

    Input shape: any, with known sizes on `axis`. Output shape: the input shape.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.RMSNormalization(epsilon=0.0)
        >>> y = layer(lamina.ops.convert_to_tensor([[1.0, -1.0], [3.0, 4.0]]))
        >>> [[round(v, 4) for v in row] for row in lamina.ops.convert_to_numpy(y).tolist()]
        [[1.0, -1.0], [0.8485, 1.1314]]
        >>> layer.scale.shape
        (2,)
    """

    def __init__(self, axis: int | list[int] = -1, epsilon: float = 1e-6, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.axis = check_axis_argument(self, axis)
        self.epsilon = float(epsilon)
        self.supports_masking = True

    def build(self, input_shape: Shape) -> None:
        self._axes = resolve_axes(self, self.axis, input_shape)
        shape = axis_sizes(input_shape, self._axes)
        self.scale = self.add_weight(shape=shape, initializer="ones", autocast=False, name="scale")
        self.input_spec = InputSpec(ndim=len(input_shape), axes=dict(zip(self._axes, shape)))

    def call(self, inputs: Tensor) -> Tensor:
        dtype = computation_dtype(inputs)
        x = ops.cast(inputs, dtype)
        mean_square = ops.mean(ops.square(x), axis=self._axes, keepdims=True)
        outputs = ops.multiply(x, ops.rsqrt(ops.add(mean_square, self.epsilon)))
        scale = broadcast_parameter(self.scale, self._axes, len(ops.shape(x)), dtype)
        return ops.cast(ops.multiply(outputs, scale), ops.dtype(inputs))

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"axis": self.axis, "epsilon": self.epsilon})
        return config
