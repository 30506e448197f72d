"""GlobalAveragePooling3D: the mean over all spatial positions of volumes."""

from __future__ import annotations

from typing import Any

from lamina.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalAveragePooling3D(BaseGlobalPooling):
    """Global average pooling for volumes: the mean of each channel over all
    spatial positions.

    Args:
        data_format: `"channels_last"` (`(batch, dim1, dim2, dim3, channels)`) or `"channels_first"`
            (`(batch, channels, dim1, dim2, dim3)`); None uses `lamina.config.image_data_format()`.
        keepdims: Whether the spatial axes stay, with size 1 (default False: they are
            removed, as `ops.mean(..., keepdims=False)` does).

    Input shape: 5D, laid out as `data_format` says. Output shape: `(batch, channels)`,
    or with `keepdims=True` the input's layout with spatial sizes `(1, 1, 1)`.

    Example:
        >>> import lamina
        >>> x = lamina.ops.ones((2, 5, 4, 3, 6))
        >>> lamina.ops.shape(lamina.layers.GlobalAveragePooling3D()(x))
        (2, 6)
        >>> lamina.ops.shape(lamina.layers.GlobalAveragePooling3D(keepdims=True)(x))
        (2, 1, 1, 1, 6)
    """

    rank = 3
    mode = "average"

    def __init__(
        self, data_format: str | None = None, keepdims: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(data_format, keepdims, **kwargs)
