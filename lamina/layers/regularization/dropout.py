"""Dropout: zeroes random entries while training and rescales the rest."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import random
from lamina.layers.layer import Layer
from lamina.layers.regularization.argument_checks import check_rate
from lamina.typing import Shape, Tensor


class Dropout(Layer):
    """Sets each input entry to 0 with probability `rate` while training, and scales the
    others by `1 / (1 - rate)` so that the expected sum is unchanged.

    Outside training (`training` falsy) the inputs pass through unchanged.

    Args:
        rate: The fraction of entries to drop, a float in `[0, 1)`.
        noise_shape: The shape of the keep/drop mask, broadcast against the inputs; e.g.
            `(batch, 1, features)` drops the same features at every step. None entries take
            the input's size. None (default) draws one decision per entry.
        seed: An int that makes the masks reproducible, or None.

    Input shape: any. Output shape: the input's.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.Dropout(0.5, seed=0)
        >>> x = lamina.ops.ones((2, 4))
        >>> lamina.ops.convert_to_numpy(layer(x)).tolist()
        [[1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0]]
        >>> values = lamina.ops.convert_to_numpy(layer(x, training=True))
        >>> set(values.ravel().tolist()) <= {0.0, 2.0}
        True
    """

    def __init__(
        self,
        rate: float,
        noise_shape: Sequence[int | None] | None = None,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.rate = check_rate(self, rate)
        self.noise_shape = None if noise_shape is None else tuple(noise_shape)
        self.seed = seed
        self.seed_generator = random.SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Tensor, training: bool | None = None) -> Tensor:
        if not training or self.rate == 0.0:
            return inputs
        return random.dropout(
            inputs, self.rate, noise_shape=self._mask_shape(), seed=self.seed_generator
        )

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"rate": self.rate, "seed": self.seed, "noise_shape": self.noise_shape})
        return config

    def _mask_shape(self) -> tuple[int | None, ...] | None:
        return self.noise_shape
