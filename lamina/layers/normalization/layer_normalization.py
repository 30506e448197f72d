"""LayerNormalization: normalizes each sample over its feature axes."""

from __future__ import annotations

from typing import Any

from lamina import constraints, initializers, ops, regularizers
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer
from lamina.layers.normalization.feature_axes import (
    axis_sizes,
    broadcast_parameter,
    check_axis_argument,
    computation_dtype,
    resolve_axes,
    serialize_optional,
)
from lamina.typing import Shape, Tensor


class LayerNormalization(Layer):
    """Normalizes each sample to zero mean and unit variance over `axis`, then scales and
    shifts it: `gamma * (x - mean) / sqrt(variance + epsilon) + beta`.

    With `rms_scaling=True` it skips centering and divides by the root mean square instead:
    `x * gamma / sqrt(mean(x**2) + epsilon)` (no `beta` is created).

    Args:
        axis: The axis or list of axes to normalize over; `gamma` and `beta` span them.
        epsilon: Added to the variance to avoid dividing by zero.
        center: Whether to learn the shift `beta`.
        scale: Whether to learn the scale `gamma`.
        rms_scaling: Whether to normalize by the root mean square only (see above).
        beta_initializer, gamma_initializer: Initializers of `beta` and `gamma`.
        beta_regularizer, gamma_regularizer: Optional regularizers.
        beta_constraint, gamma_constraint: Optional constraints.

    Input shape: any, with known sizes on `axis`. Output shape: the input shape.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.LayerNormalization()
        >>> y = layer(lamina.ops.convert_to_tensor([[1.0, 3.0], [2.0, 6.0]]))
        >>> [[round(v, 2) for v in row] for row in lamina.ops.convert_to_numpy(y).tolist()]
        [[-1.0, 1.0], [-1.0, 1.0]]
    """

    def __init__(
        self,
        axis: int | list[int] = -1,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        rms_scaling: bool = False,
        beta_initializer: Any = "zeros",
        gamma_initializer: Any = "ones",
        beta_regularizer: Any = None,
        gamma_regularizer: Any = None,
        beta_constraint: Any = None,
        gamma_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.axis = check_axis_argument(self, axis)
        self.epsilon = float(epsilon)
        self.center = center
        self.scale = scale
        self.rms_scaling = rms_scaling
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True

    def build(self, input_shape: Shape) -> None:
        self._axes = resolve_axes(self, self.axis, input_shape)
        shape = axis_sizes(input_shape, self._axes)
        self.gamma = None
        if self.scale or self.rms_scaling:
            self.gamma = self.add_weight(
                shape=shape,
                initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint,
                autocast=False,
                name="gamma",
            )
        self.beta = None
        if self.center and not self.rms_scaling:
            self.beta = self.add_weight(
                shape=shape,
                initializer=self.beta_initializer,
                regularizer=self.beta_regularizer,
                constraint=self.beta_constraint,
                autocast=False,
                name="beta",
            )
        self.input_spec = InputSpec(ndim=len(input_shape), axes=dict(zip(self._axes, shape)))

    def call(self, inputs: Tensor) -> Tensor:
        dtype = computation_dtype(inputs)
        x = ops.cast(inputs, dtype)
        rank = len(ops.shape(x))
        if self.rms_scaling:
            mean_square = ops.mean(ops.square(x), axis=self._axes, keepdims=True)
            outputs = ops.multiply(x, ops.rsqrt(ops.add(mean_square, self.epsilon)))
        else:
            mean, variance = ops.moments(x, axes=self._axes, keepdims=True)
            inverse_std = ops.rsqrt(ops.add(variance, self.epsilon))
            outputs = ops.multiply(ops.subtract(x, mean), inverse_std)
        if self.gamma is not None:
            outputs = ops.multiply(
                outputs, broadcast_parameter(self.gamma, self._axes, rank, dtype)
            )
        if self.beta is not None:
            outputs = ops.add(outputs, broadcast_parameter(self.beta, self._axes, rank, dtype))
        return ops.cast(outputs, ops.dtype(inputs))

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "axis": self.axis,
                "epsilon": self.epsilon,
                "center": self.center,
                "scale": self.scale,
                "rms_scaling": self.rms_scaling,
                "beta_initializer": initializers.serialize(self.beta_initializer),
                "gamma_initializer": initializers.serialize(self.gamma_initializer),
                "beta_regularizer": serialize_optional(
                    regularizers.serialize, self.beta_regularizer
                ),
                "gamma_regularizer": serialize_optional(
                    regularizers.serialize, self.gamma_regularizer
                ),
                "beta_constraint": serialize_optional(constraints.serialize, self.beta_constraint),
                "gamma_constraint": serialize_optional(
                    constraints.serialize, self.gamma_constraint
                ),
            }
        )
        return config
