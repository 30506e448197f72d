"""Lambda: wraps a Python function as a layer, with configs that never carry code."""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable, Mapping
from typing import Any

from lamina import activations
from lamina.backend.common.symbolic_tensor import SymbolicTensor, map_structure
from lamina.layers import call_context
from lamina.layers.layer import Layer
from lamina.typing import Tensor

_PLAIN = (int, float, str, bool, type(None), list, tuple, dict)


class Lambda(Layer):
    """Calls `function(inputs, **arguments)` as a layer (stateless: it holds no weights).

    Configs store functions by name only, never their code: a named function serializes as
    `{"module", "class_name": "function", "config": name, ...}`, a lamina activation as its
    name, and a lambda cannot be serialized (`get_config` raises). `from_config` resolves only
    lamina activation names and the entries of `custom_objects`.

    Args:
        function: The callable; it may take `mask=` and `training=` keyword arguments.
        output_shape: The output shape without the batch axis, or a callable mapping the input
            shape to the output shape; None infers it by calling `function` symbolically.
        mask: A callable `mask(inputs, previous_mask)` giving the output mask, or a fixed mask.
        arguments: Extra keyword arguments passed to `function`.

    Input shape: any. Output shape: as given by `output_shape` or `function`.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.Lambda(lamina.activations.relu)
        >>> lamina.ops.convert_to_numpy(layer(lamina.ops.convert_to_tensor([-1.0, 2.0]))).tolist()
        [0.0, 2.0]
        >>> layer.get_config()["function"]
        'relu'
    """

    def __init__(
        self,
        function: Callable[..., Any],
        output_shape: Any = None,
        mask: Any = None,
        arguments: dict | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if not callable(function):
            raise ValueError(
                f"Lambda '{self.name}': function must be callable, received {function!r} "
                f"(type {type(function).__name__})."
            )
        self.function = function
        self.arguments = dict(arguments or {})
        self.mask = mask
        self.supports_masking = mask is not None
        self._output_shape = tuple(output_shape) if isinstance(output_shape, list) else output_shape
        parameters = _parameter_names(function)
        self._fn_expects_training_arg = "training" in parameters
        self._fn_expects_mask_arg = "mask" in parameters

    def call(self, inputs: Any, mask: Any = None, training: bool | None = None) -> Any:
        kwargs = dict(self.arguments)
        if self._fn_expects_mask_arg:
            kwargs["mask"] = mask
        if self._fn_expects_training_arg:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> Any:
        if self._output_shape is None:
            with call_context.CallScope(kwargs.get("training")):
                return self.call(*args, **kwargs)
        shapes = map_structure(lambda x: tuple(x.shape), args[0])
        output_shape = self.compute_output_shape(shapes)
        if _is_shape(output_shape):
            return SymbolicTensor(tuple(output_shape), self.compute_dtype)
        return [SymbolicTensor(tuple(shape), self.compute_dtype) for shape in output_shape]

    def compute_output_shape(self, input_shape: Any) -> Any:
        if self._output_shape is None:
            inputs = (
                SymbolicTensor(tuple(input_shape), self.compute_dtype)
                if _is_shape(input_shape)
                else [SymbolicTensor(tuple(shape), self.compute_dtype) for shape in input_shape]
            )
            outputs = self.compute_output_spec(inputs)
            return map_structure(lambda t: tuple(t.shape), outputs)
        if callable(self._output_shape):
            return self._output_shape(input_shape)
        batch = input_shape[0] if _is_shape(input_shape) else input_shape[0][0]
        return (batch, *self._output_shape)

    def compute_mask(self, inputs: Tensor, previous_mask: Any = None) -> Any:
        """Returns `mask(inputs, previous_mask)` for a callable mask, else the fixed mask."""
        if callable(self.mask):
            return self.mask(inputs, previous_mask)
        return self.mask

    def get_config(self) -> dict:
        config = super().get_config()
        config["function"] = self._serialize_callable(self.function, "function")
        if self._output_shape is not None:
            config["output_shape"] = (
                self._serialize_callable(self._output_shape, "output_shape")
                if callable(self._output_shape)
                else list(self._output_shape)
            )
        if self.mask is not None:
            if not callable(self.mask):
                raise ValueError(
                    f"Lambda '{self.name}': only a callable mask can be put in a config, "
                    f"received a mask of type {type(self.mask).__name__}."
                )
            config["mask"] = self._serialize_callable(self.mask, "mask")
        for key, value in self.arguments.items():
            if not isinstance(value, _PLAIN):
                raise ValueError(
                    f"Lambda '{self.name}': argument {key!r} of type {type(value).__name__} "
                    "cannot be put in a config; expected Python numbers, strings, lists or dicts."
                )
        config["arguments"] = dict(self.arguments)
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects: Mapping[str, Any] | None = None) -> Lambda:
        """Creates a Lambda from `get_config`'s output.

        Functions resolve only to lamina activations (by name) and entries of `custom_objects`;
        code stored in a config (Keras's `"__lambda__"` entries) is refused.
        """
        config = dict(config)
        config["function"] = _resolve_callable(config["function"], "function", custom_objects)
        output_shape = config.get("output_shape")
        if isinstance(output_shape, (str, dict)):
            config["output_shape"] = _resolve_callable(output_shape, "output_shape", custom_objects)
        if config.get("mask") is not None:
            config["mask"] = _resolve_callable(config["mask"], "mask", custom_objects)
        return cls(**config)

    def _serialize_callable(self, fn: Any, what: str) -> Any:
        if isinstance(fn, types.FunctionType) and fn.__name__ == "<lambda>":
            raise ValueError(
                f"Lambda '{self.name}': its {what} is a Python lambda, which cannot be "
                "serialized safely (loading it back would mean running stored code). Define it "
                "with `def` in an importable module, or use a lamina activation name, and pass "
                "it to from_config in custom_objects={'name': function}."
            )
        try:
            return activations.serialize(fn)
        except ValueError as error:
            raise ValueError(
                f"Lambda '{self.name}': cannot serialize its {what} {fn!r}: expected a lamina "
                "activation, a named function or a callable object with get_config()."
            ) from error


def _resolve_callable(value: Any, what: str, custom_objects: Mapping[str, Any] | None) -> Any:
    if isinstance(value, dict) and value.get("class_name") == "__lambda__":
        raise ValueError(
            f"Lambda.from_config refuses the {what}: it is a lambda stored as Python bytecode, "
            "and loading it would run that code. Rewrite it as a named function and pass it in "
            "custom_objects={'name': function}."
        )
    try:
        return activations.deserialize(value, custom_objects=custom_objects)
    except ValueError as error:
        raise ValueError(
            f"Lambda.from_config cannot resolve the {what} {value!r}: only lamina activation "
            "names (e.g. 'relu') and entries of custom_objects are accepted. Pass "
            "custom_objects={'name': function} for your own functions."
        ) from error


def _parameter_names(function: Callable[..., Any]) -> set[str]:
    try:
        return set(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return set()


def _is_shape(value: Any) -> bool:
    return isinstance(value, (tuple, list)) and all(d is None or isinstance(d, int) for d in value)
