"""Functional models: a graph of layer and op calls recorded on SymbolicTensors, replayed on
real tensors."""

from __future__ import annotations

import inspect
from typing import Any

from lamina.backend.common.symbolic_tensor import (
    OpCall,
    SymbolicTensor,
    flatten,
    map_structure,
    pack_sequence_as,
)
from lamina.layers.core.input_layer import InputLayer
from lamina.layers.layer import Layer
from lamina.models.model import Model


class Functional(Model):
    """A model defined by its symbolic inputs and outputs: `Model(inputs, outputs)`.

    Args:
        inputs: A SymbolicTensor from `Input()`, or a list or dict of them.
        outputs: SymbolicTensor(s) computed from `inputs` by layers and ops (tensor, list,
            dict).
        name: The model's name.

    Example:
        >>> import lamina
        >>> x = lamina.Input(shape=(4,), name="features")
        >>> y = lamina.layers.Dense(3, activation="relu")(x)
        >>> model = lamina.Model(inputs=x, outputs=lamina.layers.Dense(1)(y))
        >>> [layer.name for layer in model.layers][0], model.output_shape
        ('features', (None, 1))
    """

    def __init__(self, inputs: Any, outputs: Any, name: str | None = None, **kwargs: Any) -> None:
        super().__init__(name=name, **kwargs)
        self._inputs_struct = inputs
        self._outputs_struct = outputs
        self.inputs = flatten(inputs)
        self.outputs = flatten(outputs)
        self._check_inputs()
        nodes = self._sorted_nodes()
        self._nodes = [n for n in nodes if not isinstance(n.fn, InputLayer)]
        self._model_layers = [
            fn for fn in _keras_operation_order(nodes, self.outputs) if isinstance(fn, Layer)
        ]
        self._check_unique_names()
        self.built = True
        self._sync_engine_state(self._own_variables(), self._direct_sublayers())

    @property
    def layers(self) -> list[Layer]:
        """The model's layers in graph order, its InputLayers first."""
        return list(self._model_layers)

    @property
    def input(self) -> Any:
        """The model's symbolic input(s), structured as given to the constructor."""
        return self._inputs_struct

    @property
    def output(self) -> Any:
        """The model's symbolic output(s), structured as given to the constructor."""
        return self._outputs_struct

    @property
    def output_names(self) -> list[str]:
        """The outputs' names, in output order: the sorted keys of a dict of outputs, else the names
        of the layers that produce them (what compile's dict losses and metrics use)."""
        if isinstance(self._outputs_struct, dict):
            return sorted(self._outputs_struct, key=str)
        names: list[str] = []
        for tensor in self.outputs:
            layer = getattr(getattr(tensor, "op", None), "fn", None)
            names.append(layer.name if isinstance(layer, Layer) else f"output_{len(names)}")
        return names

    @property
    def input_shape(self) -> Any:
        return map_structure(lambda t: t.shape, self._inputs_struct)

    @property
    def output_shape(self) -> Any:
        return map_structure(lambda t: t.shape, self._outputs_struct)

    def call(self, inputs: Any, training: bool | None = None, mask: Any = None) -> Any:
        values: dict[int, Any] = {}
        masks: dict[int, Any] = {}
        given = flatten(inputs) if isinstance(inputs, (list, tuple, dict)) else [inputs]
        if len(given) != len(self.inputs):
            raise ValueError(
                f"Functional model '{self.name}' expects {len(self.inputs)} input(s), "
                f"received {len(given)}."
            )
        for tensor, value in zip(self.inputs, given):
            values[id(tensor)] = value
        if mask is not None:
            for tensor, value in zip(self.inputs, flatten(mask)):
                masks[id(tensor)] = value
        for node in self._nodes:
            args = map_structure(lambda a: _lookup(values, a), node.args)
            kwargs = map_structure(lambda a: _lookup(values, a), node.kwargs)
            fn = node.fn
            if isinstance(fn, Layer):
                input_mask = _first_mask(masks, node.args)
                if input_mask is not None and "mask" not in kwargs and fn._accepts_mask():
                    kwargs["mask"] = input_mask
                if masks and len(node.inputs) > 1:
                    _fill_argument_masks(fn, node, masks, kwargs)
                outputs = fn(*args, **kwargs)
                if input_mask is not None or type(fn).compute_mask is not Layer.compute_mask:
                    output_mask = fn.compute_mask(args[0] if args else None, input_mask)
                    for symbolic in flatten(node.outputs):
                        masks[id(symbolic)] = output_mask
            else:
                outputs = fn(*args, **kwargs)
            for symbolic, value in zip(flatten(node.outputs), flatten(outputs)):
                values[id(symbolic)] = value
        return pack_sequence_as(self._outputs_struct, [values[id(t)] for t in self.outputs])

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> Any:
        return self.call(*args, **kwargs)

    def _check_inputs(self) -> None:
        for position, tensor in enumerate(self.inputs):
            node = getattr(tensor, "op", None)
            if not isinstance(tensor, SymbolicTensor) or not isinstance(
                getattr(node, "fn", None), InputLayer
            ):
                raise ValueError(
                    f"Functional model '{self.name}': input {position} must be a tensor "
                    f"returned by lamina.Input(), received {tensor!r}."
                )

    def _sorted_nodes(self) -> list[OpCall]:
        ordered: list[OpCall] = []
        visited: set[int] = set()
        allowed = {id(t.op) for t in self.inputs}
        stack: list[tuple[SymbolicTensor, bool]] = [(t, False) for t in reversed(self.outputs)]
        for position, tensor in enumerate(self.outputs):
            if not isinstance(tensor, SymbolicTensor) or tensor.op is None:
                raise ValueError(
                    f"Functional model '{self.name}': output {position} is not a symbolic "
                    f"tensor computed from the model's inputs, received {tensor!r}."
                )
        while stack:
            tensor, expanded = stack.pop()
            node = tensor.op
            if node is None or id(node) in visited and not expanded:
                if node is None:
                    raise ValueError(
                        f"Functional model '{self.name}': {tensor!r} was not produced by a "
                        "layer or op from the model's inputs."
                    )
                continue
            if expanded:
                if id(node) not in visited:
                    visited.add(id(node))
                    ordered.append(node)
                continue
            if isinstance(node.fn, InputLayer) and id(node) not in allowed:
                raise ValueError(
                    f"Functional model '{self.name}': the outputs depend on Input "
                    f"'{node.fn.name}', which is not one of the model's inputs "
                    f"{[t.op.fn.name for t in self.inputs]}. Add it to inputs=."
                )
            stack.append((tensor, True))
            for parent in reversed(node.inputs):
                stack.append((parent, False))
        reached = {id(n) for n in ordered}
        for tensor in self.inputs:
            if id(tensor.op) not in reached:
                raise ValueError(
                    f"Functional model '{self.name}': the outputs do not depend on input "
                    f"'{tensor.op.fn.name}'. Every input must be used to compute the outputs."
                )
        return ordered

    def _check_unique_names(self) -> None:
        seen: set[str] = set()
        for layer in self._model_layers:
            if layer.name in seen:
                raise ValueError(
                    f"Functional model '{self.name}': the name '{layer.name}' is used by more "
                    "than one layer. Layer names in a model must be unique."
                )
            seen.add(layer.name)

    def get_config(self) -> dict:
        from lamina.models.functional_config import functional_config

        return functional_config(self)

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> Functional:
        from lamina.models.functional_config import functional_from_config

        return functional_from_config(config, custom_objects)


