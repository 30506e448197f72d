"""RandomBrightness: adds a random offset to each image while training."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import ops, random
from lamina.layers.preprocessing.augmentation_arguments import factor_range, value_range_pair
from lamina.layers.preprocessing.image_layer import ImagePreprocessingLayer
from lamina.typing import Tensor


class RandomBrightness(ImagePreprocessingLayer):
    """Brightens or darkens each image by a random amount while training.

    For each image a value `d` is drawn from `factor`'s range and `d * (high - low)` is added
    to every pixel, where `(low, high)` is `value_range`; the result is clipped to
    `value_range`. So `d = 1` makes an image white and `d = -1` black. Identity in inference.

    Args:
        factor: A float in [-1, 1] (the range `[-|factor|, |factor|]`) or a pair
            `(lower, upper)` within [-1, 1].
        value_range: The `(low, high)` range of the pixel values.
        seed: An int that makes the offsets reproducible, or None.
        data_format: `"channels_last"` or `"channels_first"`; None uses
            `lamina.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape: `(batch, height, width, channels)` or one image without the batch axis.
    Output shape: the input's.

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> layer = lamina.layers.RandomBrightness(factor=(0.1, 0.1), value_range=(0, 1))
        >>> images = np.full((1, 2, 2, 3), 0.5)
        >>> round(float(lamina.ops.convert_to_numpy(layer(images)).max()), 4)
        0.6
        >>> round(float(lamina.ops.convert_to_numpy(layer(images, training=False)).max()), 4)
        0.5
    """

    def __init__(
        self,
        factor: float | Sequence[float],
        value_range: Sequence[float] = (0, 255),
        seed: int | None = None,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.factor = factor_range(self, "factor", factor, (-1.0, 1.0))
        self.value_range = value_range_pair(self, value_range)
        self.seed = seed
        self.seed_generator = random.SeedGenerator(seed)

    def transform(self, images: Tensor, training: bool) -> Tensor:
        if not training:
            return images
        low, high = self.value_range
        deltas = random.uniform(
            self._per_image_shape(images),
            minval=self.factor[0],
            maxval=self.factor[1],
            dtype=self.compute_dtype,
            seed=self.seed_generator,
        )
        brightened = ops.add(images, ops.multiply(deltas, high - low))
        return ops.clip(brightened, low, high)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range, "seed": self.seed})
        return config
