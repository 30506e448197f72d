"""RandomRotation: rotates each image by a random angle while training."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from lamina import ops
from lamina.layers.preprocessing.affine_layer import RandomAffineLayer, affine_rows
from lamina.layers.preprocessing.augmentation_arguments import factor_range
from lamina.typing import Tensor


class RandomRotation(RandomAffineLayer):
    """Rotates each image about its center by a random angle while training.

    The angle is drawn from `[lower * 360, upper * 360]` degrees; positive angles turn the
    image counter-clockwise. Points that come from outside the image are filled as
    `fill_mode` says. Identity in inference. Integer inputs are cast to the compute dtype.

    Args:
        factor: A fraction of a full turn: a float `f` (angles in `[-f, f]` turns) or a pair
            `(lower, upper)`, each in [-1, 1].
        fill_mode: How points outside the input are filled: "reflect" (default,
            `d c b a | a b c d | d c b a`), "wrap" (`a b c d | a b c d`), "constant"
            (`fill_value`) or "nearest" (`a a | a b c d | d d`).
        interpolation: "bilinear" (default) or "nearest".
        seed: An int that makes the angles reproducible, or None.
        fill_value: The value of outside points when `fill_mode="constant"`.
        data_format: `"channels_last"` or `"channels_first"`; None uses
            `lamina.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape: `(batch, height, width, channels)` or one image without the batch axis
    (channels first for "channels_first"). Output shape: the input's.

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> layer = lamina.layers.RandomRotation(factor=(0.25, 0.25))  # a quarter turn
        >>> image = np.array([[1.0, 2.0], [3.0, 4.0]]).reshape(2, 2, 1)
        >>> rotated = lamina.ops.convert_to_numpy(layer(image))[..., 0]
        >>> np.round(rotated, 3).tolist()
        [[2.0, 4.0], [1.0, 3.0]]
    """

    def __init__(
        self,
        factor: float | Sequence[float],
        fill_mode: str = "reflect",
        interpolation: str = "bilinear",
        seed: int | None = None,
        fill_value: float = 0.0,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(fill_mode, interpolation, seed, fill_value, data_format, **kwargs)
        self.factor = factor_range(self, "factor", factor, (-1.0, 1.0))

    def transforms(self, images: Tensor) -> Tensor:
        height, width = self._image_size(images)
        turns = self._draw(images, self.factor[0], self.factor[1])
        angles = ops.multiply(turns, 2.0 * math.pi)
        cos, sin = ops.cos(angles), ops.sin(angles)
        center_x, center_y = (width - 1) / 2.0, (height - 1) / 2.0
        # Output pixel p maps to input point R(angle) (p - center) + center.
        shift_x = center_x - (cos * center_x - sin * center_y)
        shift_y = center_y - (sin * center_x + cos * center_y)
        return affine_rows(angles, cos, -sin, shift_x, sin, cos, shift_y)

    def get_config(self) -> dict:
        config = super().get_config()
        config["factor"] = self.factor
        return config
