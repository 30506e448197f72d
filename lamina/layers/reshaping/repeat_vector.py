"""RepeatVector: repeats a vector along a new time axis."""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer
from lamina.typing import Shape, Tensor


class RepeatVector(Layer):
    """Repeats each input vector `n` times along a new axis 1.

    Args:
        n: How many copies; a positive int.

    Input shape: `(batch, features)`. Output shape: `(batch, n, features)`.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.RepeatVector(3)
        >>> lamina.ops.shape(layer(lamina.ops.ones((2, 5))))
        (2, 3, 5)
    """

    def __init__(self, n: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not isinstance(n, int) or isinstance(n, bool):
            raise TypeError(
                f"RepeatVector '{self.name}': n must be an int, received {n!r} "
                f"(type {type(n).__name__})."
            )
        if n <= 0:
            raise ValueError(f"RepeatVector '{self.name}': n must be positive, received {n}.")
        self.n = n
        self.input_spec = InputSpec(ndim=2)

    def call(self, inputs: Tensor) -> Tensor:
        return ops.repeat(ops.expand_dims(inputs, 1), self.n, axis=1)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return (input_shape[0], self.n, input_shape[1])

    def get_config(self) -> dict:
        config = super().get_config()
        config["n"] = self.n
        return config
