"""A Functional model's config in the Keras 3 layout (`layers` with `inbound_nodes`,
`input_layers`, `output_layers`), and the model rebuilt from it."""

from __future__ import annotations

from typing import Any

from lamina.backend.common.symbolic_tensor import OpCall, SymbolicTensor, map_structure


def functional_config(model: Any) -> dict:
    """Returns the Keras-3-style config of a Functional model."""
    from lamina.layers import serialize
    from lamina.layers.core.input_layer import InputLayer

    model_nodes = {id(node) for node in model._nodes}
    for tensor in model.inputs:
        model_nodes.add(id(tensor.op))
    for node in model._nodes:
        if not hasattr(node.fn, "get_config"):
            raise NotImplementedError(
                f"Functional model '{model.name}' applies the op '{node.name}' directly to "
                "symbolic tensors, which has no config. Wrap it in a layer (e.g. "
                "lamina.layers.Lambda or a custom Layer) to serialize the model."
            )

    def history(tensor: SymbolicTensor) -> list:
        node = tensor.op
        layer = node.fn
        index = [id(n) for n in _model_nodes_of(layer, model_nodes)].index(id(node))
        outputs = node.outputs if isinstance(node.outputs, (list, tuple)) else [node.outputs]
        position = next(i for i, t in enumerate(outputs) if t is tensor)
        return [layer.name, index, position]

    def reference(value: Any) -> Any:
        if isinstance(value, SymbolicTensor):
            return {
                "class_name": "__keras_tensor__",
                "config": {
                    "shape": list(value.shape),
                    "dtype": value.dtype,
                    "keras_history": history(value),
                },
            }
        return value

    layers = []
    for layer in model.layers:
        entry = serialize(layer)
        entry["name"] = layer.name
        nodes = [] if isinstance(layer, InputLayer) else _model_nodes_of(layer, model_nodes)
        entry["inbound_nodes"] = [
            {
                "args": map_structure(reference, list(n.args)),
                "kwargs": map_structure(reference, n.kwargs),
            }
            for n in nodes
        ]
        layers.append(entry)
    return {
        "name": model.name,
        "trainable": model.trainable,
        "layers": layers,
        "input_layers": map_structure(lambda t: history(t), model._inputs_struct),
        "output_layers": map_structure(lambda t: history(t), model._outputs_struct),
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
        layer = deserialize(layer_config, custom_objects=custom_objects)
        created[entry["name"]] = layer
        if isinstance(layer, InputLayer):
            outputs[(entry["name"], 0)] = layer.output
        for index, node in enumerate(entry.get("inbound_nodes", [])):
            pending.append((entry["name"], index, node))

    def resolve(value: Any) -> Any:
        if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
            name, node_index, tensor_index = value["config"]["keras_history"]
            result = outputs[(name, node_index)]
            return result[tensor_index] if isinstance(result, (list, tuple)) else result
        if isinstance(value, dict):
            return {k: resolve(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [resolve(v) for v in value]
        return value

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

    def lookup(ref: list) -> Any:
        return resolve({"class_name": "__keras_tensor__", "config": {"keras_history": ref}})

    inputs = _map_refs(lookup, config["input_layers"])
    model_outputs = _map_refs(lookup, config["output_layers"])
    return Functional(
        inputs, model_outputs, name=config.get("name"), trainable=config.get("trainable", True)
    )


def _model_nodes_of(layer: Any, model_nodes: set[int]) -> list[OpCall]:
    return [n for n in layer._inbound_nodes if id(n) in model_nodes]


def _map_refs(fn: Any, refs: Any) -> Any:
    """Maps `fn` over the `[name, node, tensor]` references in a (nested) structure."""
    if isinstance(refs, dict):
        return {k: _map_refs(fn, v) for k, v in refs.items()}
    if isinstance(refs, list) and len(refs) == 3 and isinstance(refs[0], str):
        return fn(refs)
    if (
        isinstance(refs, list)
        and len(refs) == 1
        and isinstance(refs[0], list)
        and len(refs[0]) == 3
        and isinstance(refs[0][0], str)
    ):
        return [fn(refs[0])]
    return [_map_refs(fn, r) for r in refs]
