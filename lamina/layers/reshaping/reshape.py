"""Reshape: gives each sample a new shape holding the same values."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from lamina import ops
from lamina.layers.layer import Layer
from lamina.typing import Shape, Tensor


class Reshape(Layer):
    """Reshapes each sample to `target_shape`; the batch axis is kept.

    Args:
        target_shape: The new shape without the batch axis: positive ints and at most one
            `-1`, whose size is inferred from the others.

    Input shape: `(batch, ...)`. Output shape: `(batch, *target_shape)`.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.Reshape((-1, 2))
        >>> lamina.ops.shape(layer(lamina.ops.ones((3, 4, 3))))
        (3, 6, 2)
    """

    def __init__(self, target_shape: Sequence[int], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        valid = isinstance(target_shape, (tuple, list)) and all(
            isinstance(d, int) and not isinstance(d, bool) and (d > 0 or d == -1)
            for d in target_shape
        )
        if not valid or list(target_shape).count(-1) > 1:
            raise ValueError(
                f"Reshape '{self.name}': target_shape must be a tuple of positive ints with at "
                f"most one -1 (without the batch axis), received {target_shape!r}."
            )
        self.target_shape = tuple(target_shape)

    def build(self, input_shape: Shape) -> None:
        # Resolving here reports a size mismatch when the layer is built, not at the first step.
        self.compute_output_shape(input_shape)

    def call(self, inputs: Tensor) -> Tensor:
        shape = self.compute_output_shape(tuple(ops.shape(inputs)))
        return ops.reshape(inputs, tuple(-1 if size is None else size for size in shape))

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        sizes = tuple(input_shape)[1:]
        target = list(self.target_shape)
        if any(size is None for size in sizes):
            return (input_shape[0], *(None if size == -1 else size for size in target))
        total = math.prod(int(size) for size in sizes if size is not None)
        known = math.prod(size for size in target if size != -1)
        if -1 in target:
            if known == 0 or total % known != 0:
                raise self._mismatch(input_shape, total, f"a multiple of {known}")
            target[target.index(-1)] = total // known
        elif known != total:
            raise self._mismatch(input_shape, total, str(known))
        return (input_shape[0], *target)

    def get_config(self) -> dict:
        config = super().get_config()
        config["target_shape"] = self.target_shape
        return config

    def _mismatch(self, input_shape: Shape, total: int, expected: str) -> ValueError:
        return ValueError(
            f"Reshape '{self.name}': target_shape {self.target_shape} needs {expected} values per "
            f"sample, but received an input of shape {tuple(input_shape)} with {total} values "
            "per sample."
        )
