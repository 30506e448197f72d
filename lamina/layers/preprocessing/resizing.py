"""Resizing: resizes images to a target height and width."""

from __future__ import annotations

from typing import Any

import numpy as np

from lamina import backend, ops
from lamina.layers.preprocessing.augmentation_arguments import one_of, positive_size
from lamina.layers.preprocessing.image_layer import ImagePreprocessingLayer
from lamina.typing import Tensor

INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "lanczos3", "lanczos5", "area")


class Resizing(ImagePreprocessingLayer):
    """Resizes images to `(height, width)`, in training and inference alike.

    By default the aspect ratio may change. With `crop_to_aspect_ratio=True` the largest
    centered window with the target aspect ratio is resized instead (no distortion, the
    edges are cut); with `pad_to_aspect_ratio=True` the short side is padded evenly with
    `fill_value` first. Float inputs keep their dtype; integer inputs are rounded and clipped
    to their dtype's range, so the output has the input's dtype (as in Keras).

    Args:
        height: The output height, a positive int.
        width: The output width, a positive int.
        interpolation: "bilinear" (default), "nearest", "bicubic", "lanczos3", "lanczos5" or
            "area".
        crop_to_aspect_ratio: Whether to crop to the target aspect ratio before resizing.
        pad_to_aspect_ratio: Whether to pad to the target aspect ratio before resizing.
        fill_mode: How `pad_to_aspect_ratio` fills; only "constant" is supported.
        fill_value: The value `pad_to_aspect_ratio` pads with.
        antialias: Whether to low-pass filter when downsampling.
        data_format: `"channels_last"` or `"channels_first"`; None uses
            `lamina.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape: `(batch, height, width, channels)` or one image without the batch axis
    (channels first for "channels_first"). Output shape: the input's, with the target height
    and width.

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> layer = lamina.layers.Resizing(1, 2)
        >>> image = np.array([[0.0, 1.0, 2.0, 3.0]]).reshape(1, 4, 1)
        >>> lamina.ops.convert_to_numpy(layer(image))[..., 0].tolist()
        [[0.5, 2.5]]
    """

    def __init__(
        self,
        height: int,
        width: int,
        interpolation: str = "bilinear",
        crop_to_aspect_ratio: bool = False,
        pad_to_aspect_ratio: bool = False,
        fill_mode: str = "constant",
        fill_value: float = 0.0,
        antialias: bool = False,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.height = positive_size(self, "height", height)
        self.width = positive_size(self, "width", width)
        self.interpolation = one_of(self, "interpolation", interpolation, INTERPOLATIONS)
        self.crop_to_aspect_ratio = bool(crop_to_aspect_ratio)
        self.pad_to_aspect_ratio = bool(pad_to_aspect_ratio)
        if self.crop_to_aspect_ratio and self.pad_to_aspect_ratio:
            raise ValueError(
                f"Resizing '{self.name}': crop_to_aspect_ratio and pad_to_aspect_ratio "
                "cannot both be True; choose one."
            )
        self.fill_mode = one_of(self, "fill_mode", fill_mode, ("constant",))
        self.fill_value = float(fill_value)
        self.antialias = bool(antialias)

    def call(self, inputs: Tensor, training: bool = True) -> Tensor:
        self._check_rank(tuple(ops.shape(inputs)))
        dtype = ops.dtype(inputs)
        images = inputs if backend.is_float_dtype(dtype) else ops.cast(inputs, self.compute_dtype)
        resized = self.transform(images, bool(training))
        if backend.is_float_dtype(dtype):
            return resized
        limits = np.iinfo(dtype) if dtype != "bool" else np.iinfo("uint8")
        resized = ops.clip(ops.round(resized), float(limits.min), float(limits.max))
        return ops.cast(resized, dtype)

    def transform(self, images: Tensor, training: bool) -> Tensor:
        from lamina.ops import image as image_ops

        return image_ops.resize(
            images,
            (self.height, self.width),
            interpolation=self.interpolation,
            antialias=self.antialias,
            crop_to_aspect_ratio=self.crop_to_aspect_ratio,
            pad_to_aspect_ratio=self.pad_to_aspect_ratio,
            fill_mode=self.fill_mode,
            fill_value=self.fill_value,
            data_format=self.data_format,
        )

    def compute_output_shape(self, input_shape: Any) -> Any:
        self._check_rank(tuple(input_shape))
        return self._with_spatial_size(tuple(input_shape), self.height, self.width)

    def compute_output_spec(self, inputs: Tensor, **kwargs: Any) -> Any:
        dtype = inputs.dtype
        if backend.is_float_dtype(dtype):
            dtype = self.compute_dtype
        return backend.SymbolicTensor(self.compute_output_shape(inputs.shape), dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "height": self.height,
                "width": self.width,
                "interpolation": self.interpolation,
                "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
                "pad_to_aspect_ratio": self.pad_to_aspect_ratio,
                "fill_mode": self.fill_mode,
                "fill_value": self.fill_value,
                "antialias": self.antialias,
            }
        )
        return config
