"""Dot: the batched dot product of two tensors, as a layer and as `dot(inputs, axes)`."""

from __future__ import annotations

import string
from collections.abc import Sequence
from typing import Any

from lamina import ops
from lamina.layers.merging.base_merge import Merge
from lamina.typing import Shape, Tensor


class Dot(Merge):
    """Computes the dot product of two tensors sample by sample (Keras `batch_dot`).

    For inputs `x` and `y` and axes `(a, b)`, the output sums `x * y` over `x`'s axis `a`
    paired with `y`'s axis `b`, separately for each sample of the batch (axis 0). Its shape is
    `x`'s shape without axis `a`, followed by `y`'s shape without its batch axis and axis `b`;
    an output of rank 1 gets a trailing axis of size 1. The output has no mask.

    Args:
        axes: An int (the same axis in both inputs) or a list/tuple of two ints (one axis per
            input). Negative axes count from the end; the batch axis 0 cannot be used.
        normalize: Whether to L2-normalize both inputs along their axes first, so that the
            result is the cosine proximity.
        **kwargs: Standard layer arguments (`name`, `dtype`, `trainable`).

    Input shape: two shapes of rank >= 2 whose sizes on the dot axes are equal.
    Output shape: as described above, e.g. `(batch, 1)` for two `(batch, n)` inputs.

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> y = lamina.ops.convert_to_tensor([[5.0, 6.0], [7.0, 8.0]])
        >>> lamina.ops.convert_to_numpy(lamina.layers.Dot(axes=1)([x, y])).tolist()
        [[17.0], [53.0]]
    """

    _exact_inputs = 2

    def __init__(self, axes: int | Sequence[int], normalize: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if isinstance(axes, (list, tuple)):
            if len(axes) != 2 or not all(_is_int(a) for a in axes):
                raise ValueError(
                    f"Dot '{self.name}': axes must be an int or a list of 2 ints, received "
                    f"{axes!r}."
                )
        elif not _is_int(axes):
            raise TypeError(
                f"Dot '{self.name}': axes must be an int or a list of 2 ints, received {axes!r}."
            )
        self.axes: int | list[int] = axes if isinstance(axes, int) else list(axes)
        self.normalize = normalize
        self.supports_masking = True

    def build(self, input_shape: Sequence[Shape]) -> None:
        self._dot_shape(self._input_shapes(input_shape))

    def call(self, inputs: Sequence[Tensor]) -> Tensor:
        x, y = inputs
        rank_x, rank_y = len(ops.shape(x)), len(ops.shape(y))
        axis_x, axis_y = self._resolved_axes(rank_x, rank_y)
        if self.normalize:
            x = ops.normalize(x, axis=axis_x)
            y = ops.normalize(y, axis=axis_y)
        output = ops.einsum(_batch_dot_subscripts(rank_x, rank_y, axis_x, axis_y), x, y)
        if rank_x + rank_y == 4:
            output = ops.expand_dims(output, axis=-1)
        return output

    def compute_output_shape(self, input_shape: Sequence[Shape]) -> Shape:
        return self._dot_shape(self._input_shapes(input_shape))

    def compute_mask(self, inputs: Any, mask: Any = None) -> None:
        """Returns None: the dot product sums over the masked axes, so no mask remains."""
        return None

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"axes": self.axes, "normalize": self.normalize})
        return config

    def _resolved_axes(self, rank_x: int, rank_y: int) -> tuple[int, int]:
        pair = self.axes if isinstance(self.axes, list) else [self.axes, self.axes]
        axis_x, axis_y = pair[0], pair[1]
        for axis, rank, which in ((axis_x, rank_x, 0), (axis_y, rank_y, 1)):
            if rank < 2 or not -rank <= axis < rank or axis % rank == 0:
                raise ValueError(
                    f"Dot '{self.name}': axes={self.axes!r} is invalid for input {which} of rank "
                    f"{rank}: it must name a non-batch axis (1 to {rank - 1}, or negative) of an "
                    "input of rank >= 2."
                )
        return axis_x % rank_x, axis_y % rank_y

    def _dot_shape(self, shapes: list[Shape]) -> Shape:
        shape_x, shape_y = shapes
        self._batch_size(shapes)
        axis_x, axis_y = self._resolved_axes(len(shape_x), len(shape_y))
        size_x, size_y = shape_x[axis_x], shape_y[axis_y]
        if size_x is not None and size_y is not None and size_x != size_y:
            raise ValueError(
                f"Dot '{self.name}': incompatible axes: input 0 of shape {shape_x} has size "
                f"{size_x} on axis {axis_x}, but input 1 of shape {shape_y} has size {size_y} on "
                f"axis {axis_y}. The dot axes must have the same size."
            )
        batch = shape_x[0] if shape_x[0] is not None else shape_y[0]
        rest_x = [d for i, d in enumerate(shape_x) if i not in (0, axis_x)]
        rest_y = [d for i, d in enumerate(shape_y) if i not in (0, axis_y)]
        output = (batch, *rest_x, *rest_y)
        return output if len(output) > 1 else (batch, 1)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _batch_dot_subscripts(rank_x: int, rank_y: int, axis_x: int, axis_y: int) -> str:
    """Returns the einsum subscripts of a dot over `axis_x`/`axis_y`, per sample of axis 0."""
    letters = iter(string.ascii_letters[2:])
    labels_x = ["a"] + [next(letters) for _ in range(rank_x - 1)]
    labels_y = ["a"] + [next(letters) for _ in range(rank_y - 1)]
    labels_x[axis_x] = labels_y[axis_y] = "b"
    kept_x = [label for i, label in enumerate(labels_x) if i != axis_x]
    kept_y = [label for i, label in enumerate(labels_y) if i not in (0, axis_y)]
    return f"{''.join(labels_x)},{''.join(labels_y)}->{''.join(kept_x + kept_y)}"


def dot(
    inputs: Sequence[Tensor], axes: int | Sequence[int] = -1, normalize: bool = False, **kwargs: Any
) -> Tensor:
    """Returns the batched dot product of two tensors along `axes`.

    The functional form of the `Dot` layer: `Dot(axes, normalize, **kwargs)(inputs)`.

    Args:
        inputs: A list of 2 tensors of rank >= 2.
        axes: An int, or a list of 2 ints: the axes the dot product is taken along.
        normalize: Whether to L2-normalize the inputs along `axes` first (cosine proximity).
        **kwargs: Standard layer arguments, passed to `Dot`.

    Returns:
        A tensor: the dot product of the samples of `inputs`.

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_tensor([[3.0, 4.0]])
        >>> y = lamina.ops.convert_to_tensor([[6.0, 8.0]])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(
        ...     lamina.layers.dot([x, y], axes=1, normalize=True))[:, 0].tolist()]
        [1.0]
    """
    return Dot(axes=axes, normalize=normalize, **kwargs)(inputs)
