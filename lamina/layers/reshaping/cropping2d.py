"""Cropping2D: removes positions at the edges of the spatial axes of images."""

from __future__ import annotations

from typing import Any

from lamina.layers.reshaping.base_spatial_reshaping import BaseCropping


class Cropping2D(BaseCropping):
    """Crops the spatial axes of images: removes positions at their starts and ends.

    Args:
        cropping: How many positions to remove: an int (the same count on every side), a tuple of 2
            ints `(rows, cols)` (symmetric per axis), or a tuple of 2 pairs `((top, bottom),
            (left, right))`. All counts >= 0.
        data_format: `"channels_last"` (`(batch, rows, cols, channels)`) or `"channels_first"`
            (`(batch, channels, rows, cols)`); None uses `lamina.config.image_data_format()`.

    Input shape: 4D, laid out as `data_format` says. Output shape: the same layout, each spatial
    size shrunk by its cropping.

    Raises:
        ValueError: for an input of another rank, or a cropping that removes every position
            of a spatial axis.

    Example:
        >>> import lamina
        >>> x = lamina.ops.ones((2, 28, 28, 3))
        >>> lamina.ops.shape(lamina.layers.Cropping2D(cropping=((2, 2), (4, 4)))(x))
        (2, 24, 20, 3)
    """

    rank = 2

    def __init__(
        self,
        cropping: int | tuple[Any, Any] = ((0, 0), (0, 0)),
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(cropping, data_format, **kwargs)
