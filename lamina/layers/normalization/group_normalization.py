"""GroupNormalization: normalizes each sample over groups of channels."""

from __future__ import annotations

from typing import Any, cast

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


class GroupNormalization(Layer):
    """Splits the channels into `groups` groups and normalizes each sample over each group
    (its channels and all other non-batch axes), then scales and shifts each channel.

    `groups=1` gives layer normalization over all non-batch axes; `groups` equal to the number
    of channels (or `-1`) gives instance normalization.

    Args:
        groups: The number of groups; must divide the number of channels. `-1` means one group
            per channel.
        axis: The channel axis (an int).
        epsilon: Added to the variance to avoid dividing by zero.
        center: Whether to learn the per-channel shift `beta`.
        scale: Whether to learn the per-channel scale `gamma`.
        beta_initializer, gamma_initializer: Initializers of `beta` and `gamma`.
        beta_regularizer, gamma_regularizer: Optional regularizers.
        beta_constraint, gamma_constraint: Optional constraints.

    Input shape: `(batch, ...)` with a known number of channels on `axis`. Output shape: the
    input shape.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.GroupNormalization(groups=2)
        >>> y = layer(lamina.ops.convert_to_tensor([[1.0, 3.0, 4.0, 8.0]]))
        >>> [round(v, 2) for v in lamina.ops.convert_to_numpy(y)[0].tolist()]
        [-1.0, 1.0, -1.0, 1.0]
    """

    def __init__(
        self,
        groups: int = 32,
        axis: int = -1,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: Any = "zeros",
        gamma_initializer: Any = "ones",
        beta_regularizer: Any = None,
        gamma_regularizer: Any = None,
        beta_constraint: Any = None,
        gamma_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if (
            isinstance(groups, bool)
            or not isinstance(groups, int)
            or not (groups > 0 or groups == -1)
        ):
            raise ValueError(
                f"GroupNormalization '{self.name}': groups must be a positive int or -1, "
                f"received {groups!r}."
            )
        self.groups = groups
        self.axis = check_axis_argument(self, axis, allow_list=False)
        self.epsilon = float(epsilon)
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True

    def build(self, input_shape: Shape) -> None:
        self._axis = resolve_axes(self, self.axis, input_shape)[0]
        (channels,) = axis_sizes(input_shape, [self._axis])
        self._num_groups = channels if self.groups == -1 else self.groups
        if channels % self._num_groups != 0:
            raise ValueError(
                f"GroupNormalization '{self.name}': groups ({self.groups}) must divide the "
                f"number of channels, received {channels} channels on axis {self.axis} "
                f"(input shape {tuple(input_shape)}). Choose groups among the divisors of "
                f"{channels}."
            )
        self.gamma = None
        if self.scale:
            self.gamma = self.add_weight(
                shape=(channels,),
                initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint,
                autocast=False,
                name="gamma",
            )
        self.beta = None
        if self.center:
            self.beta = self.add_weight(
                shape=(channels,),
                initializer=self.beta_initializer,
                regularizer=self.beta_regularizer,
                constraint=self.beta_constraint,
                autocast=False,
                name="beta",
            )
        self.input_spec = InputSpec(ndim=len(input_shape), axes={self._axis: channels})

    def call(self, inputs: Tensor) -> Tensor:
        dtype = computation_dtype(inputs)
        x = ops.cast(inputs, dtype)
        # `call` only runs eagerly (symbolic calls use compute_output_shape): sizes are known.
        shape = cast(tuple[int, ...], tuple(ops.shape(x)))
        rank = len(shape)
        channels = shape[self._axis]
        grouped_shape = (
            *shape[: self._axis],
            self._num_groups,
            channels // self._num_groups,
            *shape[self._axis + 1 :],
        )
        grouped = ops.reshape(x, grouped_shape)
        reduction_axes = [a for a in range(1, rank + 1) if a != self._axis]
        mean, variance = ops.moments(grouped, axes=reduction_axes, keepdims=True)
        normalized = ops.multiply(
            ops.subtract(grouped, mean), ops.rsqrt(ops.add(variance, self.epsilon))
        )
        outputs = ops.reshape(normalized, shape)
        if self.gamma is not None:
            outputs = ops.multiply(
                outputs, broadcast_parameter(self.gamma, [self._axis], rank, dtype)
            )
        if self.beta is not None:
            outputs = ops.add(outputs, broadcast_parameter(self.beta, [self._axis], rank, dtype))
        return ops.cast(outputs, ops.dtype(inputs))

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "groups": self.groups,
                "axis": self.axis,
                "epsilon": self.epsilon,
                "center": self.center,
                "scale": self.scale,
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
