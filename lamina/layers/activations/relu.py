"""ReLU: the rectified linear unit as a layer, with optional leak, cap and threshold."""

from __future__ import annotations

from typing import Any

from lamina import activations
from lamina.layers.activations.argument_checks import check_non_negative
from lamina.layers.layer import Layer
from lamina.typing import Shape, Tensor


class ReLU(Layer):
    """Rectified linear unit: `max(x, 0)` by default.

    In general: `max_value` where `x >= max_value`, `x` where `threshold <= x < max_value`,
    and `negative_slope * (x - threshold)` below `threshold`.

    Args:
        max_value: The largest output, a float >= 0; None leaves the output unbounded.
        negative_slope: The slope below `threshold`, a float >= 0.
        threshold: Where the rectification starts, a float >= 0.

    Input shape: any. Output shape: the input's.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.ReLU(max_value=6.0, negative_slope=0.5)
        >>> x = lamina.ops.convert_to_tensor([-2.0, 1.0, 8.0])
        >>> lamina.ops.convert_to_numpy(layer(x)).tolist()
        [-1.0, 1.0, 6.0]
    """

    def __init__(
        self,
        max_value: float | None = None,
        negative_slope: float = 0.0,
        threshold: float = 0.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if max_value is not None:
            max_value = check_non_negative(self, "max_value", max_value)
        self.max_value = max_value
        self.negative_slope = check_non_negative(self, "negative_slope", negative_slope)
        self.threshold = check_non_negative(self, "threshold", threshold)
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Tensor) -> Tensor:
        return activations.relu(
            inputs,
            negative_slope=self.negative_slope,
            max_value=self.max_value,
            threshold=self.threshold,
        )

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "max_value": self.max_value,
                "negative_slope": self.negative_slope,
                "threshold": self.threshold,
            }
        )
        return config
