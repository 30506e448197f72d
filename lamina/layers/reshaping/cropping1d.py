"""Cropping1D: removes positions at the edges of the spatial axes of temporal data."""

from __future__ import annotations

from typing import Any

from lamina.layers.reshaping.base_spatial_reshaping import BaseCropping


class Cropping1D(BaseCropping):
    """Crops the spatial axes of temporal data: removes positions at their starts and ends.

    Args:
        cropping: How many positions to remove: an int (the same count before and after the axis) or
            a `(before, after)` pair. All counts >= 0.

    Input shape: `(batch, steps, features)`. Output shape: the same layout, each spatial size shrunk
    by its cropping.

    Raises:
        ValueError: for an input of another rank, or a cropping that removes every position
            of a spatial axis.

    Example:
        >>> import lamina
        >>> x = lamina.ops.reshape(lamina.ops.arange(6.0), (1, 3, 2))
        >>> lamina.ops.convert_to_numpy(lamina.layers.Cropping1D(cropping=1)(x)).tolist()
        [[[2.0, 3.0]]]
    """

    rank = 1

    def __init__(
        self,
        cropping: int | tuple[int, int] = (1, 1),
        **kwargs: Any,
    ) -> None:
        super().__init__(cropping, "channels_last", **kwargs)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["data_format"]  # Keras's Cropping1D always crops axis 1.
        return config
