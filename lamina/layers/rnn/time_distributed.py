"""TimeDistributed: applies a layer to every timestep of a sequence, with shared weights."""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.backend.common.name_scope import name_scope
from lamina.layers.layer import Layer
from lamina.typing import Shape, Tensor


class TimeDistributed(Layer):
    """Applies `layer` to each timestep of `(batch, timesteps, ...)` inputs independently.

    All timesteps share the layer's weights. The timesteps are folded into the batch axis and
    the layer runs once on `(batch * timesteps, ...)`, which gives each step's result as a
    per-step call would for layers that treat samples independently (Dense, Conv2D, ...);
    layers with batch statistics (BatchNormalization while training) see all the steps'
    samples together.

    Args:
        layer: The layer to apply to each timestep.

    Input shape: `(batch, timesteps, ...)`; an optional `mask` `(batch, timesteps, ...)` is
    passed on (folded the same way) to layers that take one.
    Output shape: `(batch, timesteps, ...)` with the layer's per-step output shape.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.TimeDistributed(lamina.layers.Dense(4))
        >>> lamina.ops.shape(layer(lamina.ops.ones((2, 5, 3))))
        (2, 5, 4)
    """

    def __init__(self, layer: Layer, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not isinstance(layer, Layer):
            raise ValueError(
                f"TimeDistributed '{self.name}': layer must be a lamina layer (e.g. Dense(4)), "
                f"received {layer!r}."
            )
        self.layer = layer
        self.supports_masking = True

    def build(self, input_shape: Shape) -> None:
        step_shape = self._step_shape(input_shape)
        with name_scope(self.name):
            if not self.layer.built:
                self.layer.build(step_shape)

    def call(self, inputs: Tensor, training: bool | None = None, mask: Any = None) -> Tensor:
        shape: Any = tuple(ops.shape(inputs))
        self._step_shape(shape)
        folded = ops.reshape(inputs, (-1, *shape[2:]))
        kwargs: dict[str, Any] = {"training": training}
        if mask is not None and self.layer._accepts_mask():
            mask_shape: Any = tuple(ops.shape(mask))
            if mask_shape[:2] != shape[:2]:
                raise ValueError(
                    f"TimeDistributed '{self.name}': the mask must have shape "
                    f"{shape[:2]} + (...) to match inputs of shape {shape}, received "
                    f"shape {mask_shape}."
                )
            kwargs["mask"] = ops.reshape(mask, (-1, *mask_shape[2:]))
        outputs = self.layer(folded, **kwargs)
        step_shape: Any = tuple(ops.shape(outputs))
        return ops.reshape(outputs, (*shape[:2], *step_shape[1:]))

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        step_output: Any = tuple(self.layer.compute_output_shape(self._step_shape(input_shape)))
        shape: Any = tuple(input_shape)
        return (shape[0], shape[1], *step_output[1:])

    def get_config(self) -> dict:
        from lamina.layers import serialize

        config = super().get_config()
        config["layer"] = serialize(self.layer)
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> TimeDistributed:
        from lamina.layers import deserialize

        config = dict(config)
        layer = deserialize(config.pop("layer"), custom_objects=custom_objects)
        return cls(layer, **config)

    def _step_shape(self, input_shape: Any) -> Shape:
        shape: Any = tuple(input_shape)
        if len(shape) < 3:
            raise ValueError(
                f"TimeDistributed '{self.name}' expects inputs of shape (batch, timesteps, ...) "
                f"with rank >= 3, but received shape {shape}."
            )
        return (shape[0], *shape[2:])
