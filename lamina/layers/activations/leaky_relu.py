"""LeakyReLU: a rectifier that keeps a small slope for negative inputs."""

from __future__ import annotations

from typing import Any

from lamina import activations
from lamina.layers.activations.argument_checks import check_non_negative
from lamina.layers.layer import Layer
from lamina.typing import Shape, Tensor


class LeakyReLU(Layer):
    """Leaky rectifier: `x` where `x >= 0`, else `negative_slope * x`.

    Args:
        negative_slope: The slope for negative inputs, a float >= 0. The Keras 2 name
            `alpha` is accepted too, as a keyword argument.

    Input shape: any. Output shape: the input's.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.LeakyReLU(negative_slope=0.5)
        >>> x = lamina.ops.convert_to_tensor([-2.0, 0.0, 3.0])
        >>> lamina.ops.convert_to_numpy(layer(x)).tolist()
        [-1.0, 0.0, 3.0]
    """

    def __init__(self, negative_slope: float = 0.3, **kwargs: Any) -> None:
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
        super().__init__(**kwargs)
        self.negative_slope = check_non_negative(self, "negative_slope", negative_slope)
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Tensor) -> Tensor:
        return activations.leaky_relu(inputs, negative_slope=self.negative_slope)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config["negative_slope"] = self.negative_slope
        return config
