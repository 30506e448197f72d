"""Concatenate: joins a list of tensors along one axis, as a layer and as `concatenate(inputs)`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import ops
from lamina.layers.merging.base_merge import Merge
from lamina.typing import Shape, Tensor


class Concatenate(Merge):
    """Concatenates a list of inputs along `axis`.

    The inputs must have the same rank and the same sizes on every axis except `axis`.
    The output mask (when some input is masked) follows Keras: each mask is broadcast to its
    input's shape (unmasked inputs count as all true), the masks are concatenated along `axis`,
    and the result is reduced with `any` over the last axis.

    Args:
        axis: The axis to concatenate along.
        **kwargs: Standard layer arguments (`name`, `dtype`, `trainable`).

    Input shape: a list of shapes equal except on `axis`.
    Output shape: the common shape, with the sizes on `axis` summed.

    Example:
        >>> import lamina
        >>> x = lamina.ops.ones((2, 3))
        >>> y = lamina.ops.zeros((2, 4))
        >>> tuple(lamina.ops.shape(lamina.layers.Concatenate()([x, y])))
        (2, 7)
    """

    # Like Keras, a list holding a single tensor is accepted (and returned as it is).
    _min_inputs = 1

    def __init__(self, axis: int = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not isinstance(axis, int) or isinstance(axis, bool):
            raise TypeError(f"Concatenate '{self.name}': axis must be an int, received {axis!r}.")
        self.axis = axis

    def build(self, input_shape: Sequence[Shape]) -> None:
        self._concatenated_shape(self._input_shapes(input_shape))

    def call(self, inputs: Sequence[Tensor]) -> Tensor:
        return ops.concatenate(list(inputs), axis=self.axis)

    def compute_output_shape(self, input_shape: Sequence[Shape]) -> Shape:
        return self._concatenated_shape(self._input_shapes(input_shape))

    def compute_mask(self, inputs: Any, mask: Any = None) -> Tensor | None:
        """Returns the Keras concatenation of the masks (None when no input has a mask)."""
        if mask is None:
            return None
        masks = mask if isinstance(mask, (list, tuple)) else [mask]
        if all(m is None for m in masks):
            return None
        full_masks = []
        for x, m in zip(inputs, masks):
            everywhere = ops.ones_like(x, dtype="bool")
            if m is None:
                full_masks.append(everywhere)
            elif len(ops.shape(m)) < len(ops.shape(x)):
                full_masks.append(ops.logical_and(ops.expand_dims(m, axis=-1), everywhere))
            else:
                full_masks.append(ops.cast(m, "bool"))
        return ops.any(ops.concatenate(full_masks, axis=self.axis), axis=-1)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"axis": self.axis})
        return config

    def _concatenated_shape(self, shapes: list[Shape]) -> Shape:
        rank = len(shapes[0])
        if any(len(shape) != rank for shape in shapes):
            raise ValueError(
                f"Concatenate '{self.name}': the inputs must all have the same rank, but "
                f"received shapes {shapes}."
            )
        if not -rank <= self.axis < rank:
            raise ValueError(
                f"Concatenate '{self.name}': axis {self.axis} is out of range for inputs of "
                f"rank {rank} (shapes {shapes})."
            )
        axis = self.axis % rank
        result: list[int | None] = list(shapes[0])
        for shape in shapes[1:]:
            for position, size in enumerate(shape):
                if position == axis:
                    known = result[axis] is not None and size is not None
                    result[axis] = result[axis] + size if known else None  # type: ignore[operator]
                elif result[position] is None:
                    result[position] = size
                elif size is not None and size != result[position]:
                    other = next(s for s in shapes if s[position] == result[position])
                    raise ValueError(
                        f"Concatenate '{self.name}': the inputs must have the same size on "
                        f"every axis except the concatenation axis {self.axis}, but received "
                        f"shapes {other} and {shape} (they differ on axis {position})."
                    )
        return tuple(result)


def concatenate(inputs: Sequence[Tensor], axis: int = -1, **kwargs: Any) -> Tensor:
    """Returns `inputs` concatenated along `axis`.

    The functional form of the `Concatenate` layer: `Concatenate(axis, **kwargs)(inputs)`.

    Args:
        inputs: A list of tensors equal in shape except on `axis`.
        axis: The axis to concatenate along.
        **kwargs: Standard layer arguments, passed to `Concatenate`.

    Returns:
        A tensor: the concatenation of `inputs` along `axis`.

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_tensor([[1.0], [2.0]])
        >>> y = lamina.ops.convert_to_tensor([[3.0], [4.0]])
        >>> lamina.ops.convert_to_numpy(lamina.layers.concatenate([x, y], axis=0)).tolist()
        [[1.0], [2.0], [3.0], [4.0]]
    """
    return Concatenate(axis=axis, **kwargs)(inputs)
