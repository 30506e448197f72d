"""Loading an application's weights: Keras's published ImageNet files (downloaded once into
`~/.lamina/models`) and the user's own files.

Keras publishes its ImageNet weights as legacy Keras 2 `.h5` files: the root attribute
`layer_names` lists the layers, in model order, and each layer's group has a `weight_names`
attribute naming its datasets (trainable weights first, then the others, e.g.
`conv1_bn/gamma:0`, ..., `conv1_bn/moving_variance:0`).

Keras 3 `.weights.h5` files store each layer's variables in `layers/<class>_<n>/vars`, with
the layer's name as an attribute of that group. The `<n>` numbering follows Keras's layer
order, which differs from lamina's for branching graphs such as ResNet's, so application
models match such files (and legacy ones) by layer name when every layer with weights is
found there; otherwise layers are matched by position, as Keras does. Every shape is checked
before any variable changes. `.keras` archives go through `Model.load_weights`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

Saved = list[tuple[str, list[np.ndarray]]]


def load_imagenet_weights(model: Any, file_name: str, origin: str, file_hash: str | None) -> None:
    """Downloads (once) Keras's ImageNet weights file and loads it into `model`."""
    from lamina.utils.file_utils import get_file

    path = get_file(file_name, origin, cache_subdir="models", file_hash=file_hash)
    load_weights_file(model, path)


def load_weights_file(model: Any, path: str) -> None:
    """Loads a legacy Keras `.h5`, a `.weights.h5` or a `.keras` file into `model`.

    Raises:
        ValueError: When the file's layers or weight shapes do not fit the model; the model
            is left unchanged.
    """
    if not path.endswith(".h5"):
        model.load_weights(path)
        return
    from lamina.saving import h5_store

    reader = h5_store.SafeH5File(path, path)
    try:
        saved = _saved_layers(model, reader._file, path)  # the file was scanned for links
        assignments = None if saved is None else _plan(model, saved, path)
    finally:
        reader.close()
    if assignments is None:
        model.load_weights(path)
        return
    for variable, value in assignments:
        variable.assign(value)


def _saved_layers(model: Any, root: Any, path: str) -> Saved | None:
    """The file's `(layer name, arrays)`; None for a Keras 3 file whose layer names do not
    cover the model (then `Model.load_weights` matches it by structure)."""
    if path.endswith(".weights.h5"):
        saved = _keras3_layers(root, path)
        return saved if saved is not None and _names_cover(model, saved) else None
    if "layer_names" not in root.attrs and "model_weights" in root:
        root = root["model_weights"]
    return _legacy_layers(root, path)


def _keras3_layers(root: Any, path: str) -> Saved | None:
    """`(layer name, arrays)` of the named `layers/*/vars` groups of a Keras 3 file, or None
    when the file has no such groups."""
    from lamina.saving import h5_store

    group = root.get("layers")
    if group is None:
        return None
    saved = []
    for key in group:
        variables = group[key].get("vars")
        name = None if variables is None else variables.attrs.get("name")
        if name is None or len(variables) == 0:
            continue
        name = name.decode("utf-8") if isinstance(name, bytes) else str(name)
        keys = sorted(variables, key=lambda k: (len(k), k))
        saved.append((name, [h5_store.read_array(variables[k], path) for k in keys]))
    return saved


def _legacy_layers(root: Any, path: str) -> Saved:
    """`(layer name, arrays)` for each layer of a legacy file that holds weights."""
    from lamina.saving import h5_store

    names = _text_list(root, "layer_names")
    if names is None:
        raise ValueError(
            f"load_weights: '{path}' is not a Keras weights file: it has no 'layer_names' "
            "attribute (legacy .h5) and is not named '.weights.h5' (Keras 3)."
        )
    saved = []
    for name in names:
        if name not in root:
            raise ValueError(
                f"load_weights: '{path}' lists layer '{name}' but has no group for it."
            )
        group = root[name]
        weight_names = _text_list(group, "weight_names") or []
        arrays = [h5_store.read_array(group[weight], path) for weight in weight_names]
        if arrays:
            saved.append((name, arrays))
    return saved


def _text_list(group: Any, key: str) -> list[str] | None:
    """Reads a list-of-strings attribute, joined back when Keras split it into `key0`,
    `key1`, ... (HDF5 attributes are limited to 64 KB)."""
    if key in group.attrs:
        values = list(group.attrs[key])
    elif f"{key}0" in group.attrs:
        values = []
        index = 0
        while f"{key}{index}" in group.attrs:
            values.extend(group.attrs[f"{key}{index}"])
            index += 1
    else:
        return None
    return [v.decode("utf-8") if isinstance(v, bytes) else str(v) for v in values]


def _weighted_layers(model: Any) -> list[Any]:
    return [layer for layer in model.layers if layer.weights]


def _names_cover(model: Any, saved: Saved) -> bool:
    names = {name for name, _ in saved}
    return len(names) == len(saved) and all(
        layer.name in names for layer in _weighted_layers(model)
    )


def _plan(model: Any, saved: Saved, path: str) -> list[tuple[Any, np.ndarray]]:
    """Pairs every model variable with its saved array, checking counts and shapes."""
    targets = _weighted_layers(model)
    if len(saved) != len(targets):
        raise ValueError(
            f"load_weights: '{path}' holds weights for {len(saved)} layers, but model "
            f"'{model.name}' has {len(targets)} layers with weights. The file was saved from "
            "another architecture (or another include_top / classes setting)."
        )
    by_name = {layer.name: layer for layer in targets}
    if _names_cover(model, saved):
        pairs = [(by_name[name], name, arrays) for name, arrays in saved]
    else:
        pairs = [(layer, name, arrays) for layer, (name, arrays) in zip(targets, saved)]
    assignments = []
    for layer, name, arrays in pairs:
        # A layer's own weights come trainable ones first, then the others: the file order.
        variables = list(layer.weights)
        if len(variables) != len(arrays):
            raise ValueError(
                f"load_weights: layer '{layer.name}' of model '{model.name}' has "
                f"{len(variables)} weights, but '{path}' holds {len(arrays)} for layer '{name}'."
            )
        for variable, array in zip(variables, arrays):
            if tuple(variable.shape) != tuple(array.shape):
                raise ValueError(
                    f"load_weights: weight '{variable.path}' of model '{model.name}' has shape "
                    f"{tuple(variable.shape)}, but '{path}' holds shape {tuple(array.shape)} "
                    f"for layer '{name}'."
                )
            assignments.append((variable, array))
    return assignments
