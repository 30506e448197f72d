"""A model's weights in the legacy (Keras 2) HDF5 layout: reading them, by layer order or by
layer name, and writing them.

Layout (Keras 2's `save_weights("w.h5")`, kept by Keras 3's `legacy_h5_format`): the group
(the file root, or `model_weights` in a whole-model file) has the attributes `layer_names`,
`backend` and `keras_version`; each layer has a subgroup named after it whose attribute
`weight_names` lists its weights (`"dense/kernel:0"`, ...) as dataset paths inside that
subgroup, trainable weights first. Weights owned by the model itself go to the group
`top_level_model_weights`. A name list larger than HDF5's object header limit is split over
the attributes `<name>0`, `<name>1`, ...

Loading checks every weight against the file first and assigns only when all fit, so a
failed load leaves the model unchanged.
"""

from __future__ import annotations

import warnings
from typing import Any

import h5py
import numpy as np

from lamina.saving import h5_store

HDF5_OBJECT_HEADER_LIMIT = 64512
_TOP_LEVEL = "top_level_model_weights"
_MAX_NAMES_BYTES = 64 * 1024 * 1024


def legacy_weights(layer: Any) -> list:
    """A layer's weights in the legacy order: trainable ones, then non-trainable ones."""
    return list(layer.trainable_weights) + list(layer.non_trainable_weights)


def read_names(group: Any, name: str, label: str) -> list[str]:
    """The string list stored in attribute `name` (or its chunks `name0`, `name1`, ...)."""
    if name in group.attrs:
        return _decode_names(group, name, label)
    names: list[str] = []
    chunk = 0
    while f"{name}{chunk}" in group.attrs:
        names += _decode_names(group, f"{name}{chunk}", label)
        chunk += 1
    return names


def write_names(group: Any, name: str, values: list[str]) -> None:
    """Stores a string list as attribute `name`, split into chunks when it is too large."""
    data = np.asarray([value.encode("utf8") for value in values])
    chunks = 1
    parts = np.array_split(data, chunks)
    while any(part.nbytes > HDF5_OBJECT_HEADER_LIMIT for part in parts):
        chunks += 1
        parts = np.array_split(data, chunks)
    if chunks == 1:
        group.attrs[name] = data
        return
    for index, part in enumerate(parts):
        group.attrs[f"{name}{index}"] = part


def subgroup(group: Any, path: str, label: str) -> Any:
    """The group at `path` below `group`; ValueError when it is missing or no group."""
    node = _walk(group, path, label)
    if not isinstance(node, h5py.Group):
        raise ValueError(f"load_weights: '{label}' is malformed: '{path}' is not a group.")
    return node


def read_values(group: Any, label: str) -> list[np.ndarray]:
    """The arrays a layer group's `weight_names` list, in that order."""
    values = []
    for name in read_names(group, "weight_names", label):
        dataset = _walk(group, name, label)
        if not isinstance(dataset, h5py.Dataset):
            raise ValueError(
                f"load_weights: '{label}' is malformed: weight '{name}' of '{group.name}' is "
                "not a dataset."
            )
        values.append(h5_store.read_array(dataset, label))
    return values


# -- loading ---------------------------------------------------------------------------------


def plan_by_order(group: Any, model: Any, skip_mismatch: bool, label: str) -> list[tuple]:
    """Pairs the file's layers that hold weights with the model's, in order (Keras 2's rule).

    Returns `(variable, array)` pairs to assign; raises ValueError when the numbers of
    layers or weights differ, or (unless `skip_mismatch`) when a shape differs.
    """
    layers = [layer for layer in model.layers if legacy_weights(layer)]
    saved = []
    for name in read_names(group, "layer_names", label):
        layer_group = subgroup(group, name, label)
        if read_names(layer_group, "weight_names", label):
            saved.append((name, layer_group))
    if len(saved) != len(layers):
        raise ValueError(
            f"load_weights('{label}'): the file holds weights for {len(saved)} layers "
            f"({[name for name, _ in saved]}) but {type(model).__name__} '{model.name}' has "
            f"{len(layers)} layers with weights ({[layer.name for layer in layers]}). Load "
            "weights saved from the same architecture, or pass by_name=True."
        )
    plan: list[tuple] = []
    for index, (name, layer_group) in enumerate(saved):
        layer = layers[index]
        values = read_values(layer_group, label)
        what = f"layer #{index} ('{layer.name}' in the model, '{name}' in the file)"
        _check_count(layer, values, what, label, skip_mismatch=False)
        plan += _pairs(legacy_weights(layer), values, what, label, skip_mismatch)
    plan += _plan_top_level(group, model, skip_mismatch, label)
    return plan


def plan_by_name(group: Any, model: Any, skip_mismatch: bool, label: str) -> list[tuple]:
    """Pairs each layer of the file with the model's layers of the same name; layers only
    one side has are left alone. Count and shape mismatches raise ValueError, or are
    skipped with a warning when `skip_mismatch`."""
    by_name: dict[str, list] = {}
    for layer in model.layers:
        by_name.setdefault(layer.name, []).append(layer)
    plan: list[tuple] = []
    for index, name in enumerate(read_names(group, "layer_names", label)):
        if name not in by_name:
            continue
        values = read_values(subgroup(group, name, label), label)
        for layer in by_name[name]:
            what = f"layer #{index} ('{name}')"
            if _check_count(layer, values, what, label, skip_mismatch):
                plan += _pairs(legacy_weights(layer), values, what, label, skip_mismatch)
    plan += _plan_top_level(group, model, skip_mismatch, label)
    return plan


