"""AlphaDropout: dropout that keeps the mean and variance of self-normalizing (SELU) nets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import backend, ops, random
from lamina.layers.layer import Layer
from lamina.layers.regularization.argument_checks import check_rate
from lamina.typing import Shape, Tensor

# SELU's constants: dropped entries take SELU's negative saturation value.
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


class AlphaDropout(Layer):
    """Dropout for SELU networks: keeps the inputs' mean and variance while training.

    Dropped entries are set to SELU's saturation value `-alpha * scale`, then everything is
    mapped affinely (`a * x + b`) so that zero-mean, unit-variance inputs stay so. Outside
    training (`training` falsy) the inputs pass through unchanged.

    Args:
        rate: The fraction of entries to drop, a float in `[0, 1)`.
        noise_shape: The shape of the keep/drop mask, broadcast against the inputs; None
            entries take the input's size. None (default) draws one decision per entry.
        seed: An int that makes the masks reproducible, or None.

    Input shape: any. Output shape: the input's.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.AlphaDropout(0.2, seed=0)
        >>> x = lamina.random.normal((20000,), seed=1)
        >>> y = lamina.ops.convert_to_numpy(layer(x, training=True))
        >>> abs(float(y.mean())) < 0.05, round(float(y.std()), 1)
        (True, 1.0)
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
        if not backend.is_float_dtype(ops.dtype(inputs)):
            inputs = ops.cast(inputs, self.compute_dtype)
        dtype = ops.dtype(inputs)
        draws = random.uniform(self._mask_shape(inputs), dtype=dtype, seed=self.seed_generator)
        kept = ops.cast(ops.greater_equal(draws, self.rate), dtype)
        saturation = -_SELU_ALPHA * _SELU_SCALE
        a = ((1.0 - self.rate) * (1.0 + self.rate * saturation**2)) ** -0.5
        b = -a * saturation * self.rate
        x = ops.add(ops.multiply(inputs, kept), ops.multiply(ops.subtract(1.0, kept), saturation))
        return ops.add(ops.multiply(x, a), b)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"rate": self.rate, "seed": self.seed, "noise_shape": self.noise_shape})
        return config

    def _mask_shape(self, inputs: Tensor) -> Shape:
        shape = tuple(ops.shape(inputs))
        if self.noise_shape is None:
            return shape
        if len(self.noise_shape) != len(shape) or any(
            n is not None and n not in (1, d) for n, d in zip(self.noise_shape, shape)
        ):
            raise ValueError(
                f"AlphaDropout '{self.name}': noise_shape {self.noise_shape} must have the "
                f"rank of the inputs and broadcast to their shape {shape}."
            )
        return tuple(d if n is None else n for n, d in zip(self.noise_shape, shape))
