"""SpatialDropout1D: drops whole channels of a sequence while training."""

from __future__ import annotations

from typing import Any

from lamina.layers.input_spec import InputSpec
from lamina.layers.regularization.dropout import Dropout


class SpatialDropout1D(Dropout):
    """Dropout of whole channels: each `(sample, channel)` pair is kept or dropped at every
    step at once, which suits sequences whose neighbouring steps are strongly correlated.

    Kept values are scaled by `1 / (1 - rate)`. Outside training the inputs pass unchanged.

    Args:
        rate: The fraction of channels to drop, a float in `[0, 1)`.
        seed: An int that makes the masks reproducible, or None.

    Input shape: `(batch, steps, channels)`. Output shape: the input's.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.SpatialDropout1D(0.5, seed=1)
        >>> y = lamina.ops.convert_to_numpy(layer(lamina.ops.ones((2, 3, 4)), training=True))
        >>> bool((y == y[:, :1, :]).all())  # the same channels are dropped at every step
        True
    """

    def __init__(self, rate: float, seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(rate, seed=seed, **kwargs)
        self.input_spec = InputSpec(ndim=3)

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("noise_shape")
        return config

    def _mask_shape(self) -> tuple[int | None, ...]:
        return (None, 1, None)
