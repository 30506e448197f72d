"""UpSampling1D: repeats each step of temporal data."""

from __future__ import annotations

from typing import Any

from lamina.layers.reshaping.base_spatial_reshaping import BaseUpSampling


class UpSampling1D(BaseUpSampling):
    """Upsamples temporal data by repeating each step `size` times along axis 1.

    Args:
        size: The upsampling factor, a positive int.

    Input shape: `(batch, steps, features)`. Output shape: `(batch, steps * size, features)`.

    Raises:
        ValueError: for an input of another rank.

    Example:
        >>> import lamina
        >>> x = lamina.ops.reshape(lamina.ops.arange(4.0), (1, 2, 2))
        >>> lamina.ops.convert_to_numpy(lamina.layers.UpSampling1D(size=2)(x))[0].tolist()
        [[0.0, 1.0], [0.0, 1.0], [2.0, 3.0], [2.0, 3.0]]
    """

    rank = 1

    def __init__(self, size: int = 2, **kwargs: Any) -> None:
        super().__init__(size, "channels_last", **kwargs)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["data_format"]  # Keras's UpSampling1D always repeats axis 1.
        return config
