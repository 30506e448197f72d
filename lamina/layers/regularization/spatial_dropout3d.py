"""SpatialDropout3D: drops whole feature volumes while training."""

from __future__ import annotations

from typing import Any

from lamina.backend import standardize_data_format
from lamina.layers.input_spec import InputSpec
from lamina.layers.regularization.dropout import Dropout


class SpatialDropout3D(Dropout):
    """Dropout of whole 3D feature maps: each `(sample, channel)` pair is kept or dropped at
    every position at once, which suits 3D convolutional features.

    Kept values are scaled by `1 / (1 - rate)`. Outside training the inputs pass unchanged.

    Args:
        rate: The fraction of channels to drop, a float in `[0, 1)`.
        data_format: `"channels_last"` (`(batch, dim1, dim2, dim3, channels)`) or
            `"channels_first"` (`(batch, channels, dim1, dim2, dim3)`); None uses
            `lamina.config.image_data_format()`.
        seed: An int that makes the masks reproducible, or None.

    Input shape: 5D, laid out as `data_format` says. Output shape: the input's.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.SpatialDropout3D(0.5, data_format="channels_first", seed=1)
        >>> x = lamina.ops.ones((2, 4, 2, 2, 2))
        >>> y = lamina.ops.convert_to_numpy(layer(x, training=True))
        >>> bool((y == y[:, :, :1, :1, :1]).all())  # whole feature maps are kept or dropped
        True
    """

    def __init__(
        self,
        rate: float,
        data_format: str | None = None,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(rate, seed=seed, **kwargs)
        self.data_format = standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=5)

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("noise_shape")
        config["data_format"] = self.data_format
        return config

    def _mask_shape(self) -> tuple[int | None, ...]:
        if self.data_format == "channels_first":
            return (None, None, 1, 1, 1)
        return (None, 1, 1, 1, None)
