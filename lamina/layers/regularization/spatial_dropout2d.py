"""SpatialDropout2D: drops whole feature maps of an image while training."""

from __future__ import annotations

from typing import Any

from lamina.backend import standardize_data_format
from lamina.layers.input_spec import InputSpec
from lamina.layers.regularization.dropout import Dropout


class SpatialDropout2D(Dropout):
    """Dropout of whole 2D feature maps: each `(sample, channel)` pair is kept or dropped at
    every position at once, which suits convolutional features whose neighbouring pixels are
    strongly correlated.

    Kept values are scaled by `1 / (1 - rate)`. Outside training the inputs pass unchanged.

    Args:
        rate: The fraction of channels to drop, a float in `[0, 1)`.
        data_format: `"channels_last"` (`(batch, rows, cols, channels)`) or
            `"channels_first"` (`(batch, channels, rows, cols)`); None uses
            `lamina.config.image_data_format()`.
        seed: An int that makes the masks reproducible, or None.

    Input shape: 4D, laid out as `data_format` says. Output shape: the input's.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.SpatialDropout2D(0.5, seed=1)
        >>> y = lamina.ops.convert_to_numpy(layer(lamina.ops.ones((2, 3, 3, 4)), training=True))
        >>> bool((y == y[:, :1, :1, :]).all())  # whole feature maps are kept or dropped
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
        self.input_spec = InputSpec(ndim=4)

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("noise_shape")
        config["data_format"] = self.data_format
        return config

    def _mask_shape(self) -> tuple[int | None, ...]:
        if self.data_format == "channels_first":
            return (None, None, 1, 1)
        return (None, 1, 1, None)