def _lookup(values: dict[int, Any], item: Any) -> Any:
    if isinstance(item, SymbolicTensor):
        return values[id(item)]
    return item


def _operation_key(node: OpCall) -> int:
    # A layer is one operation however often it is called; each call of a plain op (e.g.
    # ops.add) is an operation of its own, as Keras makes a new Operation per op call.
    return id(node.fn) if isinstance(node.fn, Layer) else id(node)


def _fill_argument_masks(layer: Layer, node: OpCall, masks: dict, kwargs: dict) -> None:
    """Passes each tensor argument's mask as `<argument>_mask` where the layer's `call` has
    such a parameter and the caller gave none (Keras's rule for layers of several tensor
    arguments, e.g. MultiHeadAttention's query_mask / value_mask / key_mask)."""
    names = layer.__dict__.get("_call_argument_names")
    if names is None:
        names = list(inspect.signature(layer.call).parameters)
        layer.__dict__["_call_argument_names"] = names
    if not any(name.endswith("_mask") and name != "mask" for name in names):
        return
    given = [*zip(names, node.args), *node.kwargs.items()]
    for name, value in given:
        target = f"{name}_mask"
        if target in names and kwargs.get(target) is None and isinstance(value, SymbolicTensor):
            found = masks.get(id(value))
            if found is not None:
                kwargs[target] = found


def _first_mask(masks: dict[int, Any], args: tuple) -> Any:
    if not masks or not args:
        return None
    leaves = flatten(args[0]) if isinstance(args[0], (list, tuple, dict)) else [args[0]]
    found = [masks.get(id(t)) for t in leaves if isinstance(t, SymbolicTensor)]
    if not found:
        return None
    return found[0] if len(found) == 1 else found


def _keras_operation_order(nodes: list[OpCall], outputs: list[SymbolicTensor]) -> list[Any]:
    """The graph's operations (layers and ops, each once) in Keras's order.

    Keras orders a Functional model's layers, and with them its weights, its config and the
    `layers/<name>` groups of weight files, by depth: the longest path from the operation to
    an output, deepest first; ties keep the order in which a depth-first walk from the
    outputs (each node's inputs in argument order) first meets the operations. `nodes` is
    the graph in topological order (inputs first).
    """
    first_seen: dict[int, int] = {}
    visited: set[int] = set()
    stack = list(reversed(outputs))
    while stack:
        node = stack.pop().op
        if node is None or id(node) in visited:
            continue
        visited.add(id(node))
        first_seen.setdefault(_operation_key(node), len(first_seen))
        stack.extend(reversed(node.inputs))
    node_depth: dict[int, int] = {}
    operation_depth: dict[int, int] = {}
    operations: dict[int, Any] = {}
    for node in reversed(nodes):  # Outputs first: a node's consumers come before it.
        key = _operation_key(node)
        depth = max(node_depth.get(id(node), 0), operation_depth.get(key, 0))
        operation_depth[key] = depth
        operations[key] = node.fn
        for tensor in node.inputs:
            if tensor.op is not None:
                parent = id(tensor.op)
                node_depth[parent] = max(depth + 1, node_depth.get(parent, 0))
    order = sorted(operations, key=lambda key: (-operation_depth[key], first_seen[key]))
    return [operations[key] for key in order]
