"""BatchNormalization: normalizes each feature with batch statistics in training and with
moving averages of them in inference."""

from __future__ import annotations

from typing import Any

from lamina import constraints, initializers, ops, regularizers
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer
from lamina.layers.normalization.feature_axes import (
    axis_sizes,
    check_axis_argument,
    computation_dtype,
    resolve_axes,
    serialize_optional,
)
from lamina.typing import Shape, Tensor


class BatchNormalization(Layer):
    """Normalizes each feature to zero mean and unit variance, then scales and shifts it.

    In training (`training=True` and the layer trainable) it uses the mean and variance of the
    batch over every axis except `axis`, and moves `moving_mean` and `moving_variance` towards
    them: `moving = moving * momentum + batch * (1 - momentum)`. The update is an `assign`, so
    inside `stateless_call` it is returned with the non-trainable values instead of applied.
    In inference it uses the moving statistics. The output is
    `gamma * (x - mean) / sqrt(variance + epsilon) + beta`.

    Args:
        axis: The feature axis (an int); `1` for channels-first images.
        momentum: Weight of the old value in the moving averages.
        epsilon: Added to the variance to avoid dividing by zero.
        center: Whether to learn the shift `beta`.
        scale: Whether to learn the scale `gamma`.
        beta_initializer, gamma_initializer: Initializers of `beta` and `gamma`.
        moving_mean_initializer, moving_variance_initializer: Initializers of the moving
            statistics.
        beta_regularizer, gamma_regularizer: Optional regularizers.
        beta_constraint, gamma_constraint: Optional constraints.
        synchronized: Accepted for Keras compatibility; lamina uses the statistics of the
            batch it is given.

    Call arguments: `inputs`; `training` (bool); `mask`, an optional boolean tensor of the
    inputs' leading shape: masked-out positions are left out of the batch statistics.

    Input shape: any, with a known size on `axis`. Output shape: the input shape.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.BatchNormalization(momentum=0.5)
        >>> y = layer(lamina.ops.convert_to_tensor([[0.0], [4.0]]), training=True)
        >>> [round(v, 2) for v in lamina.ops.convert_to_numpy(y)[:, 0].tolist()]
        [-1.0, 1.0]
        >>> [round(float(v.numpy()[0]), 3) for v in layer.non_trainable_weights]
        [1.0, 2.5]
    """

    def __init__(
        self,
        axis: int = -1,
        momentum: float = 0.99,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: Any = "zeros",
        gamma_initializer: Any = "ones",
        moving_mean_initializer: Any = "zeros",
        moving_variance_initializer: Any = "ones",
        beta_regularizer: Any = None,
        gamma_regularizer: Any = None,
        beta_constraint: Any = None,
        gamma_constraint: Any = None,
        synchronized: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.axis = check_axis_argument(self, axis, allow_list=False)
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.synchronized = synchronized
        self.supports_masking = True

    def build(self, input_shape: Shape) -> None:
        self._axis = resolve_axes(self, self.axis, input_shape)[0]
        shape = axis_sizes(input_shape, [self._axis])
        self.gamma = None
        if self.scale:
            self.gamma = self.add_weight(
                shape=shape,
                initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint,
                autocast=False,
                name="gamma",
            )
        self.beta = None
        if self.center:
            self.beta = self.add_weight(
                shape=shape,
                initializer=self.beta_initializer,
                regularizer=self.beta_regularizer,
                constraint=self.beta_constraint,
                autocast=False,
                name="beta",
            )
        self.moving_mean = self._add_statistic("moving_mean", shape, self.moving_mean_initializer)
        self.moving_variance = self._add_statistic(
            "moving_variance", shape, self.moving_variance_initializer
        )
        self.input_spec = InputSpec(ndim=len(input_shape), axes={self._axis: shape[0]})

    def call(self, inputs: Tensor, training: bool | None = None, mask: Tensor = None) -> Tensor:
        dtype = computation_dtype(inputs)
        x = ops.cast(inputs, dtype)
        if training and self.trainable:
            mean, variance = self._batch_moments(x, mask)
            self._update_moving_statistics(mean, variance)
        else:
            mean = ops.cast(self.moving_mean, dtype)
            variance = ops.cast(self.moving_variance, dtype)
        gamma = None if self.gamma is None else ops.cast(self.gamma, dtype)
        beta = None if self.beta is None else ops.cast(self.beta, dtype)
        outputs = ops.batch_normalization(
            x, mean, variance, axis=self._axis, offset=beta, scale=gamma, epsilon=self.epsilon
        )
        return ops.cast(outputs, ops.dtype(inputs))

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "axis": self.axis,
                "momentum": self.momentum,
                "epsilon": self.epsilon,
                "center": self.center,
                "scale": self.scale,
                "beta_initializer": initializers.serialize(self.beta_initializer),
                "gamma_initializer": initializers.serialize(self.gamma_initializer),
                "moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
                "moving_variance_initializer": initializers.serialize(
                    self.moving_variance_initializer
                ),
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
                "synchronized": self.synchronized,
            }
        )
        return config

    def _add_statistic(self, name: str, shape: tuple, initializer: Any) -> Any:
        return self.add_weight(
            shape=shape, initializer=initializer, trainable=False, autocast=False, name=name
        )

    def _batch_moments(self, x: Tensor, mask: Tensor) -> tuple[Tensor, Tensor]:
        rank = len(ops.shape(x))
        reduction_axes = [a for a in range(rank) if a != self._axis]
        if mask is None:
            return ops.moments(x, axes=reduction_axes)
        weights = ops.cast(mask, ops.dtype(x))
        while len(ops.shape(weights)) < rank:
            weights = ops.expand_dims(weights, -1)
        weights = ops.multiply(weights, ops.ones_like(x))
        count = ops.maximum(ops.sum(weights, axis=reduction_axes, keepdims=True), 1.0)
        mean = ops.divide(ops.sum(ops.multiply(x, weights), reduction_axes, keepdims=True), count)
        squares = ops.multiply(ops.square(ops.subtract(x, mean)), weights)
        variance = ops.divide(ops.sum(squares, axis=reduction_axes, keepdims=True), count)
        return ops.reshape(mean, (-1,)), ops.reshape(variance, (-1,))

    def _update_moving_statistics(self, mean: Tensor, variance: Tensor) -> None:
        for moving, batch in ((self.moving_mean, mean), (self.moving_variance, variance)):
            batch = ops.cast(batch, moving.dtype)
            old = ops.multiply(moving.value, self.momentum)
            moving.assign(ops.add(old, ops.multiply(batch, 1.0 - self.momentum)))
