"""ZeroPadding3D: adds zeros around the spatial axes of volumes."""

from __future__ import annotations

from typing import Any

from lamina.layers.reshaping.base_spatial_reshaping import BaseZeroPadding


class ZeroPadding3D(BaseZeroPadding):
    """Pads the spatial axes of volumes with zeros.

    Args:
        padding: How many zeros to add: an int (the same count on every side), a tuple of 3 ints
            (symmetric per axis), or a tuple of 3 pairs `((before1, after1), (before2,
            after2), (before3, after3))`. All counts >= 0.
        data_format: `"channels_last"` (`(batch, dim1, dim2, dim3, channels)`) or `"channels_first"`
            (`(batch, channels, dim1, dim2, dim3)`); None uses `lamina.config.image_data_format()`.

    Input shape: 5D, laid out as `data_format` says. Output shape: the same layout, each spatial
    size grown by its padding.

    Raises:
        ValueError: for an input of another rank.

    Example:
        >>> import lamina
        >>> x = lamina.ops.ones((2, 3, 4, 5, 6))
        >>> lamina.ops.shape(lamina.layers.ZeroPadding3D(padding=(1, 2, 0))(x))
        (2, 5, 8, 5, 6)
    """

    rank = 3

    def __init__(
        self,
        padding: int | tuple[Any, Any, Any] = ((1, 1), (1, 1), (1, 1)),
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(padding, data_format, **kwargs)
