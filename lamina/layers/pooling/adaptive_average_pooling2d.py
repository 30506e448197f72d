"""AdaptiveAveragePooling2D: the mean over bins sized so that images pool to a fixed size."""

from __future__ import annotations

from typing import Any

from lamina.layers.pooling.base_adaptive_pooling import BaseAdaptivePooling


class AdaptiveAveragePooling2D(BaseAdaptivePooling):
    """Adaptive average pooling for images: pools each spatial axis of any length `n` to
    `output_size` bins, bin `i` covering positions `floor(i * n / output_size)` to
    `ceil((i + 1) * n / output_size)` (exclusive), as PyTorch's adaptive pooling does.

    Args:
        output_size: The number of bins per spatial axis: an int (the same for both axes) or
            a tuple of 2 ints.
        data_format: `"channels_last"` (`(batch, rows, cols, channels)`) or `"channels_first"`
            (`(batch, channels, rows, cols)`); None uses `lamina.config.image_data_format()`.

    Input shape: 4D, laid out as `data_format` says. Output shape: the same layout with
    the spatial sizes `(output_rows, output_cols)` given by `output_size`.

    Example:
        >>> import lamina
        >>> x = lamina.ops.ones((2, 3, 64, 48))
        >>> y = lamina.layers.AdaptiveAveragePooling2D(7, data_format="channels_first")(x)
        >>> lamina.ops.shape(y)
        (2, 3, 7, 7)
    """

    rank = 2
    mode = "average"

    def __init__(
        self, output_size: int | tuple[int, int], data_format: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(output_size, data_format, **kwargs)
