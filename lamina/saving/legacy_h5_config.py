"""Keras 2 configs (as legacy `.h5` files store them) rewritten in the Keras 3 form.

A Keras 2 `.h5` model file holds its architecture in the root attribute `model_config` and
its compile arguments in `training_config`. Their configs differ from Keras 3's in ways this
module undoes, so that the result loads through `deserialize_keras_object` with the same
checks (safe mode, closed list of built-ins) as a `.keras` file:

- layer entries have no `module`; a Functional model's `inbound_nodes` are lists of
  `[layer_name, node_index, tensor_index, kwargs]`, and a nested model's calls are numbered
  from 1 (its own input node is call 0), while lamina numbers the calls of this model only
  (so does Keras 3, except in `input_layers` / `output_layers` of nested Functional models);
- `batch_input_shape` on InputLayer (Keras 3: `batch_shape`) and on first layers of a
  Sequential (which then starts with an implied InputLayer); single-element `axis` lists
  (`[3]`, as BatchNormalization saves its axis once built); mixed precision policies as
  `{"class_name": "Policy", ...}`; Keras 2-only arguments (`time_major`, Embedding's
  `input_length`); Lambda functions as `[code, defaults, closure]` lists, which become
  `__lambda__` entries (refused in safe mode, like any stored bytecode);
- optimizers as `Custom>Adam` with `lr`, `decay`, `is_legacy_optimizer`; losses with
  `reduction="auto"`; the metrics of each output as nested lists of `MeanMetricWrapper`.
"""

from __future__ import annotations

import copy
from typing import Any

_MODEL_CLASSES = ("Functional", "Model", "Sequential")
_TENSOR = "__keras_tensor__"
# Keras 2 arguments that Keras 3 layers do not take: the value that leaves them off, or
# `None` when the argument only repeated what the model's inputs already say.
_KERAS2_ONLY_ARGUMENTS: dict[str, Any] = {"time_major": False}
_SHAPE_ONLY_ARGUMENTS = ("input_length",)
# Keyword names under which a layer's config holds other layers' entries.
_NESTED_LAYER_KEYS = ("layer", "backward_layer", "cell", "cells", "layers")
_LAMBDA_KEYS = ("module", "function_type", "output_shape_type", "output_shape_module")


def upgrade_model_config(config: Any) -> dict:
    """Returns the Keras 3 form of a Keras 2 `model_config` (the input is not changed).

    Args:
        config: The parsed `model_config` attribute: `{"class_name", "config"}`.

    Returns:
        A config `deserialize_keras_object` loads.

    Raises:
        ValueError: For a config that is not a model entry.

    Example:
        >>> from lamina.saving.legacy_h5_config import upgrade_model_config
        >>> keras2 = {"class_name": "Sequential", "config": {"name": "mlp", "layers": [
        ...     {"class_name": "Dense", "config": {"units": 2, "batch_input_shape": [None, 3]}}]}}
        >>> layers = upgrade_model_config(keras2)["config"]["layers"]
        >>> [entry["class_name"] for entry in layers], layers[0]["config"]["batch_shape"]
        (['InputLayer', 'Dense'], [None, 3])
    """
    if not isinstance(config, dict) or not isinstance(config.get("class_name"), str):
        raise ValueError(
            "load_model: the 'model_config' of a legacy .h5 file must be a dict with "
            f"'class_name' and 'config', received {type(config).__name__}."
        )
    return upgrade_layer_entry(copy.deepcopy(config))


def upgrade_layer_entry(entry: Any) -> Any:
    """Rewrites one layer (or model) entry in place and returns it."""
    if not isinstance(entry, dict) or not isinstance(entry.get("class_name"), str):
        return entry
    class_name = entry["class_name"]
    inner = entry.get("config")
    if class_name == "Sequential":
        entry["config"] = _upgrade_sequential(inner)
        return entry
    if not isinstance(inner, dict):
        return entry
    if class_name in ("Functional", "Model") and "layers" in inner:
        _upgrade_functional(inner)
        return entry
    _upgrade_arguments(class_name, inner)
    for key in _NESTED_LAYER_KEYS:
        value = inner.get(key)
        if isinstance(value, list):
            inner[key] = [upgrade_layer_entry(item) for item in value]
        elif isinstance(value, dict):
            inner[key] = upgrade_layer_entry(value)
    return entry


