"""Sequential: a plain stack of layers, each feeding the next."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.layers.core.input_layer import InputLayer
from lamina.layers.layer import Layer
from lamina.models.model import Model


class Sequential(Model):
    """A model that runs its layers one after another.

    Args:
        layers: Layers to add, in order (an `Input()` tensor or InputLayer may come first).
        trainable: Whether the model's weights are trainable.
        name: The model's name.

    Example:
        >>> import lamina
        >>> model = lamina.Sequential([lamina.Input(shape=(4,)), lamina.layers.Dense(2)])
        >>> model.output_shape, model.count_params()
        ((None, 2), 10)
    """

    def __init__(
        self,
        layers: Sequence[Any] | None = None,
        trainable: bool = True,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(trainable=trainable, name=name, **kwargs)
        self._stack: list[Layer] = []
        self._input_layer: InputLayer | None = None
        self._mask_flow = False
        self._output_spec: Any = None
        for layer in layers or ():
            self.add(layer, rebuild=False)
        self._build_if_input_known()

    def add(self, layer: Any, rebuild: bool = True) -> None:
        """Appends a layer (or, first, an `Input()` tensor / InputLayer) to the stack."""
        if isinstance(layer, SymbolicTensor) and isinstance(
            getattr(layer.op, "fn", None), InputLayer
        ):
            layer = layer.op.fn  # type: ignore[union-attr]
        if not isinstance(layer, Layer):
            raise TypeError(
                f"Sequential '{self.name}'.add expected a Layer, received "
                f"{type(layer).__name__}: {layer!r}."
            )
        if isinstance(layer, InputLayer):
            if self._input_layer is not None or self._stack:
                raise ValueError(
                    f"Sequential '{self.name}': an InputLayer can only come first, before any "
                    "other layer."
                )
            self._input_layer = layer
        else:
            if not self._stack and self._input_layer is None:
                batch_shape = getattr(layer, "_declared_batch_shape", None)
                if batch_shape is not None:
                    self._input_layer = InputLayer(batch_shape=batch_shape)
            self._stack.append(layer)
        self.built = False
        if rebuild:
            self._build_if_input_known()
        self._sync_engine_state(self._own_variables(), self._direct_sublayers())

    def pop(self, rebuild: bool = True) -> Layer:
        """Removes and returns the last layer."""
        if not self._stack:
            raise IndexError(f"Sequential '{self.name}' has no layers to pop.")
        layer = self._stack.pop()
        self.built = False
        if rebuild:
            self._build_if_input_known()
        self._sync_engine_state(self._own_variables(), self._direct_sublayers())
        return layer

    @property
    def layers(self) -> list[Layer]:
        """The stacked layers (without the InputLayer), in order."""
        return list(self._stack)

    @property
    def output_names(self) -> list[str]:
        """The name of the last layer: what compile's dict losses and metrics are keyed by."""
        return [self._stack[-1].name] if self._stack else []

    @property
    def input_shape(self) -> Any:
        return None if self._input_layer is None else self._input_layer.batch_shape

    @property
    def output_shape(self) -> Any:
        if not self.built or self._output_spec is None:
            raise ValueError(
                f"Sequential '{self.name}' has no known output shape yet: give it an Input() "
                "first or call it on data."
            )
        return self._output_spec.shape

    def _build_if_input_known(self) -> None:
        if self._input_layer is not None and self._stack:
            self._build_with(self._input_layer.batch_shape)

    def build(self, input_shape: Any = None) -> None:
        if input_shape is None:
            raise ValueError(f"Sequential '{self.name}'.build needs an input shape.")
        dtype = self._input_layer.input_dtype if self._input_layer is not None else None
        if self._input_layer is None:
            self._input_layer = InputLayer(batch_shape=input_shape)
        x: Any = SymbolicTensor(tuple(input_shape), dtype)
        for layer in self._stack:
            x = layer(x)
        self._output_spec = x
        self._mask_flow = any(type(l).compute_mask is not Layer.compute_mask for l in self._stack)

    def call(self, inputs: Any, training: bool | None = None, mask: Any = None) -> Any:
        x = inputs
        if not self._mask_flow and mask is None:
            for layer in self._stack:
                x = layer(x)
            return x
        for layer in self._stack:
            kwargs = {"mask": mask} if mask is not None and layer._accepts_mask() else {}
            y = layer(x, **kwargs)
            mask = layer.compute_mask(x, mask)
            x = y
        return x

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> Any:
        return self.call(*args, **kwargs)

    def get_config(self) -> dict:
        from lamina.layers import serialize

        layers = [serialize(layer) for layer in self._stack]
        if self._input_layer is not None:
            layers.insert(0, serialize(self._input_layer))
        config = {"name": self.name, "trainable": self.trainable, "layers": layers}
        if self._input_layer is not None:
            config["build_input_shape"] = list(self._input_layer.batch_shape)
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> Sequential:
        from lamina.layers import deserialize

        layers = [deserialize(c, custom_objects=custom_objects) for c in config["layers"]]
        model = cls(name=config.get("name"), trainable=config.get("trainable", True))
        for layer in layers:
            model.add(layer, rebuild=False)
        if model._input_layer is None and config.get("build_input_shape"):
            model._input_layer = InputLayer(batch_shape=config["build_input_shape"])
        model._build_if_input_known()
        return model
