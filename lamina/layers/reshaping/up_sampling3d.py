"""UpSampling3D: repeats each position of volumes along the three spatial axes."""

from __future__ import annotations

from typing import Any

from lamina.layers.reshaping.base_spatial_reshaping import BaseUpSampling


class UpSampling3D(BaseUpSampling):
    """Upsamples volumes by repeating the entries of spatial axis `i` `size[i]` times.

    Args:
        size: The upsampling factors: an int (the same for every axis) or a tuple of 3 ints.
        data_format: `"channels_last"` (`(batch, dim1, dim2, dim3, channels)`) or
            `"channels_first"` (`(batch, channels, dim1, dim2, dim3)`); None uses
            `lamina.config.image_data_format()`.

    Input shape: 5D, laid out as `data_format` says. Output shape: the same layout with spatial
    sizes `(dim1 * size[0], dim2 * size[1], dim3 * size[2])`.

    Raises:
        ValueError: for an input of another rank.

    Example:
        >>> import lamina
        >>> x = lamina.ops.ones((2, 1, 2, 3, 4))
        >>> lamina.ops.shape(lamina.layers.UpSampling3D(size=(2, 1, 3))(x))
        (2, 2, 2, 9, 4)
    """

    rank = 3

    def __init__(
        self,
        size: int | tuple[int, int, int] = (2, 2, 2),
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(size, data_format, **kwargs)
