"""Softmax: normalized exponentials over an axis, with optional masking."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import activations, ops
from lamina.layers.layer import Layer
from lamina.typing import Shape, Tensor


class Softmax(Layer):
    """Softmax over `axis`: `exp(x) / sum(exp(x))`, with masked positions excluded.

    Where `mask` is False a large negative number is added to the input before the softmax
    (so those positions get no probability) and the output there is set to 0.

    Args:
        axis: The axis, or a tuple of axes, to normalize over.

    Call arguments:
        inputs: The logits.
        mask: Optional booleans broadcastable to `inputs`; False marks positions to exclude.

    Input shape: any. Output shape: the input's.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.Softmax()
        >>> x = lamina.ops.convert_to_tensor([[1.0, 1.0, 5.0]])
        >>> mask = lamina.ops.convert_to_tensor([[True, True, False]])
        >>> lamina.ops.convert_to_numpy(layer(x, mask=mask)).tolist()
        [[0.5, 0.5, 0.0]]
    """

    def __init__(self, axis: int | Sequence[int] = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.axis = axis if isinstance(axis, int) else tuple(axis)
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Tensor, mask: Tensor | None = None) -> Tensor:
        if mask is None:
            return activations.softmax(inputs, axis=self.axis)
        dtype = ops.dtype(inputs)
        keep = ops.cast(mask, dtype)
        logits = ops.add(inputs, ops.multiply(ops.subtract(1.0, keep), _large_negative(dtype)))
        return ops.multiply(activations.softmax(logits, axis=self.axis), keep)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config["axis"] = self.axis
        return config


def _large_negative(dtype: str) -> float:
    # float16 overflows past about -6.5e4, so it gets a smaller (still decisive) offset.
    return -3e4 if dtype == "float16" else -1e9
