"""GlobalMaxPooling1D: the maximum over all spatial positions of temporal data."""

from __future__ import annotations

from typing import Any

from lamina.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalMaxPooling1D(BaseGlobalPooling):
    """Global max pooling for temporal data: the maximum of each channel over all
    spatial positions.

    Args:
        data_format: `"channels_last"` (`(batch, steps, features)`) or `"channels_first"`
            (`(batch, features, steps)`); None uses `lamina.config.image_data_format()`.
        keepdims: Whether the spatial axes stay, with size 1 (default False: they are
            removed, as `ops.max(..., keepdims=False)` does).

    Input shape: 3D, laid out as `data_format` says. Output shape: `(batch, channels)`,
    or with `keepdims=True` the input's layout with a spatial size of 1.

    Example:
        >>> import lamina
        >>> x = lamina.ops.ones((2, 5, 3))
        >>> lamina.ops.shape(lamina.layers.GlobalMaxPooling1D()(x))
        (2, 3)
        >>> lamina.ops.shape(lamina.layers.GlobalMaxPooling1D(keepdims=True)(x))
        (2, 1, 3)
    """

    rank = 1
    mode = "max"

    def __init__(
        self, data_format: str | None = None, keepdims: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(data_format, keepdims, **kwargs)
