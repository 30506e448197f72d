"""ZeroPadding1D: adds zeros around the spatial axes of temporal data."""

from __future__ import annotations

from typing import Any

from lamina.layers.reshaping.base_spatial_reshaping import BaseZeroPadding


class ZeroPadding1D(BaseZeroPadding):
    """Pads the spatial axes of temporal data with zeros.

    Args:
        padding: How many zeros to add: an int (the same count before and after the axis) or a
            `(before, after)` pair. All counts >= 0.
        data_format: `"channels_last"` (`(batch, steps, features)`) or `"channels_first"`
            (`(batch, features, steps)`); None uses `lamina.config.image_data_format()`.

    Input shape: 3D, laid out as `data_format` says. Output shape: the same layout, each spatial
    size grown by its padding.

    Raises:
        ValueError: for an input of another rank.

    Example:
        >>> import lamina
        >>> x = lamina.ops.ones((2, 3, 4))
        >>> lamina.ops.shape(lamina.layers.ZeroPadding1D(padding=(1, 2))(x))
        (2, 6, 4)
    """

    rank = 1

    def __init__(
        self,
        padding: int | tuple[int, int] = 1,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(padding, data_format, **kwargs)
