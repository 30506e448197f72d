"""PReLU: a leaky rectifier whose negative slopes are learned."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import constraints, initializers, ops, regularizers
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer
from lamina.typing import Shape, Tensor


class PReLU(Layer):
    """Parametric ReLU: `x` where `x >= 0`, else `alpha * x`, with `alpha` learned.

    `alpha` has one entry per input position (the input shape without the batch axis); axes
    listed in `shared_axes` get size 1, so one slope serves the whole axis (e.g.
    `shared_axes=[1, 2]` for one slope per channel of `(batch, rows, cols, channels)` images).

    Args:
        alpha_initializer: Initializer of `alpha`.
        alpha_regularizer: Optional regularizer of `alpha`.
        alpha_constraint: Optional constraint on `alpha`.
        shared_axes: An axis, or a list of axes (1 = the first after the batch axis), along
            which the slopes are shared; None shares none.

    Input shape: `(batch, ...)`, the non-shared axes known. Output shape: the input's.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.PReLU(alpha_initializer="ones", shared_axes=[1])
        >>> y = layer(lamina.ops.convert_to_tensor([[[-2.0, 3.0], [-1.0, 0.5]]]))
        >>> lamina.ops.convert_to_numpy(y).tolist(), tuple(layer.alpha.shape)
        ([[[-2.0, 3.0], [-1.0, 0.5]]], (1, 2))
    """

    def __init__(
        self,
        alpha_initializer: Any = "Zeros",
        alpha_regularizer: Any = None,
        alpha_constraint: Any = None,
        shared_axes: int | Sequence[int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes: list[int] | None = None
        elif isinstance(shared_axes, int):
            self.shared_axes = [shared_axes]
        else:
            self.shared_axes = list(shared_axes)
        self.supports_masking = True

    def build(self, input_shape: Shape) -> None:
        rank = len(input_shape)
        shared = self._shared_positions(rank)
        sizes = [1 if axis in shared else input_shape[axis] for axis in range(1, rank)]
        alpha_shape = [size for size in sizes if size is not None]
        if len(alpha_shape) != len(sizes):
            raise ValueError(
                f"PReLU '{self.name}' needs the size of every non-shared axis to build alpha, "
                f"received input shape {tuple(input_shape)}. Add the unknown axes to "
                "shared_axes or give them a fixed size."
            )
        self.alpha = self.add_weight(
            shape=alpha_shape,
            initializer=self.alpha_initializer,
            regularizer=self.alpha_regularizer,
            constraint=self.alpha_constraint,
            name="alpha",
        )
        axes = {axis: size for axis, size in enumerate(alpha_shape, 1) if axis not in shared}
        self.input_spec = InputSpec(ndim=rank, axes=axes)

    def call(self, inputs: Tensor) -> Tensor:
        negative_part = ops.multiply(self.alpha, ops.relu(ops.negative(inputs)))
        return ops.subtract(ops.relu(inputs), negative_part)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "alpha_initializer": initializers.serialize(self.alpha_initializer),
                "alpha_regularizer": _maybe(regularizers.serialize, self.alpha_regularizer),
                "alpha_constraint": _maybe(constraints.serialize, self.alpha_constraint),
                "shared_axes": self.shared_axes,
            }
        )
        return config

    def _shared_positions(self, rank: int) -> set[int]:
        positions = set()
        for axis in self.shared_axes or ():
            valid = isinstance(axis, int) and not isinstance(axis, bool)
            position = axis + rank if valid and axis < 0 else axis
            if not valid or not 1 <= position < rank:
                raise ValueError(
                    f"PReLU '{self.name}': shared_axes must name axes 1 to {rank - 1} of "
                    f"inputs of rank {rank} (the batch axis 0 cannot be shared), received "
                    f"shared_axes={self.shared_axes}."
                )
            positions.add(position)
        return positions


def _maybe(fn: Any, value: Any) -> Any:
    return None if value is None else fn(value)
