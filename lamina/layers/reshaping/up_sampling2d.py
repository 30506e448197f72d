"""UpSampling2D: enlarges images by repeating pixels or by bilinear interpolation."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from lamina import backend, ops
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.layers.reshaping.base_spatial_reshaping import BaseUpSampling
from lamina.typing import Tensor

INTERPOLATIONS = ("nearest", "bilinear")


class UpSampling2D(BaseUpSampling):
    """Upsamples images by the factors `size`, repeating pixels or interpolating between them.

    Args:
        size: The upsampling factors for rows and columns: an int or a tuple of 2 ints.
        data_format: `"channels_last"` (`(batch, rows, cols, channels)`) or
            `"channels_first"` (`(batch, channels, rows, cols)`); None uses
            `lamina.config.image_data_format()`.
        interpolation: `"nearest"` repeats each row `size[0]` times and each column `size[1]`
            times; `"bilinear"` interpolates linearly along each axis between the nearest
            input pixels, with pixel centres at half-integer positions (output pixel `j`
            samples input position `(j + 0.5) / size - 0.5`, clamped to the input), as
            `ops.image.resize` does.

    Input shape: 4D, laid out as `data_format` says. Output shape: the same layout with spatial
    sizes `(rows * size[0], cols * size[1])`.

    Raises:
        ValueError: for an input of another rank, or an unknown `interpolation`.

    Example:
        >>> import lamina
        >>> x = lamina.ops.reshape(lamina.ops.convert_to_tensor([0.0, 4.0]), (1, 1, 2, 1))
        >>> y = lamina.layers.UpSampling2D(size=(1, 2))(x)
        >>> lamina.ops.convert_to_numpy(y)[0, 0, :, 0].tolist()
        [0.0, 0.0, 4.0, 4.0]
        >>> y = lamina.layers.UpSampling2D(size=(1, 2), interpolation="bilinear")(x)
        >>> lamina.ops.convert_to_numpy(y)[0, 0, :, 0].tolist()
        [0.0, 1.0, 3.0, 4.0]
    """

    rank = 2

    def __init__(
        self,
        size: int | tuple[int, int] = (2, 2),
        data_format: str | None = None,
        interpolation: str = "nearest",
        **kwargs: Any,
    ) -> None:
        super().__init__(size, data_format, **kwargs)
        value = interpolation.lower() if isinstance(interpolation, str) else None
        if value not in INTERPOLATIONS:
            raise ValueError(
                f"UpSampling2D '{self.name}': interpolation must be 'nearest' or 'bilinear', "
                f"received {interpolation!r}. (Keras's 'bicubic' and 'lanczos' methods are "
                "not available in lamina yet.)"
            )
        self.interpolation = value

    def call(self, inputs: Tensor) -> Tensor:
        if self.interpolation == "nearest":
            return super().call(inputs)
        if not backend.is_float_dtype(ops.dtype(inputs)):
            inputs = ops.cast(inputs, backend.floatx())
        shape = ops.shape(inputs)
        for axis, factor in zip(self._axes, self.size):
            length = shape[axis]
            assert length is not None, "eager tensors have known sizes"
            if factor != 1:
                inputs = _linear_upsample(inputs, axis, length, factor)
        return inputs

    def compute_output_spec(self, inputs: Any, **kwargs: Any) -> SymbolicTensor:
        spec = super().compute_output_spec(inputs)
        if self.interpolation == "bilinear" and not backend.is_float_dtype(spec.dtype):
            return SymbolicTensor(spec.shape, backend.floatx())
        return spec

    def get_config(self) -> dict:
        config = super().get_config()
        config["interpolation"] = self.interpolation
        return config


def _linear_upsample(x: Tensor, axis: int, length: int, factor: int) -> Tensor:
    """Linear interpolation of `length` entries along `axis` to `length * factor` entries:
    a weighted sum of two gathers (the input entries below and above each sample point)."""
    below, above, upper_weight = _interpolation_table(length, factor)
    shape = [1] * len(ops.shape(x))
    shape[axis] = length * factor
    dtype = ops.dtype(x)
    upper = ops.convert_to_tensor(upper_weight.reshape(shape), dtype)
    lower = ops.convert_to_tensor((1.0 - upper_weight).reshape(shape), dtype)
    return ops.add(
        ops.multiply(ops.take(x, below, axis=axis), lower),
        ops.multiply(ops.take(x, above, axis=axis), upper),
    )


@functools.lru_cache(maxsize=64)
def _interpolation_table(length: int, factor: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each output entry: the input entries below and above its sample point (half-pixel
    centres, clamped to the input) and the weight of the one above."""
    positions = (np.arange(length * factor) + 0.5) / factor - 0.5
    positions = np.clip(positions, 0.0, length - 1)
    below = np.floor(positions).astype("int32")
    above = np.minimum(below + 1, length - 1)
    return below, above, positions - below
