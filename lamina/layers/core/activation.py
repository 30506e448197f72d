"""Activation: applies an activation function as a layer."""

from __future__ import annotations

from typing import Any

from lamina import activations
from lamina.layers.layer import Layer
from lamina.typing import Shape, Tensor


class Activation(Layer):
    """Applies an activation function to its input; masks pass through unchanged.

    Args:
        activation: A name such as `"relu"` or a callable taking a tensor.

    Input shape: any. Output shape: the input's.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.Activation("relu")
        >>> lamina.ops.convert_to_numpy(layer(lamina.ops.convert_to_tensor([-1.0, 2.0]))).tolist()
        [0.0, 2.0]
    """

    def __init__(self, activation: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.supports_masking = True
        self.activation = activations.get(activation)

    def call(self, inputs: Tensor) -> Tensor:
        return self.activation(inputs)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config["activation"] = activations.serialize(self.activation)
        return config
