"""Masking: marks timesteps whose features all equal a value as padding."""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.layers.layer import Layer
from lamina.typing import Shape, Tensor


class Masking(Layer):
    """Masks timesteps whose features all equal `mask_value`, and sets them to zero.

    The mask (`compute_mask`) is True where a timestep holds at least one feature different
    from `mask_value`; layers downstream that support masking skip the other timesteps.

    Args:
        mask_value: The padding value.

    Input shape: `(batch, timesteps, ..., features)`. Output shape: the input's.

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_tensor([[[1.0, 2.0], [0.0, 0.0]]])
        >>> layer = lamina.layers.Masking(mask_value=0.0)
        >>> lamina.ops.convert_to_numpy(layer.compute_mask(x)).tolist()
        [[True, False]]
    """

    def __init__(self, mask_value: float = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.supports_masking = True
        self.mask_value = mask_value

    def call(self, inputs: Tensor) -> Tensor:
        keep = ops.any(ops.not_equal(inputs, self.mask_value), axis=-1, keepdims=True)
        # `where`, not a product with the mask: padding of mask_value=inf becomes 0, not nan.
        return ops.where(keep, inputs, ops.zeros_like(inputs))

    def compute_mask(self, inputs: Tensor, previous_mask: Any = None) -> Tensor:
        """Returns True for timesteps with a feature different from `mask_value`."""
        return ops.any(ops.not_equal(inputs, self.mask_value), axis=-1)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config["mask_value"] = self.mask_value
        return config
