"""Cropping3D: removes positions at the edges of the spatial axes of volumes."""

from __future__ import annotations

from typing import Any

from lamina.layers.reshaping.base_spatial_reshaping import BaseCropping


class Cropping3D(BaseCropping):
    """Crops the spatial axes of volumes: removes positions at their starts and ends.

    Args:
        cropping: How many positions to remove: an int (the same count on every side), a tuple of 3
            ints (symmetric per axis), or a tuple of 3 pairs `((before1, after1), (before2,
            after2), (before3, after3))`. All counts >= 0.
        data_format: `"channels_last"` (`(batch, dim1, dim2, dim3, channels)`) or `"channels_first"`
            (`(batch, channels, dim1, dim2, dim3)`); None uses `lamina.config.image_data_format()`.

    Input shape: 5D, laid out as `data_format` says. Output shape: the same layout, each spatial
    size shrunk by its cropping.

    Raises:
        ValueError: for an input of another rank, or a cropping that removes every position
            of a spatial axis.

    Example:
        >>> import lamina
        >>> x = lamina.ops.ones((2, 3, 8, 8, 8))
        >>> y = lamina.layers.Cropping3D(((1, 1), (2, 2), (0, 3)), data_format="channels_first")(x)
        >>> lamina.ops.shape(y)
        (2, 3, 6, 4, 5)
    """

    rank = 3

    def __init__(
        self,
        cropping: int | tuple[Any, Any, Any] = ((1, 1), (1, 1), (1, 1)),
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(cropping, data_format, **kwargs)
