"""EinsumDense: a dense layer whose contraction is an einsum equation."""

from __future__ import annotations

from typing import Any

from lamina import activations, constraints, initializers, ops, regularizers
from lamina.layers.core.einsum_shapes import analyze_equation
from lamina.layers.layer import Layer
from lamina.typing import Shape, Tensor


class EinsumDense(Layer):
    """Contracts the input with a kernel along an einsum equation, adds a bias, activates.

    Args:
        equation: An equation `"X,Y->Z"` with the input's labels `X`, the kernel's `Y` and
            the output's `Z`; `...` may stand for leading (`"...b,bc->...c"`) or trailing
            (`"ab...,bc->ac..."`) input axes.
        output_shape: The output's shape without the batch axis (an int for rank 2); None
            entries take the size of the matching input axis.
        activation: Name or callable applied last; `None` leaves the result linear.
        bias_axes: Output labels that get a bias (e.g. `"c"`), or None for no bias.
        kernel_initializer: Initializer of the kernel.
        bias_initializer: Initializer of the bias.
        kernel_regularizer, bias_regularizer, activity_regularizer: Optional regularizers.
        kernel_constraint, bias_constraint: Optional constraints.

    Input shape: as labelled by `X`. Output shape: `(batch, *output_shape)`, with elided axes
    kept where `...` stands.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.EinsumDense("abc,cd->abd", output_shape=(None, 4), bias_axes="d")
        >>> lamina.ops.shape(layer(lamina.ops.ones((2, 5, 3))))
        (2, 5, 4)
        >>> [tuple(w.shape) for w in layer.weights]
        [(3, 4), (4,)]
    """

    def __init__(
        self,
        equation: str,
        output_shape: int | Shape,
        activation: Any = None,
        bias_axes: str | None = None,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        lora_rank: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if not isinstance(equation, str):
            raise ValueError(
                f"EinsumDense '{self.name}': equation must be a string such as 'ab,bc->ac', "
                f"received {equation!r}."
            )
        if lora_rank is not None:
            raise NotImplementedError(
                f"EinsumDense '{self.name}': LoRA (lora_rank={lora_rank!r}) is not supported "
                "yet; pass lora_rank=None."
            )
        self.equation = equation
        self.partial_output_shape = _as_shape_tuple(self, output_shape)
        self.activation = activations.get(activation)
        self.bias_axes = bias_axes
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.full_output_shape: Shape | None = None

    def build(self, input_shape: Shape) -> None:
        shapes = self._analyze(input_shape)
        self.full_output_shape = shapes.output_shape
        self.kernel = self.add_weight(
            shape=shapes.kernel_shape,
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
            name="kernel",
        )
        self.bias = None
        if shapes.bias_shape is not None:
            self.bias = self.add_weight(
                shape=shapes.bias_shape,
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
                name="bias",
            )

    def call(self, inputs: Tensor) -> Tensor:
        x = ops.einsum(self.equation, inputs, self.kernel)
        if self.bias is not None:
            x = ops.add(x, self.bias)
        return self.activation(x)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return self._analyze(input_shape).output_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "equation": self.equation,
                "output_shape": self.partial_output_shape,
                "activation": activations.serialize(self.activation),
                "bias_axes": self.bias_axes,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "kernel_regularizer": _maybe(regularizers.serialize, self.kernel_regularizer),
                "bias_regularizer": _maybe(regularizers.serialize, self.bias_regularizer),
                "kernel_constraint": _maybe(constraints.serialize, self.kernel_constraint),
                "bias_constraint": _maybe(constraints.serialize, self.bias_constraint),
            }
        )
        return config

    def _analyze(self, input_shape: Shape) -> Any:
        where = f"EinsumDense '{self.name}'"
        return analyze_equation(
            where, self.equation, self.bias_axes, tuple(input_shape), self.partial_output_shape
        )


def _as_shape_tuple(layer: Layer, output_shape: Any) -> tuple:
    if isinstance(output_shape, int) and not isinstance(output_shape, bool):
        output_shape = (output_shape,)
    if not isinstance(output_shape, (list, tuple)) or not all(
        d is None or (isinstance(d, int) and not isinstance(d, bool) and d > 0)
        for d in output_shape
    ):
        raise ValueError(
            f"EinsumDense '{layer.name}': output_shape must be a positive int or a tuple of "
            f"positive ints and None (without the batch axis), received {output_shape!r}."
        )
    return tuple(output_shape)


def _maybe(fn: Any, value: Any) -> Any:
    return None if value is None else fn(value)
