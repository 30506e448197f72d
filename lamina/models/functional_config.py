"""A Functional model's config in the Keras 3 layout (`layers` with `inbound_nodes`,
`input_layers`, `output_layers`), and the model rebuilt from it.

Layers are stored with `layers.serialize`. A lamina op applied directly to symbolic tensors
(`ops.add(a, b)`, `x[:, 0]`) is stored like Keras stores its operations: an entry whose
`class_name` is the op's name in CamelCase (`"Add"`, `"GetItem"`), called with the recorded
arguments. Loading resolves such names only among `lamina.ops` functions.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from lamina.backend.common.symbolic_tensor import OpCall, SymbolicTensor, map_structure

_TENSOR = "__keras_tensor__"


def functional_config(model: Any) -> dict:
    """Returns the Keras-3-style config of a Functional model."""
    from lamina.layers import serialize

    model_nodes = {id(node) for node in model._nodes}
    model_nodes.update(id(tensor.op) for tensor in model.inputs)
    op_names = _op_entry_names(model)

    def history(tensor: SymbolicTensor) -> list:
        node: Any = tensor.op
        if id(node) in op_names:
            name, index = op_names[id(node)], 0
        else:
            name = node.fn.name
            index = [id(n) for n in _model_nodes_of(node.fn, model_nodes)].index(id(node))
        outputs = node.outputs if isinstance(node.outputs, (list, tuple)) else [node.outputs]
        position = next(i for i, t in enumerate(outputs) if t is tensor)
        return [name, index, position]

    def encode_node(node: OpCall) -> dict:
        return {
            "args": _encode(list(node.args), history, model.name),
            "kwargs": _encode(node.kwargs, history, model.name),
        }

    entries = []
    for tensor in model.inputs:
        entry = serialize(tensor.op.fn)
        entries.append({**entry, "name": tensor.op.fn.name, "inbound_nodes": []})
    emitted = {id(tensor.op.fn) for tensor in model.inputs}
    for node in model._nodes:
        if id(node) in op_names:
            entries.append(_op_entry(node, op_names[id(node)], encode_node(node)))
        elif id(node.fn) not in emitted:
            emitted.add(id(node.fn))
            entry = serialize(node.fn)
            nodes = [encode_node(n) for n in _model_nodes_of(node.fn, model_nodes)]
            entries.append({**entry, "name": node.fn.name, "inbound_nodes": nodes})
    return {
        "name": model.name,
        "trainable": model.trainable,
        "layers": entries,
        "input_layers": map_structure(history, model._inputs_struct),
        "output_layers": map_structure(history, model._outputs_struct),
    }


def functional_from_config(config: dict, custom_objects: dict | None = None) -> Any:
    """Rebuilds a Functional model from `functional_config`'s output."""
    from lamina.layers import deserialize
    from lamina.layers.core.input_layer import InputLayer
    from lamina.models.functional import Functional

    created: dict[str, Any] = {}
    outputs: dict[tuple[str, int], Any] = {}
    pending: list[tuple[str, int, dict]] = []
    for entry in config["layers"]:
        layer_config = {k: v for k, v in entry.items() if k not in ("name", "inbound_nodes")}
        if _is_op_entry(layer_config):
            created[entry["name"]] = _resolve_op(layer_config, config.get("name"))
        else:
            created[entry["name"]] = deserialize(layer_config, custom_objects=custom_objects)
        if isinstance(created[entry["name"]], InputLayer):
            outputs[(entry["name"], 0)] = created[entry["name"]].output
        for index, node in enumerate(entry.get("inbound_nodes", [])):
            pending.append((entry["name"], index, node))

    def resolve(value: Any) -> Any:
        if isinstance(value, dict) and value.get("class_name") == _TENSOR:
            name, node_index, tensor_index = value["config"]["keras_history"]
            result = outputs[(name, node_index)]
            return result[tensor_index] if isinstance(result, (list, tuple)) else result
        if isinstance(value, dict) and value.get("class_name") == "__slice__":
            slice_config = value["config"]
            return slice(slice_config["start"], slice_config["stop"], slice_config["step"])
        if isinstance(value, dict) and value.get("class_name") == "__ellipsis__":
            return Ellipsis
        if isinstance(value, dict) and value.get("class_name") == "__tuple__":
            return tuple(resolve(v) for v in value["config"]["value"])
        if isinstance(value, dict):
            return {k: resolve(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(resolve(v) for v in value)
        return value

    _replay(config, created, outputs, pending, resolve)

    def lookup(ref: list) -> Any:
        return resolve({"class_name": _TENSOR, "config": {"keras_history": ref}})

    inputs = _map_refs(lookup, config["input_layers"])
    model_outputs = _map_refs(lookup, config["output_layers"])
    return Functional(
        inputs, model_outputs, name=config.get("name"), trainable=config.get("trainable", True)
    )


def _replay(config: dict, created: dict, outputs: dict, pending: list, resolve: Any) -> None:
    """Calls each layer or op on its inbound tensors once these exist, until none is left."""
    while pending:
        progressed = False
        for item in list(pending):
            name, index, node = item
            if index > 0 and (name, index - 1) not in outputs:
                continue
            try:
                args = resolve(node.get("args", []))
                kwargs = resolve(node.get("kwargs", {}))
            except KeyError:
                continue
            outputs[(name, index)] = created[name](*args, **kwargs)
            pending.remove(item)
            progressed = True
        if not progressed:
            raise ValueError(
                f"Functional config '{config.get('name')}' refers to tensors that no layer "
                f"produces: {[(n, i) for n, i, _ in pending]}."
            )


def _op_entry_names(model: Any) -> dict[int, str]:
    """Names the op calls (nodes whose `fn` is a lamina op, not a layer), unique in the model."""
    from lamina.layers.layer import Layer, to_snake_case

    used = {layer.name for layer in model.layers}
    names: dict[int, str] = {}
    for node in model._nodes:
        if isinstance(node.fn, Layer):
            continue
        base = to_snake_case(node.name)
        name, count = base, 0
        while name in used:
            count += 1
            name = f"{base}_{count}"
        used.add(name)
        names[id(node)] = name
    return names


def _op_entry(node: OpCall, name: str, inbound: dict) -> dict:
    from lamina import ops

    if getattr(ops, node.name, None) is not node.fn:
        raise NotImplementedError(
            f"Functional model config: '{node.name}' was applied to symbolic tensors but is not "
            "a lamina.ops function, so it has no config. Wrap it in a layer (e.g. a custom "
            "Layer) to serialize the model."
        )
    module = "keras.src.ops.nn" if node.fn.__module__.startswith("lamina.ops.nn") else None
    return {
        "module": module or "keras.src.ops.numpy",
        "class_name": "".join(part.capitalize() for part in node.name.split("_")),
        "config": {"name": name},
        "registered_name": None,
        "name": name,
        "inbound_nodes": [inbound],
    }


def _is_op_entry(entry: dict) -> bool:
    return str(entry.get("module", "")).startswith("keras.src.ops")


def _resolve_op(entry: dict, model_name: Any) -> Any:
    from lamina import ops

    class_name = entry.get("class_name", "")
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", class_name).lower()
    fn = getattr(ops, name, None) if name in ops.__all__ else None
    if fn is None:
        raise ValueError(
            f"Functional config '{model_name}': unknown op {class_name!r}; expected the "
            "CamelCase name of a lamina.ops function such as 'Add' or 'GetItem'."
        )
    # Keras stores an op's non-tensor arguments in its config, lamina in the call's kwargs.
    extra = {k: v for k, v in entry.get("config", {}).items() if k != "name"}
    return functools.partial(fn, **extra) if extra else fn


def _encode(value: Any, history: Any, model_name: str) -> Any:
    """Returns a call argument in JSON-friendly form: tensors as `__keras_tensor__` records."""
    if isinstance(value, SymbolicTensor):
        return {
            "class_name": _TENSOR,
            "config": {
                "shape": list(value.shape),
                "dtype": value.dtype,
                "keras_history": history(value),
            },
        }
    if isinstance(value, slice):
        config = {"start": value.start, "stop": value.stop, "step": value.step}
        return {"class_name": "__slice__", "config": config}
    if value is Ellipsis:
        return {"class_name": "__ellipsis__", "config": {}}
    if isinstance(value, dict):
        return {k: _encode(v, history, model_name) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v, history, model_name) for v in value]
    if isinstance(value, tuple):
        items = [_encode(v, history, model_name) for v in value]
        return {"class_name": "__tuple__", "config": {"value": items}}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise NotImplementedError(
        f"Functional model '{model_name}': a call argument of type {type(value).__name__} "
        "cannot be put in the config. Pass only tensors and plain Python values between "
        "layers, or wrap the computation in a custom Layer."
    )


def _model_nodes_of(layer: Any, model_nodes: set[int]) -> list[OpCall]:
    return [n for n in layer._inbound_nodes if id(n) in model_nodes]


def _map_refs(fn: Any, refs: Any) -> Any:
    """Maps `fn` over the `[name, node, tensor]` references in a (nested) structure."""
    if isinstance(refs, dict):
        return {k: _map_refs(fn, v) for k, v in refs.items()}
    if isinstance(refs, list) and len(refs) == 3 and isinstance(refs[0], str):
        return fn(refs)
    return [_map_refs(fn, r) for r in refs]
