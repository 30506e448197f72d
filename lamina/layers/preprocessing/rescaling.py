"""Rescaling: multiplies inputs by a scale and adds an offset."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from lamina import backend, ops
from lamina.layers.layer import Layer
from lamina.typing import Shape, Tensor


class Rescaling(Layer):
    """Maps inputs to `inputs * scale + offset`, in training and inference alike.

    Typical uses: `scale=1 / 255` maps `[0, 255]` pixels to `[0, 1]`; `scale=1 / 127.5,
    offset=-1` maps them to `[-1, 1]`. Integer inputs are cast to the layer's compute dtype
    (float32 by default), so the output is always floating point.

    Args:
        scale: A float, or one float per channel (a list, broadcast against the channel axis:
            the last axis, or the axis before height and width when
            `lamina.config.image_data_format()` is "channels_first").
        offset: A float, or one float per channel, added after scaling.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape: any. Output shape: the input's.

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> layer = lamina.layers.Rescaling(1 / 127.5, offset=-1.0)
        >>> lamina.ops.convert_to_numpy(layer(np.array([0, 255], "uint8"))).tolist()
        [-1.0, 1.0]
    """

    def __init__(
        self,
        scale: float | Sequence[float],
        offset: float | Sequence[float] = 0.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.scale = _plain_number_or_list(self, "scale", scale)
        self.offset = _plain_number_or_list(self, "offset", offset)
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Tensor) -> Tensor:
        dtype = self.compute_dtype
        scale = self._broadcastable(ops.convert_to_tensor(self.scale, dtype))
        offset = self._broadcastable(ops.convert_to_tensor(self.offset, dtype))
        return ops.add(ops.multiply(ops.cast(inputs, dtype), scale), offset)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"scale": self.scale, "offset": self.offset})
        return config

    def _broadcastable(self, value: Tensor) -> Tensor:
        # A per-channel vector lines up with the last axis; channels_first images keep their
        # channels before (height, width), as in Keras.
        if ops.ndim(value) == 1 and backend.image_data_format() == "channels_first":
            return ops.reshape(value, (-1, 1, 1))
        return value


def _plain_number_or_list(layer: Layer, name: str, value: Any) -> Any:
    """Returns `value` as a float or a (nested) list of floats (plain config values)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        if ops.is_tensor(value):
            value = ops.convert_to_numpy(value)
        values = np.asarray(value, dtype="float64")
    except (TypeError, ValueError):
        values = None
    if values is None:
        raise TypeError(
            f"{type(layer).__name__} '{layer.name}': {name} must be a float or a list of "
            f"floats (one per channel), received {name}={value!r}."
        )
    return values.tolist() if values.ndim else float(values)