def starts_with_input_node(entry: dict) -> bool:
    """Whether Keras 2 counted a pre-existing input node for this layer (a nested model
    built on an input), so that its calls are numbered from 1 in Keras 2 configs."""
    class_name, inner = entry.get("class_name"), entry.get("config")
    if not isinstance(inner, dict):
        return False
    if class_name in ("Functional", "Model"):
        return "layers" in inner
    if class_name == "Sequential":
        layers = inner.get("layers") or []
        return bool(layers) and layers[0].get("class_name") == "InputLayer"
    return False


# -- layers ----------------------------------------------------------------------------------


def _upgrade_arguments(class_name: str, inner: dict) -> None:
    batch_input_shape = inner.pop("batch_input_shape", None)
    if class_name == "InputLayer":
        inner.pop("ragged", None)
        if batch_input_shape is not None and "batch_shape" not in inner:
            inner["batch_shape"] = batch_input_shape
    axis = inner.get("axis")
    if isinstance(axis, list) and len(axis) == 1 and isinstance(axis[0], int):
        inner["axis"] = axis[0]
    dtype = inner.get("dtype")
    if isinstance(dtype, dict) and dtype.get("class_name") in ("Policy", "DTypePolicy"):
        name = (dtype.get("config") or {}).get("name")
        if isinstance(name, str):
            inner["dtype"] = name
    for key, off in _KERAS2_ONLY_ARGUMENTS.items():
        if key in inner:
            value = inner.pop(key)
            if value != off:
                raise ValueError(
                    f"load_model: the legacy {class_name} layer '{inner.get('name')}' uses "
                    f"{key}={value!r}, which Keras 3 and lamina do not support. Re-save the "
                    f"model with {key}={off!r}."
                )
    for key in _SHAPE_ONLY_ARGUMENTS:
        inner.pop(key, None)
    if class_name == "Lambda":
        _upgrade_lambda(inner)


def _upgrade_lambda(inner: dict) -> None:
    function_type = inner.get("function_type")
    for key in _LAMBDA_KEYS:
        inner.pop(key, None)
    for key in ("function", "output_shape"):
        value = inner.get(key)
        if isinstance(value, list) and len(value) == 3 and isinstance(value[0], str):
            code, defaults, closure = value
            inner[key] = {
                "class_name": "__lambda__",
                "config": {"code": code, "defaults": defaults, "closure": closure},
            }
        elif isinstance(value, str) and (key == "function" or function_type == "function"):
            inner[key] = {"module": "builtins", "class_name": "function", "config": value}


def _upgrade_sequential(inner: Any) -> dict:
    if isinstance(inner, list):  # Keras <= 2.1 stored the layer list itself
        inner = {"name": None, "layers": inner}
    if not isinstance(inner, dict) or not isinstance(inner.get("layers"), list):
        raise ValueError(
            "load_model: a legacy Sequential config must hold a 'layers' list, received "
            f"{inner!r:.200}."
        )
    layers = inner["layers"]
    first = layers[0] if layers else None
    if (
        isinstance(first, dict)
        and first.get("class_name") != "InputLayer"
        and isinstance(first.get("config"), dict)
        and first["config"].get("batch_input_shape") is not None
    ):
        layer_config = first["config"]
        name = f"{layer_config.get('name') or 'layer'}_input"
        input_config = {"batch_shape": layer_config["batch_input_shape"], "name": name}
        if isinstance(layer_config.get("dtype"), str):
            input_config["dtype"] = layer_config["dtype"]
        layers.insert(0, {"class_name": "InputLayer", "config": input_config})
    inner["layers"] = [upgrade_layer_entry(layer) for layer in layers]
    return inner


