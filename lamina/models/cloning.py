"""`clone_model`: the same architecture with new layers (and so new weights)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lamina.backend.common.symbolic_tensor import (
    SymbolicTensor,
    flatten,
    map_structure,
    pack_sequence_as,
)
from lamina.layers.core.input_layer import Input, InputLayer
from lamina.layers.layer import Layer
from lamina.models.functional import Functional
from lamina.models.model import Model
from lamina.models.sequential import Sequential


def clone_model(
    model: Model,
    input_tensors: Any = None,
    clone_function: Callable[[Layer], Layer] | None = None,
    call_function: Callable[..., Any] | None = None,
    recursive: bool = False,
    **kwargs: Any,
) -> Model:
    """Returns a copy of a Sequential or Functional model with new layers and new weights.

    Args:
        model: The Sequential, Functional or subclassed model to clone.
        input_tensors: `Input()` tensor(s) to build the copy on (a Functional model's inputs in
            the same structure, one tensor for a Sequential model); default new `Input`s.
        clone_function: `fn(layer) -> layer` applied to every layer except the InputLayers;
            default `layer.__class__.from_config(layer.get_config())`.
        call_function: `fn(layer, *args, **kwargs) -> outputs` used to call each cloned layer
            in a Functional model; default `layer(*args, **kwargs)`.
        recursive: Whether Sequential and Functional models nested in `model` are cloned layer
            by layer with `clone_function` too (instead of passed to it whole).

    Returns:
        The new model. Its weights are freshly initialized, not copied.

    Example:
        >>> import lamina
        >>> model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(2)])
        >>> copy = lamina.models.clone_model(model)
        >>> copy.output_shape, copy.weights[0] is model.weights[0]
        ((None, 2), False)
    """
    if kwargs:
        raise TypeError(f"clone_model: unexpected keyword argument(s) {sorted(kwargs)}.")
    clone = _layer_cloner(clone_function, call_function, recursive)
    if isinstance(model, Sequential):
        if call_function is not None:
            raise ValueError(
                f"clone_model: call_function is only supported for Functional models, and "
                f"'{model.name}' is a Sequential model."
            )
        return _clone_sequential(model, input_tensors, clone)
    if isinstance(model, Functional):
        return _clone_functional(model, input_tensors, clone, call_function)
    if not isinstance(model, Model):
        raise ValueError(
            f"clone_model expected a lamina Model, received {type(model).__name__}: {model!r}."
        )
    if input_tensors is not None or clone_function is not None or call_function is not None:
        raise ValueError(
            f"clone_model: input_tensors, clone_function and call_function are only supported "
            f"for Sequential and Functional models; '{model.name}' is a subclassed "
            f"{type(model).__name__}."
        )
    return type(model).from_config(model.get_config())


def _layer_cloner(
    clone_function: Callable[[Layer], Layer] | None,
    call_function: Callable[..., Any] | None,
    recursive: bool,
) -> Callable[[Layer], Layer]:
    base = clone_function or _clone_from_config

    def clone(layer: Layer) -> Layer:
        if recursive and isinstance(layer, (Sequential, Functional)):
            return clone_model(
                layer,
                clone_function=clone_function,
                call_function=call_function if isinstance(layer, Functional) else None,
                recursive=True,
            )
        return base(layer)

    return clone


def _clone_from_config(layer: Layer) -> Layer:
    return type(layer).from_config(layer.get_config())


def _clone_sequential(model: Sequential, input_tensors: Any, clone: Callable) -> Sequential:
    new_layers: list[Any] = [clone(layer) for layer in model.layers]
    if input_tensors is not None:
        tensors = flatten(input_tensors)
        if len(tensors) != 1:
            raise ValueError(
                f"clone_model: Sequential '{model.name}' takes one input tensor, but "
                f"input_tensors holds {len(tensors)}."
            )
        new_layers.insert(0, _check_input_tensor(tensors[0], model.name))
    elif model._input_layer is not None:
        source = model._input_layer
        new_layers.insert(
            0,
            InputLayer(batch_shape=source.batch_shape, dtype=source.input_dtype, name=source.name),
        )
    return Sequential(new_layers, name=model.name, trainable=model.trainable)


def _clone_functional(
    model: Functional, input_tensors: Any, clone: Callable, call_function: Callable | None
) -> Functional:
    if input_tensors is None:
        new_inputs = [_new_input(tensor) for tensor in model.inputs]
    else:
        new_inputs = [_check_input_tensor(t, model.name) for t in flatten(input_tensors)]
        if len(new_inputs) != len(model.inputs):
            raise ValueError(
                f"clone_model: Functional '{model.name}' has {len(model.inputs)} input(s), but "
                f"input_tensors holds {len(new_inputs)}."
            )
    tensors = {id(old): new for old, new in zip(model.inputs, new_inputs)}
    clones: dict[int, Layer] = {}

    def replace(value: Any) -> Any:
        return tensors[id(value)] if isinstance(value, SymbolicTensor) else value

    for node in model._nodes:
        args = map_structure(replace, node.args)
        kwargs = map_structure(replace, node.kwargs)
        if isinstance(node.fn, Layer):
            if id(node.fn) not in clones:
                clones[id(node.fn)] = clone(node.fn)
            layer = clones[id(node.fn)]
            call = call_function or (lambda fn, *a, **k: fn(*a, **k))
            outputs = call(layer, *args, **kwargs)
        else:
            outputs = node.fn(*args, **kwargs)
        for old, new in zip(flatten(node.outputs), flatten(outputs)):
            tensors[id(old)] = new
    inputs = pack_sequence_as(model._inputs_struct, new_inputs)
    outputs = pack_sequence_as(model._outputs_struct, [tensors[id(t)] for t in model.outputs])
    return Functional(inputs, outputs, name=model.name, trainable=model.trainable)


def _new_input(tensor: SymbolicTensor) -> SymbolicTensor:
    layer: Any = getattr(tensor.op, "fn", None)
    return Input(batch_shape=layer.batch_shape, dtype=layer.input_dtype, name=layer.name)


def _check_input_tensor(tensor: Any, model_name: str) -> SymbolicTensor:
    if not isinstance(tensor, SymbolicTensor) or not isinstance(
        getattr(tensor.op, "fn", None), InputLayer
    ):
        raise ValueError(
            f"clone_model: input_tensors for '{model_name}' must be tensors returned by "
            f"lamina.Input(), received {tensor!r}."
        )
    return tensor
