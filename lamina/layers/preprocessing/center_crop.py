"""CenterCrop: crops the central window of a target size out of each image."""

from __future__ import annotations

from typing import Any

from lamina.layers.preprocessing.augmentation_arguments import positive_size
from lamina.layers.preprocessing.crop_windows import crop, smart_resize
from lamina.layers.preprocessing.image_layer import ImagePreprocessingLayer
from lamina.typing import Shape, Tensor


class CenterCrop(ImagePreprocessingLayer):
    """Crops the central `(height, width)` window of each image, in training and inference.

    When the input is larger than `(height, width)` the crop starts at
    `((input_height - height) // 2, (input_width - width) // 2)`. When it is smaller along
    either axis, the largest centered window with the target aspect ratio is resized to
    `(height, width)` instead (bilinear). Integer inputs are cast to the compute dtype.

    Args:
        height: The output height, a positive int.
        width: The output width, a positive int.
        data_format: `"channels_last"` or `"channels_first"`; None uses
            `lamina.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape: `(batch, height, width, channels)` or one image without the batch axis
    (channels first for "channels_first"). Output shape: the input's, with the target height
    and width.

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> layer = lamina.layers.CenterCrop(2, 2)
        >>> image = np.arange(16.0).reshape(4, 4, 1)
        >>> lamina.ops.convert_to_numpy(layer(image))[..., 0].tolist()
        [[5.0, 6.0], [9.0, 10.0]]
    """

    def __init__(
        self, height: int, width: int, data_format: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.height = positive_size(self, "height", height)
        self.width = positive_size(self, "width", width)

    def transform(self, images: Tensor, training: bool) -> Tensor:
        image_height, image_width = self._image_size(images)
        if image_height < self.height or image_width < self.width:
            return smart_resize(self, images, self.height, self.width)
        top = (image_height - self.height) // 2
        left = (image_width - self.width) // 2
        return crop(self, images, top, left, self.height, self.width)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        self._check_rank(tuple(input_shape))
        return self._with_spatial_size(tuple(input_shape), self.height, self.width)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"height": self.height, "width": self.width})
        return config
