"""RandomFlip: flips images left-right and/or top-bottom at random while training."""

from __future__ import annotations

from typing import Any

from lamina import ops, random
from lamina.layers.preprocessing.augmentation_arguments import one_of
from lamina.layers.preprocessing.image_layer import ImagePreprocessingLayer
from lamina.typing import Tensor

HORIZONTAL = "horizontal"
VERTICAL = "vertical"
HORIZONTAL_AND_VERTICAL = "horizontal_and_vertical"


class RandomFlip(ImagePreprocessingLayer):
    """Flips each image with probability 1/2 while training; identity in inference.

    `"horizontal"` mirrors left-right, `"vertical"` top-bottom, and
    `"horizontal_and_vertical"` does both to the selected images (as Keras does: one draw per
    image decides both flips). Integer inputs are cast to the compute dtype (floats).

    Args:
        mode: `"horizontal"`, `"vertical"` or `"horizontal_and_vertical"` (default).
        seed: An int that makes the flips reproducible, or None.
        data_format: `"channels_last"` or `"channels_first"`; None uses
            `lamina.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape: `(batch, height, width, channels)` or `(height, width, channels)` (channels
    first for "channels_first"). Output shape: the input's.

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> layer = lamina.layers.RandomFlip("horizontal", seed=1)
        >>> images = np.arange(4.0).reshape(1, 1, 4, 1)
        >>> lamina.ops.convert_to_numpy(layer(images, training=False))[0, 0, :, 0].tolist()
        [0.0, 1.0, 2.0, 3.0]
        >>> flipped = lamina.ops.convert_to_numpy(layer(np.repeat(images, 8, axis=0)))
        >>> sorted({tuple(row) for row in flipped[:, 0, :, 0].tolist()})
        [(0.0, 1.0, 2.0, 3.0), (3.0, 2.0, 1.0, 0.0)]
    """

    def __init__(
        self,
        mode: str = HORIZONTAL_AND_VERTICAL,
        seed: int | None = None,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.mode = one_of(self, "mode", mode, (HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL))
        self.seed = seed
        self.seed_generator = random.SeedGenerator(seed)

    def transform(self, images: Tensor, training: bool) -> Tensor:
        if not training:
            return images
        draws = random.uniform(self._per_image_shape(images), seed=self.seed_generator)
        selected = ops.less_equal(draws, 0.5)
        height_axis, width_axis = self._spatial_axes()
        flipped = images
        if self.mode in (HORIZONTAL, HORIZONTAL_AND_VERTICAL):
            flipped = ops.flip(flipped, axis=width_axis)
        if self.mode in (VERTICAL, HORIZONTAL_AND_VERTICAL):
            flipped = ops.flip(flipped, axis=height_axis)
        return ops.where(selected, flipped, images)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"mode": self.mode, "seed": self.seed})
        return config