def apply(plan: list[tuple]) -> None:
    """Assigns the planned arrays."""
    for variable, array in plan:
        variable.assign(array)


def _plan_top_level(group: Any, model: Any, skip_mismatch: bool, label: str) -> list[tuple]:
    if _TOP_LEVEL not in group:
        return []
    values = read_values(subgroup(group, _TOP_LEVEL, label), label)
    variables = _top_level_variables(model)
    what = f"the weights of {type(model).__name__} '{model.name}' itself"
    if len(values) != len(variables):
        _mismatch(
            f"{what}: the model has {len(variables)} but the file holds {len(values)}.",
            label,
            skip_mismatch,
        )
        return []
    return _pairs(variables, values, what, label, skip_mismatch)


def _top_level_variables(model: Any) -> list:
    own = model._own_variables()
    return [v for v in own if v.trainable] + [v for v in own if not v.trainable]


def _check_count(layer: Any, values: list, what: str, label: str, skip_mismatch: bool) -> bool:
    expected = len(legacy_weights(layer))
    if expected == len(values):
        return True
    _mismatch(
        f"{what} ({type(layer).__name__}) has {expected} weights but the file holds "
        f"{len(values)} for it.",
        label,
        skip_mismatch,
    )
    return False


def _pairs(variables: list, values: list, what: str, label: str, skip: bool) -> list[tuple]:
    pairs = []
    for variable, value in zip(variables, values):
        if tuple(variable.shape) != tuple(value.shape):
            _mismatch(
                f"{what}: weight '{variable.path}' has shape {tuple(variable.shape)} in the "
                f"model but {tuple(value.shape)} in the file.",
                label,
                skip,
            )
            continue
        pairs.append((variable, value))
    return pairs


def _mismatch(message: str, label: str, skip_mismatch: bool) -> None:
    where = f"load_weights('{label}'): {message}"
    if skip_mismatch:
        warnings.warn(f"{where} Skipped (skip_mismatch=True).", stacklevel=5)
        return
    raise ValueError(
        f"{where} Load weights saved from the same architecture, or pass "
        "skip_mismatch=True to skip what does not match."
    )


# -- saving ----------------------------------------------------------------------------------


def write_weights(group: Any, model: Any, backend_name: str, keras_version: str) -> None:
    """Writes the model's weights into `group` in the legacy layout (as Keras 3 does)."""
    write_names(group, "layer_names", [layer.name for layer in model.layers])
    group.attrs["backend"] = backend_name.encode("utf8")
    group.attrs["keras_version"] = keras_version.encode("utf8")
    for layer in sorted(model.layers, key=lambda layer: layer.name):
        write_variables(group.create_group(layer.name), legacy_weights(layer))
    write_variables(group.create_group(_TOP_LEVEL), _top_level_variables(model))


def write_variables(group: Any, variables: list) -> None:
    """Writes variables as datasets named by their paths, listed in `weight_names`."""
    names: list[str] = []
    for variable in variables:
        name = str(variable.path)
        base, count = name, 0
        while name in names:  # two variables with one path: keep both, in order
            count += 1
            name = f"{base}_{count}"
        names.append(name)
    write_names(group, "weight_names", names)
    for name, variable in zip(names, variables):
        group.create_dataset(name, data=np.asarray(variable.numpy()))


# -- helpers ---------------------------------------------------------------------------------


def _walk(group: Any, path: str, label: str) -> Any:
    """The object at a relative `path` below `group`, each part checked (no absolute
    paths, no `.` or `..`)."""
    parts = path.split("/") if isinstance(path, str) else [""]
    if any(part in ("", ".", "..") for part in parts):
        raise ValueError(
            f"load_weights: refusing '{label}': the path {path!r} in '{group.name}' is not a "
            "plain relative name."
        )
    node = group
    for part in parts:
        if not isinstance(node, h5py.Group) or part not in node:
            raise ValueError(
                f"load_weights: '{label}' is malformed: '{group.name}' has no '{path}'."
            )
        node = node[part]
    return node


def attribute_size(group: Any, name: str) -> int:
    """The bytes attribute `name` stores (0 for an empty one). Attributes are stored
    uncompressed, so a file cannot declare far more than it holds; this only bounds what
    one attribute may make the loader read."""
    try:
        return int(group.attrs.get_id(name).get_storage_size())
    except RuntimeError:  # HDF5 reports an empty attribute's size as an error
        return 0


def _decode_names(group: Any, name: str, label: str) -> list[str]:
    size = attribute_size(group, name)
    if size > _MAX_NAMES_BYTES:
        raise ValueError(
            f"load_weights: refusing '{label}': attribute '{name}' of '{group.name}' takes "
            f"{size} bytes, too many for a list of names."
        )
    raw = group.attrs[name]
    items = [raw] if isinstance(raw, (bytes, str)) else list(np.asarray(raw).ravel())
    names = []
    for item in items:
        if isinstance(item, bytes):
            item = item.decode("utf8")
        if not isinstance(item, str):
            raise ValueError(
                f"load_weights: '{label}' is malformed: attribute '{name}' of '{group.name}' "
                f"should hold names, found {type(item).__name__}."
            )
        names.append(item)
    return names
