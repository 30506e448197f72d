"""GaussianDropout: multiplies by mean-one normal noise while training."""

from __future__ import annotations

import math
from typing import Any

from lamina import backend, ops, random
from lamina.layers.layer import Layer
from lamina.layers.regularization.argument_checks import check_rate
from lamina.typing import Shape, Tensor


class GaussianDropout(Layer):
    """Multiplies every entry by noise drawn from `N(1, rate / (1 - rate))` while training:
    the multiplicative noise has the variance of Dropout's with the same `rate`.

    Outside training (`training` falsy) the inputs pass through unchanged.

    Args:
        rate: The equivalent drop probability, a float in `[0, 1)`.
        seed: An int that makes the noise reproducible, or None.

    Input shape: any. Output shape: the input's.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.GaussianDropout(0.2, seed=0)
        >>> y = lamina.ops.convert_to_numpy(layer(lamina.ops.ones((10000,)), training=True))
        >>> round(float(y.mean()), 1), round(float(y.std()), 1)
        (1.0, 0.5)
    """

    def __init__(self, rate: float, seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rate = check_rate(self, rate)
        self.seed = seed
        self.seed_generator = random.SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Tensor, training: bool | None = None) -> Tensor:
        if not training or self.rate == 0.0:
            return inputs
        if not backend.is_float_dtype(ops.dtype(inputs)):
            inputs = ops.cast(inputs, self.compute_dtype)
        noise = random.normal(
            ops.shape(inputs),
            mean=1.0,
            stddev=math.sqrt(self.rate / (1.0 - self.rate)),
            dtype=ops.dtype(inputs),
            seed=self.seed_generator,
        )
        return ops.multiply(inputs, noise)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"rate": self.rate, "seed": self.seed})
        return config
