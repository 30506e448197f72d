"""The base of the image preprocessing layers: data formats, batched or single images, float
outputs, and the `training` switch of the random ones."""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.layers.convolutional.argument_checks import data_format_name
from lamina.layers.layer import Layer
from lamina.typing import Shape, Tensor


class ImagePreprocessingLayer(Layer):
    """Base of image layers taking a batch `(batch, height, width, channels)` or one image
    `(height, width, channels)` (channels first with `data_format="channels_first"`).

    Subclasses implement `transform(images, training)` on a batch of float images; `call`
    casts the inputs to the compute dtype, adds and removes the batch axis of a single image,
    and passes `training` on. Random layers augment only when `training` is true. As in Keras,
    `training` defaults to True when a layer is called directly (so
    `layer(numpy_batch)` augments), and fit / evaluate / predict set it for layers in models.
    """

    def __init__(self, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.data_format = data_format_name(self, data_format)
        self.built = True

    def call(self, inputs: Tensor, training: bool = True) -> Tensor:
        self._check_rank(tuple(ops.shape(inputs)))
        images = self._cast_images(inputs)
        single = ops.ndim(images) == 3
        if single:
            images = ops.expand_dims(images, 0)
        outputs = self.transform(images, bool(training))
        return ops.squeeze(outputs, 0) if single else outputs

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        self._check_rank(tuple(input_shape))
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config["data_format"] = self.data_format
        return config

    def transform(self, images: Tensor, training: bool) -> Tensor:
        """Returns the transformed batch of float `images` (rank 4)."""
        raise NotImplementedError

    # -- helpers for subclasses -----------------------------------------------------------------
    def _cast_images(self, inputs: Tensor) -> Tensor:
        if ops.dtype(inputs) != self.compute_dtype:
            return ops.cast(inputs, self.compute_dtype)
        return inputs

    def _check_rank(self, shape: Shape) -> None:
        if len(shape) not in (3, 4):
            raise ValueError(
                f"{type(self).__name__} '{self.name}' expects a batch of images (rank 4) or "
                f"one image (rank 3), received input shape {shape}."
            )

    def _spatial_axes(self, ndim: int = 4) -> tuple[int, int]:
        """The (height, width) axes for inputs of rank `ndim`."""
        first = ndim - 2 if self.data_format == "channels_first" else ndim - 3
        return first, first + 1

    def _channel_axis(self, ndim: int = 4) -> int:
        return ndim - 3 if self.data_format == "channels_first" else ndim - 1

    def _image_size(self, images: Tensor) -> tuple[Any, Any]:
        shape = ops.shape(images)
        height_axis, width_axis = self._spatial_axes(len(shape))
        return shape[height_axis], shape[width_axis]

    def _per_image_shape(self, images: Tensor) -> tuple[Any, ...]:
        """Shape `(batch, 1, 1, 1)`: one random draw per image, broadcast over its pixels."""
        return (ops.shape(images)[0], 1, 1, 1)

    def _with_spatial_size(self, shape: Shape, height: int, width: int) -> Shape:
        result = list(shape)
        height_axis, width_axis = self._spatial_axes(len(shape))
        result[height_axis], result[width_axis] = height, width
        return tuple(result)
