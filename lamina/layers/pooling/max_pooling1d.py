"""MaxPooling1D: maximum over sliding windows of temporal data."""

from __future__ import annotations

from typing import Any

from lamina.layers.pooling.base_pooling import BasePooling


class MaxPooling1D(BasePooling):
    """Max pooling for temporal data: the maximum of each window of `pool_size`
    positions, the window moving by `strides`.

    Args:
        pool_size: Window size: an int.
        strides: Step between windows: an int or None
            (default) for `pool_size`.
        padding: `"valid"` (windows inside the input only; output length
            `floor((length - pool_size) / strides) + 1`) or `"same"` (output length
            `ceil(length / strides)`; padded positions never win the maximum).
            Case-insensitive.
        data_format: `"channels_last"` (`(batch, steps, channels)`) or `"channels_first"`
            (`(batch, channels, steps)`); None uses `lamina.config.image_data_format()`.

    Input shape: 3D, laid out as `data_format` says. Output shape: the same layout with
    the spatial sizes `(pooled_steps)`.

    Raises:
        ValueError: for an input of another rank, or a window larger than a `"valid"` input.

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_tensor([[[1.0], [5.0], [2.0], [3.0], [4.0]]])
        >>> y = lamina.layers.MaxPooling1D(pool_size=2, strides=1)(x)
        >>> lamina.ops.convert_to_numpy(y)[0, :, 0].tolist()
        [5.0, 5.0, 3.0, 4.0]
    """

    rank = 1
    mode = "max"

    def __init__(
        self,
        pool_size: int = 2,
        strides: int | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(pool_size, strides, padding, data_format, **kwargs)
