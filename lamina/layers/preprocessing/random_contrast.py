"""RandomContrast: scales each image's deviations from its channel means while training."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import ops, random
from lamina.layers.preprocessing.augmentation_arguments import factor_range, value_range_pair
from lamina.layers.preprocessing.image_layer import ImagePreprocessingLayer
from lamina.typing import Tensor


class RandomContrast(ImagePreprocessingLayer):
    """Adjusts the contrast of each image by a random factor while training.

    For each image a contrast factor `c` is drawn from `[1 - lower, 1 + upper]`; each pixel
    value `x` of a channel becomes `(x - mean) * c + mean`, where `mean` is that channel's
    mean over the image, and the result is clipped to `value_range`. Identity in inference.

    Args:
        factor: A float in [0, 1] (`lower = upper = factor`) or a pair `(lower, upper)` of
            floats in [0, 1] (sorted first). Note: Keras 3.15 reads a single float as
            `(0, factor)`, against its own documentation; lamina follows the documentation.
        value_range: The `(low, high)` range of the pixel values, used to clip the output.
        seed: An int that makes the factors reproducible, or None.
        data_format: `"channels_last"` or `"channels_first"`; None uses
            `lamina.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape: `(batch, height, width, channels)` or one image without the batch axis
    (channels first for "channels_first"). Output shape: the input's.

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> layer = lamina.layers.RandomContrast(factor=0.5, value_range=(0, 255), seed=0)
        >>> image = np.array([[[10.0], [30.0]]])  # channel mean 20
        >>> low, high = lamina.ops.convert_to_numpy(layer(image))[0, :, 0].tolist()
        >>> round(low + high, 3), 5.0 <= high - low <= 30.0
        (40.0, True)
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
        self.factor = factor_range(self, "factor", factor, (0.0, 1.0), symmetric=False)
        self.value_range = value_range_pair(self, value_range)
        self.seed = seed
        self.seed_generator = random.SeedGenerator(seed)

    def transform(self, images: Tensor, training: bool) -> Tensor:
        if not training:
            return images
        lower, upper = self.factor
        contrast = random.uniform(
            self._per_image_shape(images),
            minval=1.0 - lower,
            maxval=1.0 + upper,
            dtype=self.compute_dtype,
            seed=self.seed_generator,
        )
        means = ops.mean(images, axis=self._spatial_axes(), keepdims=True)
        adjusted = ops.add(ops.multiply(ops.subtract(images, means), contrast), means)
        return ops.clip(adjusted, self.value_range[0], self.value_range[1])

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range, "seed": self.seed})
        return config
