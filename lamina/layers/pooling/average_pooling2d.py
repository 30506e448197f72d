"""AveragePooling2D: mean over sliding windows of images."""

from __future__ import annotations

from typing import Any

from lamina.layers.pooling.base_pooling import BasePooling


class AveragePooling2D(BasePooling):
    """Average pooling for images: the mean of each window of `pool_size`
    positions, the window moving by `strides`.

    Args:
        pool_size: Window size: an int or a tuple of 2 ints.
        strides: Step between windows: an int, a tuple of 2 ints or None
            (default) for `pool_size`.
        padding: `"valid"` (windows inside the input only; output length
            `floor((length - pool_size) / strides) + 1`) or `"same"` (output length
            `ceil(length / strides)`; each window averages only its positions inside the
            input). Case-insensitive.
        data_format: `"channels_last"` (`(batch, rows, cols, channels)`) or `"channels_first"`
            (`(batch, channels, rows, cols)`); None uses `lamina.config.image_data_format()`.

    Input shape: 4D, laid out as `data_format` says. Output shape: the same layout with
    the spatial sizes `(pooled_rows, pooled_cols)`.

    Raises:
        ValueError: for an input of another rank, or a window larger than a `"valid"` input.

    Example:
        >>> import lamina
        >>> x = lamina.ops.reshape(lamina.ops.arange(12.0), (1, 3, 4, 1))
        >>> y = lamina.layers.AveragePooling2D(pool_size=(2, 2))(x)
        >>> lamina.ops.convert_to_numpy(y)[0, :, :, 0].tolist()
        [[2.5, 4.5]]
    """

    rank = 2
    mode = "average"

    def __init__(
        self,
        pool_size: int | tuple[int, ...] = (2, 2),
        strides: int | tuple[int, ...] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(pool_size, strides, padding, data_format, **kwargs)
