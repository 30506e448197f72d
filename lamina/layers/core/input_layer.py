"""InputLayer and `Input()`: the entry points of a Functional model's graph."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import backend
from lamina.backend.common.symbolic_tensor import OpCall, SymbolicTensor
from lamina.layers.layer import Layer


class InputLayer(Layer):
    """The layer behind `Input()`: it owns the graph's input SymbolicTensor.

    Args:
        shape: The input's shape without the batch axis, e.g. `(28, 28, 1)`.
        batch_size: A fixed batch size, or None.
        dtype: The input's dtype (default `floatx()`).
        batch_shape: The full shape including the batch axis (instead of shape/batch_size).
        name: The layer's name.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.InputLayer(shape=(3,))
        >>> layer.output.shape
        (None, 3)
    """

    def __init__(
        self,
        shape: Sequence[int | None] | None = None,
        batch_size: int | None = None,
        dtype: Any = None,
        sparse: bool | None = None,
        batch_shape: Sequence[int | None] | None = None,
        input_tensor: Any = None,
        optional: bool = False,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.pop("ragged", None)
        super().__init__(name=name, **kwargs)
        if batch_shape is None:
            if shape is None:
                raise ValueError(
                    f"InputLayer '{self.name}' needs a shape (without the batch axis) or a "
                    "batch_shape, e.g. Input(shape=(28, 28, 1))."
                )
            if isinstance(shape, int):
                shape = (shape,)
            batch_shape = (batch_size, *tuple(shape))
        self.batch_shape = tuple(batch_shape)
        self.input_dtype = backend.standardize_dtype(dtype)
        self.sparse = bool(sparse)
        self.optional = optional
        self.built = True
        node = OpCall(self, (), {})
        tensor = SymbolicTensor(self.batch_shape, self.input_dtype, name=self.name, op=node)
        node.outputs = tensor
        self._inbound_nodes.append(node)

    def call(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError(f"InputLayer '{self.name}' is a graph entry point and cannot be called.")

    def get_config(self) -> dict:
        return {
            "batch_shape": list(self.batch_shape),
            "dtype": self.input_dtype,
            "sparse": self.sparse,
            "name": self.name,
        }


def Input(  # noqa: N802 - Keras's name
    shape: Sequence[int | None] | None = None,
    batch_size: int | None = None,
    dtype: Any = None,
    sparse: bool | None = None,
    batch_shape: Sequence[int | None] | None = None,
    name: str | None = None,
    tensor: Any = None,
    optional: bool = False,
) -> SymbolicTensor:
    """Returns a symbolic input tensor, the start of a Functional model.

    Args:
        shape: The shape without the batch axis; None for variable-size dims.
        batch_size: A fixed batch size, or None.
        dtype: The dtype (default `floatx()`).
        batch_shape: The full shape, batch axis included (instead of shape and batch_size).
        name: The name of the underlying InputLayer.

    Example:
        >>> import lamina
        >>> x = lamina.Input(shape=(None, 8), dtype="int32")
        >>> x.shape, x.dtype
        ((None, None, 8), 'int32')
    """
    layer = InputLayer(
        shape=shape,
        batch_size=batch_size,
        dtype=dtype,
        sparse=sparse,
        batch_shape=batch_shape,
        name=name,
        optional=optional,
    )
    return layer.output
