"""Subtract: the element-wise difference of two tensors, as a layer and as `subtract(inputs)`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import ops
from lamina.layers.merging.base_merge import Merge
from lamina.typing import Tensor


class Subtract(Merge):
    """Subtracts the second of two inputs from the first, element-wise.

    Takes a list of exactly 2 tensors whose shapes broadcast together (the batch axis must
    agree) and returns `inputs[0] - inputs[1]`. The output mask is the AND of the inputs' masks.

    Args:
        **kwargs: Standard layer arguments (`name`, `dtype`, `trainable`).

    Input shape: a list of two `(batch, ...)` shapes. Output shape: their broadcast shape.

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_tensor([[1.0, 2.0]])
        >>> y = lamina.ops.convert_to_tensor([[3.0, 5.0]])
        >>> lamina.ops.convert_to_numpy(lamina.layers.Subtract()([x, y])).tolist()
        [[-2.0, -3.0]]
    """

    _exact_inputs = 2

    def _merge_function(self, inputs: list[Tensor]) -> Tensor:
        return ops.subtract(inputs[0], inputs[1])


def subtract(inputs: Sequence[Tensor], **kwargs: Any) -> Tensor:
    """Returns `inputs[0] - inputs[1]`, element-wise.

    The functional form of the `Subtract` layer: `Subtract(**kwargs)(inputs)`.

    Args:
        inputs: A list of exactly 2 tensors whose shapes broadcast together.
        **kwargs: Standard layer arguments, passed to `Subtract`.

    Returns:
        A tensor: the element-wise difference.

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_tensor([[1.0, 2.0]])
        >>> y = lamina.ops.convert_to_tensor([[3.0, 5.0]])
        >>> lamina.ops.convert_to_numpy(lamina.layers.subtract([x, y])).tolist()
        [[-2.0, -3.0]]
    """
    return Subtract(**kwargs)(inputs)
