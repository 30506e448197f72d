"""Permute: reorders the axes after the batch axis."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import ops
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer
from lamina.typing import Shape, Tensor


class Permute(Layer):
    """Permutes the non-batch axes of each sample.

    Args:
        dims: The new order of the axes after the batch axis, counted from 1: `(2, 1)` swaps
            the two axes of a rank-3 input.

    Input shape: `(batch, *sizes)` with `len(dims)` sizes. Output shape: the sizes reordered.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.Permute((2, 1))
        >>> lamina.ops.shape(layer(lamina.ops.ones((4, 2, 3))))
        (4, 3, 2)
    """

    def __init__(self, dims: Sequence[int], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        valid = isinstance(dims, (tuple, list)) and all(
            isinstance(d, int) and not isinstance(d, bool) for d in dims
        )
        if not valid or sorted(dims) != list(range(1, len(dims) + 1)):
            raise ValueError(
                f"Permute '{self.name}': dims must hold each of 1, ..., len(dims) once (the "
                f"non-batch axes, counted from 1), received {dims!r}."
            )
        self.dims = tuple(dims)
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)

    def call(self, inputs: Tensor) -> Tensor:
        return ops.transpose(inputs, (0, *self.dims))

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return (input_shape[0], *(input_shape[d] for d in self.dims))

    def get_config(self) -> dict:
        config = super().get_config()
        config["dims"] = self.dims
        return config
