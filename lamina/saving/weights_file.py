"""`.weights.h5` files: a model's weights (and its optimizer's state) in the Keras 3 layout.

Files move both ways between lamina and Keras 3: the groups and datasets are those Keras
writes (see `keras_layout` for the paths and `h5_store` for the file format). Every write
goes to a temporary file in the target's folder that replaces the target only once complete
(`file_writes.atomic_write_path`). Loading checks the whole file first and changes the
model only when every variable fits, so a failed load leaves the model as it was.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import re
import warnings
from typing import Any

import h5py
import numpy as np

from lamina import backend
from lamina.backend.common.variables import Variable
from lamina.layers.layer import Layer
from lamina.optimizers.optimizer import Optimizer
from lamina.saving import h5_store, keras_layout, weights_loading
from lamina.saving.file_writes import atomic_write_path


def save_weights(
    model: Layer, filepath: str | os.PathLike, overwrite: bool = True, max_shard_size: Any = None
) -> None:
    """Saves the model's weights, and its built optimizer's state, to a `.weights.h5` file.

    The body of `Model.save_weights`. The file has the Keras 3 layout, so Keras loads it too.

    Args:
        model: A built model (or layer).
        filepath: Where to write; must end in `.weights.h5` (or `.weights.json` with
            `max_shard_size`).
        overwrite: Whether to replace an existing file without asking; when False, asks on
            the terminal.
        max_shard_size: If set, the largest size of one file in GB: the weights go to
            `<name>_00000.weights.h5`, `<name>_00001.weights.h5`, ... next to an index
            `<name>.weights.json`.

    Example:
        >>> import os, tempfile
        >>> import lamina
        >>> from lamina.saving import save_weights
        >>> model = lamina.Sequential([lamina.Input(shape=(3,)), lamina.layers.Dense(2)])
        >>> path = os.path.join(tempfile.mkdtemp(), "model.weights.h5")
        >>> save_weights(model, path)
        >>> os.listdir(os.path.dirname(path))
        ['model.weights.h5']
    """
    path = os.fspath(filepath)
    _check_save_path(path, max_shard_size)
    _check_built(model, "save_weights")
    if os.path.exists(path) and not overwrite and not _ask_to_overwrite(path):
        return
    entries = keras_layout.walk(model)
    if max_shard_size is None:
        with atomic_write_path(path) as temporary, h5py.File(temporary, "w") as file:
            _write_entries(h5_store.H5Writer(file), entries)
    else:
        _save_sharded(entries, path, float(max_shard_size))


def load_weights(
    model: Layer, filepath: str | os.PathLike, skip_mismatch: bool = False, **kwargs: Any
) -> None:
    """Loads weights saved by `save_weights` (lamina's or Keras 3's) into the model.

    The body of `Model.load_weights`. Reads `.weights.h5` files, sharded saves (their
    `.weights.json` index), the weights inside `.keras` archives, and legacy Keras 2 `.h5` /
    `.hdf5` weights or model files (see `legacy_h5_format`).

    Args:
        model: A built model with the saved model's architecture.
        filepath: The file to read.
        skip_mismatch: Whether a variable whose shape differs, or a layer the file lacks,
            is skipped with a warning instead of raising a ValueError.
        **kwargs: `by_name=True` matches the layers of a legacy `.h5` file by name instead
            of by order (legacy files only).

    Example:
        >>> import os, tempfile
        >>> import lamina
        >>> from lamina.saving import load_weights, save_weights
        >>> def make_model():
        ...     return lamina.Sequential([lamina.Input(shape=(3,)), lamina.layers.Dense(2)])
        >>> model, copy = make_model(), make_model()
        >>> path = os.path.join(tempfile.mkdtemp(), "model.weights.h5")
        >>> save_weights(model, path)
        >>> load_weights(copy, path)
        >>> all((a == b).all() for a, b in zip(model.get_weights(), copy.get_weights()))
        True
    """
    path = os.fspath(filepath)
    by_name = kwargs.pop("by_name", None)
    if kwargs:
        raise TypeError(f"load_weights: unexpected keyword argument(s) {sorted(kwargs)}.")
    from lamina.saving import legacy_h5_format

    if legacy_h5_format.is_legacy_path(path):
        _check_built(model, "load_weights")
        legacy_h5_format.load_weights_from_hdf5(model, path, skip_mismatch, bool(by_name))
        return
    if by_name is not None:
        raise ValueError(
            f"load_weights: by_name= applies only to legacy '.h5' / '.hdf5' files, received "
            f"'{path}'."
        )
    if not path.endswith((".weights.h5", ".weights.json", ".keras")):
        raise ValueError(
            f"load_weights: cannot read '{path}': the file name must end in '.weights.h5', "
            "'.weights.json' (a sharded save), '.keras', or '.h5' / '.hdf5' (legacy Keras 2 "
            "files)."
        )
    if not os.path.isfile(path):
        raise FileNotFoundError(
            f"load_weights: there is no file '{path}'. Check the path (weights are written "
            "by model.save_weights('<name>.weights.h5'))."
        )
    _check_built(model, "load_weights")
    weights_loading.load_into(model, path, skip_mismatch)


def save_layer_variables(layer: Layer, store: Any) -> None:
    """Writes a layer's own variables to `store["0"]`, `store["1"]`, ... (trainable ones
    first, each group in creation order): what Keras's `Layer.save_own_variables` does."""
    for index, variable in enumerate(layer._own_variables()):
        store[str(index)] = variable.numpy()


