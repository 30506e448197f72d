"""ZeroPadding2D: adds zeros around the spatial axes of images."""

from __future__ import annotations

from typing import Any

from lamina.layers.reshaping.base_spatial_reshaping import BaseZeroPadding


class ZeroPadding2D(BaseZeroPadding):
    """Pads the spatial axes of images with zeros.

    Args:
        padding: How many zeros to add: an int (the same count on every side), a tuple of 2 ints
            `(rows, cols)` (symmetric per axis), or a tuple of 2 pairs `((top, bottom),
            (left, right))`. All counts >= 0.
        data_format: `"channels_last"` (`(batch, rows, cols, channels)`) or `"channels_first"`
            (`(batch, channels, rows, cols)`); None uses `lamina.config.image_data_format()`.

    Input shape: 4D, laid out as `data_format` says. Output shape: the same layout, each spatial
    size grown by its padding.

    Raises:
        ValueError: for an input of another rank.

    Example:
        >>> import lamina
        >>> x = lamina.ops.ones((1, 2, 2, 1))
        >>> y = lamina.layers.ZeroPadding2D(padding=((1, 0), (0, 1)))(x)
        >>> lamina.ops.convert_to_numpy(y)[0, :, :, 0].tolist()
        [[0.0, 0.0, 0.0], [1.0, 1.0, 0.0], [1.0, 1.0, 0.0]]
    """

    rank = 2

    def __init__(
        self,
        padding: int | tuple[Any, Any] = (1, 1),
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(padding, data_format, **kwargs)
