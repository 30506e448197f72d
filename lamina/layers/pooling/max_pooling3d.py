"""MaxPooling3D: maximum over sliding windows of volumes."""

from __future__ import annotations

from typing import Any

from lamina.layers.pooling.base_pooling import BasePooling


class MaxPooling3D(BasePooling):
    """Max pooling for volumes: the maximum of each window of `pool_size`
    positions, the window moving by `strides`.

    Args:
        pool_size: Window size: an int or a tuple of 3 ints.
        strides: Step between windows: an int, a tuple of 3 ints or None
            (default) for `pool_size`.
        padding: `"valid"` (windows inside the input only; output length
            `floor((length - pool_size) / strides) + 1`) or `"same"` (output length
            `ceil(length / strides)`; padded positions never win the maximum).
            Case-insensitive.
        data_format: `"channels_last"` (`(batch, dim1, dim2, dim3, channels)`) or `"channels_first"`
            (`(batch, channels, dim1, dim2, dim3)`); None uses `lamina.config.image_data_format()`.

    Input shape: 5D, laid out as `data_format` says. Output shape: the same layout with
    the spatial sizes `(pooled_dim1, pooled_dim2, pooled_dim3)`.

    Raises:
        ValueError: for an input of another rank, or a window larger than a `"valid"` input.

    Example:
        >>> import lamina
        >>> x = lamina.ops.ones((2, 4, 5, 6, 3))
        >>> y = lamina.layers.MaxPooling3D(pool_size=2, padding="same")(x)
        >>> lamina.ops.shape(y)
        (2, 2, 3, 3, 3)
    """

    rank = 3
    mode = "max"

    def __init__(
        self,
        pool_size: int | tuple[int, ...] = (2, 2, 2),
        strides: int | tuple[int, ...] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(pool_size, strides, padding, data_format, **kwargs)