def load_layer_variables(layer: Layer, store: Any) -> None:
    """Assigns a layer's own variables from a store `save_layer_variables` filled."""
    variables = layer._own_variables()
    if len(store.keys()) != len(variables):
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}' has {len(variables)} variables but the "
            f"saved state holds {len(store.keys())}. Load weights saved from a layer of the "
            "same configuration."
        )
    for index, variable in enumerate(variables):
        variable.assign(np.asarray(store[str(index)]))


# -- saving ----------------------------------------------------------------------------------


def _write_entries(writer: Any, entries: list[tuple[str, Any]]) -> None:
    for path, obj in entries:
        if isinstance(obj, Optimizer) and not obj.built:
            continue
        writer.begin(path, getattr(obj, "name", None))
        if keras_layout.uses_default_storage(obj, "save_own_variables"):
            for index, variable in enumerate(keras_layout.own_variables(obj)):
                writer.put(str(index), variable.numpy())
        else:
            obj.save_own_variables(_WriteStore(writer))


class _WriteStore:
    """The store a custom `save_own_variables` writes into: `store["0"] = array`."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def __setitem__(self, key: str, value: Any) -> None:
        if isinstance(value, Variable):
            value = value.numpy()
        self._writer.put(str(key), np.asarray(backend.core.convert_to_numpy(value)))


def _save_sharded(entries: list[tuple[str, Any]], path: str, max_shard_size: float) -> None:
    if not max_shard_size > 0:
        raise ValueError(
            f"save_weights: max_shard_size must be a positive number of GB, received "
            f"{max_shard_size!r}."
        )
    if not path.endswith(".json"):
        index_path = str(pathlib.Path(path).with_suffix(".json"))
        warnings.warn(
            f"save_weights: sharded weights are indexed by a '.json' file, so '{path}' is "
            f"written as '{index_path}' (plus its shards).",
            stacklevel=3,
        )
        path = index_path
    folder = os.path.dirname(os.path.abspath(path))
    base_name = pathlib.Path(path).stem.replace(".weights", "")
    with contextlib.ExitStack() as stack:
        # Entered first, so replaced last: the new index appears only after its shards.
        index_temporary = stack.enter_context(atomic_write_path(path))

        def open_shard(index: int) -> str:
            target = os.path.join(folder, h5_store.shard_file_name(base_name, index))
            return stack.enter_context(atomic_write_path(target))

        writer = h5_store.ShardedH5Writer(base_name, max_shard_size * 1024**3, open_shard)
        try:
            _write_entries(writer, entries)
        finally:
            writer.close()
        with open(index_temporary, "w", encoding="utf-8") as f:
            f.write(writer.index_content())
    _remove_stale_shards(folder, base_name, writer.shard_count)


def _remove_stale_shards(folder: str, base_name: str, count: int) -> None:
    """Removes shards a previous, larger save left behind (the new index no longer lists
    them)."""
    pattern = re.compile(re.escape(base_name) + r"_(\d{5})\.weights\.h5")
    for name in os.listdir(folder):
        match = pattern.fullmatch(name)
        if match and int(match.group(1)) >= count:
            with contextlib.suppress(FileNotFoundError):
                os.remove(os.path.join(folder, name))


def _check_save_path(path: str, max_shard_size: Any) -> None:
    if max_shard_size is not None and (
        isinstance(max_shard_size, bool) or not isinstance(max_shard_size, (int, float))
    ):
        raise TypeError(
            f"save_weights: max_shard_size must be a number of GB (e.g. 2.0) or None, "
            f"received {max_shard_size!r}."
        )
    if max_shard_size is None and not path.endswith(".weights.h5"):
        raise ValueError(
            f"save_weights: the file name must end in '.weights.h5', received '{path}'. "
            "Use e.g. 'model.weights.h5' (model.save() writes whole models)."
        )
    if max_shard_size is not None and not path.endswith(("weights.h5", "weights.json")):
        raise ValueError(
            f"save_weights: with max_shard_size, the file name must end in '.weights.json' "
            f"(the index of the shards), received '{path}'."
        )


def _ask_to_overwrite(path: str) -> bool:
    answer = input(f"'{path}' already exists. Overwrite it? [y/n] ").strip().lower()
    while answer not in ("y", "n"):
        answer = input("Please answer 'y' (overwrite) or 'n' (keep the file): ").strip().lower()
    return answer == "y"


def _check_built(model: Any, function: str) -> None:
    if not getattr(model, "built", False):
        raise ValueError(
            f"{function}: {type(model).__name__} '{getattr(model, 'name', '?')}' is not built "
            "yet, so it has no weights. Build it first: give it an Input, call it on data, or "
            "call model.build(input_shape)."
        )
