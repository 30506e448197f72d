"""RandomCrop: crops a random window of a target size out of the images while training."""

from __future__ import annotations

import random as python_random
from typing import Any

from lamina import ops, random
from lamina.layers.preprocessing.augmentation_arguments import positive_size
from lamina.layers.preprocessing.crop_windows import crop, smart_resize
from lamina.layers.preprocessing.image_layer import ImagePreprocessingLayer
from lamina.typing import Shape, Tensor


class RandomCrop(ImagePreprocessingLayer):
    """Crops a random `(height, width)` window while training; one window per batch.

    While training, the window's top-left corner is drawn uniformly among the positions that
    keep it inside the image, and every image of the batch is cropped at that same position.
    In inference, and while training on images smaller than the target, the largest centered
    window with the target aspect ratio is resized to `(height, width)` (bilinear) instead.
    Integer inputs are cast to the compute dtype.

    Args:
        height: The output height, a positive int.
        width: The output width, a positive int.
        seed: An int that makes the windows reproducible; None picks one (from Python's
            `random`, which `lamina.utils.set_random_seed` seeds) and saves it in the config.
        data_format: `"channels_last"` or `"channels_first"`; None uses
            `lamina.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape: `(batch, height, width, channels)` or one image without the batch axis
    (channels first for "channels_first"). Output shape: the input's, with the target height
    and width.

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> layer = lamina.layers.RandomCrop(2, 2, seed=0)
        >>> image = np.arange(16.0).reshape(4, 4, 1)
        >>> window = lamina.ops.convert_to_numpy(layer(image))[..., 0]
        >>> window.shape, bool(window[1, 1] - window[0, 0] == 5.0)
        ((2, 2), True)
    """

    def __init__(
        self,
        height: int,
        width: int,
        seed: int | None = None,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.height = positive_size(self, "height", height)
        self.width = positive_size(self, "width", width)
        self.seed = python_random.randint(1, 2**31 - 1) if seed is None else seed
        self.seed_generator = random.SeedGenerator(self.seed)

    def transform(self, images: Tensor, training: bool) -> Tensor:
        image_height, image_width = self._image_size(images)
        fits = image_height >= self.height and image_width >= self.width
        if not training or not fits:
            return smart_resize(self, images, self.height, self.width)
        free_rows = image_height - self.height
        free_columns = image_width - self.width
        draws = random.uniform((2,), seed=self.seed_generator)
        positions = ops.floor(
            ops.multiply(draws, ops.convert_to_tensor([free_rows + 1.0, free_columns + 1.0]))
        )
        positions = ops.minimum(
            ops.cast(positions, "int32"), ops.convert_to_tensor([free_rows, free_columns], "int32")
        )
        top, left = ops.unstack(positions)
        return crop(self, images, top, left, self.height, self.width)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        self._check_rank(tuple(input_shape))
        return self._with_spatial_size(tuple(input_shape), self.height, self.width)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"height": self.height, "width": self.width, "seed": self.seed})
        return config
