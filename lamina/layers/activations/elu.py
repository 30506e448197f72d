"""ELU: the exponential linear unit as a layer."""

from __future__ import annotations

from typing import Any

from lamina import activations
from lamina.layers.layer import Layer
from lamina.typing import Shape, Tensor


class ELU(Layer):
    """Exponential linear unit: `x` where `x > 0`, else `alpha * (exp(x) - 1)`.

    Args:
        alpha: The scale of the negative part (its limit as `x -> -inf` is `-alpha`).

    Input shape: any. Output shape: the input's.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.ELU(alpha=2.0)
        >>> y = layer(lamina.ops.convert_to_tensor([-1.0, 0.0, 3.0]))
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [-1.2642, 0.0, 3.0]
    """

    def __init__(self, alpha: float = 1.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.alpha = alpha
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Tensor) -> Tensor:
        return activations.elu(inputs, alpha=self.alpha)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config["alpha"] = self.alpha
        return config
