"""RandomGrayscale: turns a random share of the images to grayscale while training."""

from __future__ import annotations

from typing import Any

from lamina import ops, random
from lamina.layers.preprocessing.image_layer import ImagePreprocessingLayer
from lamina.typing import Shape, Tensor

#: Luma weights of (red, green, blue), as in ITU-R BT.601 and Keras's `rgb_to_grayscale`.
_LUMA_WEIGHTS = (0.2989, 0.5870, 0.1140)


class RandomGrayscale(ImagePreprocessingLayer):
    """Converts each RGB image to grayscale with probability `factor` while training.

    A converted image keeps its channel count: every channel holds the luma
    `0.2989 R + 0.5870 G + 0.1140 B`. Single-channel images are already gray. Identity in
    inference.

    Args:
        factor: The probability, in [0, 1], that an image is converted (default 0.5).
        data_format: `"channels_last"` or `"channels_first"`; None uses
            `lamina.config.image_data_format()`.
        seed: An int that makes the choices reproducible, or None.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape: `(batch, height, width, channels)` or one image without the batch axis, with
    1 or 3 channels. Output shape: the input's.

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> layer = lamina.layers.RandomGrayscale(factor=1.0)
        >>> pixel = np.array([[[[255.0, 0.0, 0.0]]]])
        >>> [round(v, 2) for v in lamina.ops.convert_to_numpy(layer(pixel))[0, 0, 0].tolist()]
        [76.22, 76.22, 76.22]
    """

    def __init__(
        self,
        factor: float = 0.5,
        data_format: str | None = None,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        if isinstance(factor, bool) or not isinstance(factor, (int, float)) or not 0 <= factor <= 1:
            raise ValueError(
                f"RandomGrayscale '{self.name}': factor must be a probability in [0, 1], "
                f"received factor={factor!r}."
            )
        self.factor = float(factor)
        self.seed = seed
        self.seed_generator = random.SeedGenerator(seed)

    def transform(self, images: Tensor, training: bool) -> Tensor:
        if not training:
            return images
        channel_axis = self._channel_axis()
        if self._check_channels(tuple(ops.shape(images))) == 1:
            return images
        weights_shape = [1, 1, 1, 1]
        weights_shape[channel_axis] = 3
        weights = ops.reshape(
            ops.convert_to_tensor(_LUMA_WEIGHTS, self.compute_dtype), weights_shape
        )
        gray = ops.sum(ops.multiply(images, weights), axis=channel_axis, keepdims=True)
        draws = random.uniform(self._per_image_shape(images), seed=self.seed_generator)
        return ops.where(ops.less(draws, self.factor), gray, images)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        shape = super().compute_output_shape(input_shape)
        self._check_channels(shape)
        return shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "seed": self.seed})
        return config

    def _check_channels(self, shape: Shape) -> int | None:
        channels = shape[self._channel_axis(len(shape))]
        if channels not in (None, 1, 3):
            raise ValueError(
                f"RandomGrayscale '{self.name}' expects images with 1 or 3 channels, "
                f"received input shape {shape}."
            )
        return channels
