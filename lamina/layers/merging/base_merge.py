"""Merge: the shared base of the layers that combine a list of tensors element-wise."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import ops
from lamina.layers.layer import Layer
from lamina.typing import Shape, Tensor


class Merge(Layer):
    """Base of layers that combine a list of tensors into one (Add, Maximum, ...).

    The inputs share their batch axis (axis 0); the other axes broadcast as NumPy does, aligned
    from the right: an input of lower rank gets size-1 axes inserted after its batch axis.
    Subclasses implement `_merge_function(inputs)` on a list of same-rank tensors. The output
    mask is the logical AND of the masks of the inputs that have one.

    Args:
        **kwargs: Standard layer arguments (`name`, `dtype`, `trainable`).

    Input shape: a list of `(batch, ...)` shapes that broadcast together.
    Output shape: their broadcast shape.

    Example:
        >>> import lamina
        >>> from lamina.layers.merging.base_merge import Merge
        >>> class Difference(Merge):
        ...     def _merge_function(self, inputs):
        ...         return lamina.ops.abs(lamina.ops.subtract(inputs[0], inputs[1]))
        >>> y = Difference()([lamina.ops.ones((1, 2)), lamina.ops.zeros((1, 2))])
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [[1.0, 1.0]]
    """

    #: The fewest inputs accepted.
    _min_inputs = 2
    #: The exact number of inputs required, or None for "at least `_min_inputs`".
    _exact_inputs: int | None = None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.supports_masking = True
        self._reshape_required = False

    def build(self, input_shape: Sequence[Shape]) -> None:
        shapes = self._input_shapes(input_shape)
        self._broadcast_shapes(shapes)
        self._reshape_required = len({len(shape) for shape in shapes}) > 1

    def call(self, inputs: Sequence[Tensor]) -> Tensor:
        inputs = list(inputs)
        if self._reshape_required:
            max_ndim = max(len(ops.shape(x)) for x in inputs)
            inputs = [_expand_after_batch(x, max_ndim) for x in inputs]
        return self._merge_function(inputs)

    def compute_output_shape(self, input_shape: Sequence[Shape]) -> Shape:
        return self._broadcast_shapes(self._input_shapes(input_shape))

    def compute_mask(self, inputs: Any, mask: Any = None) -> Tensor | None:
        """Returns the AND of the given masks (None when no input has a mask)."""
        if mask is None:
            return None
        masks = mask if isinstance(mask, (list, tuple)) else [mask]
        present = [m for m in masks if m is not None]
        if not present:
            return None
        result = ops.cast(present[0], "bool")
        for other in present[1:]:
            result = ops.logical_and(result, other)
        return result

    def _merge_function(self, inputs: list[Tensor]) -> Tensor:
        raise NotImplementedError(
            f"{type(self).__name__} '{self.name}': subclasses of Merge must implement "
            "_merge_function(inputs)."
        )

    # -- shape checks ----------------------------------------------------------------------------
    def _input_shapes(self, input_shape: Any) -> list[Shape]:
        """Returns `input_shape` as a list of shape tuples, checking how many inputs there are."""
        if _is_shape(input_shape) and len(input_shape) > 0:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' expected a list of "
                f"{self._expected_count()} inputs, but received a single input of shape "
                f"{tuple(input_shape)}. Pass a list, e.g. layer([x, y])."
            )
        shapes = [tuple(shape) for shape in input_shape]
        count = len(shapes)
        too_few = count < self._min_inputs
        if too_few or (self._exact_inputs is not None and count != self._exact_inputs):
            raise ValueError(
                f"{type(self).__name__} '{self.name}' expected a list of "
                f"{self._expected_count()} inputs, but received {count} input(s) of shapes "
                f"{shapes}."
            )
        return shapes

    def _expected_count(self) -> str:
        if self._exact_inputs is not None:
            return f"exactly {self._exact_inputs}"
        return f"at least {self._min_inputs}"

    def _batch_size(self, shapes: Sequence[Shape]) -> int | None:
        """Returns the common batch size (None if unknown), or raises if the inputs disagree."""
        sizes = {shape[0] for shape in shapes if len(shape) > 0} - {None}
        if len(sizes) > 1:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': the inputs must share their batch size "
                f"(axis 0), but received shapes {list(shapes)}."
            )
        return sizes.pop() if sizes else None

    def _broadcast_shapes(self, shapes: Sequence[Shape]) -> Shape:
        batch = self._batch_size(shapes)
        merged: Shape = tuple(shapes[0][1:])
        for shape in shapes[1:]:
            merged = self._broadcast_pair((batch, *merged), tuple(shape))
        return (batch, *merged)

    def _broadcast_pair(self, first: Shape, second: Shape) -> Shape:
        """Broadcasts the non-batch axes of two shapes, aligned from the right."""
        longer, shorter = (first[1:], second[1:])
        if len(longer) < len(shorter):
            longer, shorter = shorter, longer
        offset = len(longer) - len(shorter)
        result = list(longer[:offset])
        for size_a, size_b in zip(longer[offset:], shorter):
            if size_a == 1 or size_a is None and size_b not in (None, 1):
                result.append(size_b)
            elif size_b == 1 or size_b is None or size_a == size_b:
                result.append(size_a)
            else:
                raise ValueError(
                    f"{type(self).__name__} '{self.name}': the inputs have incompatible shapes "
                    f"{first} and {second}: axis sizes {size_a} and {size_b} differ and "
                    "neither is 1, so they do not broadcast."
                )
        return tuple(result)


def _is_shape(value: Any) -> bool:
    return isinstance(value, (tuple, list)) and all(
        d is None or isinstance(d, int) and not isinstance(d, bool) for d in value
    )


def _expand_after_batch(x: Tensor, ndim: int) -> Tensor:
    """Inserts size-1 axes after the batch axis of `x` until it has rank `ndim`."""
    for _ in range(ndim - len(ops.shape(x))):
        x = ops.expand_dims(x, axis=1)
    return x
