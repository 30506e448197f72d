"""GlobalAveragePooling2D: the mean over all spatial positions of images."""

from __future__ import annotations

from typing import Any

from lamina.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalAveragePooling2D(BaseGlobalPooling):
    """Global average pooling for images: the mean of each channel over all
    spatial positions.

    Args:
        data_format: `"channels_last"` (`(batch, rows, cols, channels)`) or `"channels_first"`
            (`(batch, channels, rows, cols)`); None uses `lamina.config.image_data_format()`.
        keepdims: Whether the spatial axes stay, with size 1 (default False: they are
            removed, as `ops.mean(..., keepdims=False)` does).

    Input shape: 4D, laid out as `data_format` says. Output shape: `(batch, channels)`,
    or with `keepdims=True` the input's layout with spatial sizes `(1, 1)`.

    Example:
        >>> import lamina
        >>> x = lamina.ops.ones((2, 5, 4, 3))
        >>> lamina.ops.shape(lamina.layers.GlobalAveragePooling2D()(x))
        (2, 3)
        >>> lamina.ops.shape(lamina.layers.GlobalAveragePooling2D(keepdims=True)(x))
        (2, 1, 1, 3)
    """

    rank = 2
    mode = "average"

    def __init__(
        self, data_format: str | None = None, keepdims: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(data_format, keepdims, **kwargs)
