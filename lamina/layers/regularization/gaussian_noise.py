"""GaussianNoise: adds zero-mean normal noise while training."""

from __future__ import annotations

from typing import Any

from lamina import backend, ops, random
from lamina.layers.layer import Layer
from lamina.layers.regularization.argument_checks import check_non_negative
from lamina.typing import Shape, Tensor


class GaussianNoise(Layer):
    """Adds noise drawn from `N(0, stddev**2)` to every entry while training.

    Outside training (`training` falsy) the inputs pass through unchanged.

    Args:
        stddev: The noise's standard deviation, a float >= 0.
        seed: An int that makes the noise reproducible, or None.

    Input shape: any. Output shape: the input's.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.GaussianNoise(0.1, seed=0)
        >>> x = lamina.ops.zeros((1000,))
        >>> lamina.ops.convert_to_numpy(layer(x)).max().item()
        0.0
        >>> y = lamina.ops.convert_to_numpy(layer(x, training=True))
        >>> round(float(y.std()), 1)
        0.1
    """

    def __init__(self, stddev: float, seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.stddev = check_non_negative(self, "stddev", stddev)
        self.seed = seed
        self.seed_generator = random.SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Tensor, training: bool | None = None) -> Tensor:
        if not training or self.stddev == 0.0:
            return inputs
        if not backend.is_float_dtype(ops.dtype(inputs)):
            inputs = ops.cast(inputs, self.compute_dtype)
        noise = random.normal(
            ops.shape(inputs),
            stddev=self.stddev,
            dtype=ops.dtype(inputs),
            seed=self.seed_generator,
        )
        return ops.add(inputs, noise)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"stddev": self.stddev, "seed": self.seed})
        return config
