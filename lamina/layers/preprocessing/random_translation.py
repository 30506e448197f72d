"""RandomTranslation: shifts each image by a random offset while training."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import ops
from lamina.layers.preprocessing.affine_layer import RandomAffineLayer, affine_rows
from lamina.layers.preprocessing.augmentation_arguments import factor_range
from lamina.typing import Tensor


class RandomTranslation(RandomAffineLayer):
    """Shifts each image by a random fraction of its height and width while training.

    Positive height offsets move the image down, positive width offsets move it right; the
    uncovered border is filled as `fill_mode` says. Identity in inference. Integer inputs are
    cast to the compute dtype.

    Args:
        height_factor: A float `f` (shifts in `[-f, f]` of the height) or a pair
            `(lower, upper)`, each in [-1, 1]: the vertical shift range.
        width_factor: The same for the horizontal shift, as a fraction of the width.
        fill_mode: How points outside the input are filled: "reflect" (default), "wrap",
            "constant" (`fill_value`) or "nearest".
        interpolation: "bilinear" (default) or "nearest".
        seed: An int that makes the shifts reproducible, or None.
        fill_value: The value of outside points when `fill_mode="constant"`.
        data_format: `"channels_last"` or `"channels_first"`; None uses
            `lamina.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape: `(batch, height, width, channels)` or one image without the batch axis
    (channels first for "channels_first"). Output shape: the input's.

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> layer = lamina.layers.RandomTranslation(0.0, (0.5, 0.5), fill_mode="constant")
        >>> image = np.array([[1.0, 2.0, 3.0, 4.0]]).reshape(1, 4, 1)
        >>> lamina.ops.convert_to_numpy(layer(image))[..., 0].tolist()
        [[0.0, 0.0, 1.0, 2.0]]
    """

    def __init__(
        self,
        height_factor: float | Sequence[float],
        width_factor: float | Sequence[float],
        fill_mode: str = "reflect",
        interpolation: str = "bilinear",
        seed: int | None = None,
        fill_value: float = 0.0,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(fill_mode, interpolation, seed, fill_value, data_format, **kwargs)
        self.height_factor = height_factor
        self.width_factor = width_factor
        self._height_range = factor_range(self, "height_factor", height_factor, (-1.0, 1.0))
        self._width_range = factor_range(self, "width_factor", width_factor, (-1.0, 1.0))

    def transforms(self, images: Tensor) -> Tensor:
        height, width = self._image_size(images)
        shift_y = ops.multiply(self._draw(images, *self._height_range), float(height))
        shift_x = ops.multiply(self._draw(images, *self._width_range), float(width))
        # Output pixel p comes from input point p - shift.
        return affine_rows(
            shift_x, 1.0, 0.0, ops.negative(shift_x), 0.0, 1.0, ops.negative(shift_y)
        )

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"height_factor": self.height_factor, "width_factor": self.width_factor})
        return config