# -- Functional graphs -----------------------------------------------------------------------


def _upgrade_functional(inner: dict) -> None:
    if not isinstance(inner["layers"], list):
        raise ValueError("load_model: a legacy Functional config must hold a 'layers' list.")
    entries = [upgrade_layer_entry(entry) for entry in inner["layers"] if isinstance(entry, dict)]
    legacy_nodes = any(
        isinstance(node, list) for entry in entries for node in entry.get("inbound_nodes") or []
    )
    # Keras 2 numbers a nested model's calls from 1; Keras 3 does so for Functional models
    # in `input_layers` / `output_layers` only (its call arguments count from 0).
    offsets = {
        entry.get("name"): 1
        for entry in entries
        if (starts_with_input_node(entry) if legacy_nodes else _is_functional(entry))
    }
    names = {entry.get("name") for entry in entries}
    for entry in entries:
        nodes = entry.get("inbound_nodes") or []
        entry["inbound_nodes"] = [_upgrade_node(node, offsets, names) for node in nodes]
    inner["layers"] = entries
    for key in ("input_layers", "output_layers"):
        refs = _shift_refs(inner.get(key), offsets)
        if legacy_nodes and isinstance(refs, list) and len(refs) == 1 and _is_ref(refs[0]):
            refs = refs[0]  # Keras 2 wrapped a single input or output in a list
        inner[key] = refs


def _is_functional(entry: dict) -> bool:
    return entry.get("class_name") in ("Functional", "Model") and starts_with_input_node(entry)


def _upgrade_node(node: Any, offsets: dict, names: set) -> Any:
    if isinstance(node, dict):  # Keras 3 form: its histories already count from 0
        return node
    if not isinstance(node, list) or not node:
        raise ValueError(f"load_model: malformed legacy inbound node {node!r:.200}.")
    tensors = []
    kwargs: Any = {}
    for item in node:
        if not isinstance(item, list) or len(item) not in (3, 4) or not _is_ref(item[:3]):
            raise ValueError(f"load_model: malformed legacy inbound node {node!r:.200}.")
        tensors.append(_tensor_record(item[:3], offsets))
        if len(item) == 4 and isinstance(item[3], dict):
            kwargs = item[3]
    kwargs = _tensor_kwargs(kwargs, offsets, names)
    return {"args": [tensors[0] if len(tensors) == 1 else tensors], "kwargs": kwargs}


def _tensor_kwargs(value: Any, offsets: dict, names: set) -> Any:
    """Keras 2 stored tensors among call kwargs as `[layer_name, node, tensor]` lists."""
    if isinstance(value, list) and len(value) == 3 and _is_ref(value) and value[0] in names:
        return _tensor_record(value, offsets)
    if isinstance(value, dict):
        return {key: _tensor_kwargs(item, offsets, names) for key, item in value.items()}
    if isinstance(value, list):
        return [_tensor_kwargs(item, offsets, names) for item in value]
    return value


def _tensor_record(ref: list, offsets: dict) -> dict:
    name, node_index, tensor_index = ref
    history = [name, node_index - offsets.get(name, 0), tensor_index]
    return {"class_name": _TENSOR, "config": {"keras_history": history}}


def _shift_refs(refs: Any, offsets: dict) -> Any:
    if isinstance(refs, list) and _is_ref(refs):
        return _shift_ref(refs, offsets)
    if isinstance(refs, dict):
        return {key: _shift_refs(value, offsets) for key, value in refs.items()}
    if isinstance(refs, list):
        return [_shift_refs(item, offsets) for item in refs]
    return refs


def _shift_ref(ref: list, offsets: dict) -> list:
    return [ref[0], ref[1] - offsets.get(ref[0], 0), ref[2]]


def _is_ref(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 3
        and isinstance(value[0], str)
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value[1:])
    )
