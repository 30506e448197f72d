"""Add: the element-wise sum of a list of tensors, as a layer and as `add(inputs)`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import ops
from lamina.layers.merging.base_merge import Merge
from lamina.typing import Tensor


class Add(Merge):
    """Adds a list of inputs element-wise.

    Takes a list of at least 2 tensors whose shapes broadcast together (the batch axis must
    agree; an input of lower rank gets size-1 axes after its batch axis) and returns
    the element-wise sum. The output mask is the AND of the inputs' masks.

    Args:
        **kwargs: Standard layer arguments (`name`, `dtype`, `trainable`).

    Input shape: a list of `(batch, ...)` shapes. Output shape: their broadcast shape.

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_tensor([[1.0, 2.0]])
        >>> y = lamina.ops.convert_to_tensor([[3.0, 4.0]])
        >>> lamina.ops.convert_to_numpy(lamina.layers.Add()([x, y])).tolist()
        [[4.0, 6.0]]
    """

    def _merge_function(self, inputs: list[Tensor]) -> Tensor:
        output = inputs[0]
        for x in inputs[1:]:
            output = ops.add(output, x)
        return output


def add(inputs: Sequence[Tensor], **kwargs: Any) -> Tensor:
    """Returns the element-wise sum of `inputs`.

    The functional form of the `Add` layer: `Add(**kwargs)(inputs)`.

    Args:
        inputs: A list of at least 2 tensors whose shapes broadcast together.
        **kwargs: Standard layer arguments, passed to `Add`.

    Returns:
        A tensor: the element-wise sum of `inputs`.

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_tensor([[1.0, 2.0]])
        >>> y = lamina.ops.convert_to_tensor([[3.0, 4.0]])
        >>> lamina.ops.convert_to_numpy(lamina.layers.add([x, y])).tolist()
        [[4.0, 6.0]]
    """
    return Add(**kwargs)(inputs)
