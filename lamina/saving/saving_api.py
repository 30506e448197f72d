"""`save_model` / `load_model`: whole models in `.keras` archives, as Keras 3 writes them.

A model is saved as `metadata.json`, `config.json` (its config tree, with its compile
state) and `model.weights.h5` (the same tree `save_weights` writes, optimizer included),
plus `assets/` for objects with `save_assets`. Loading rebuilds the model from the config
(names resolve only to lamina objects and registered / custom ones; see
`serialization_lib`), compiles it when the file holds a compile state, and loads every
variable only after all of them have been checked against the file.
"""

from __future__ import annotations

import datetime
import json
import os
import tempfile
import warnings
from collections.abc import Mapping
from typing import Any

import h5py

from lamina.saving import (
    allocation_guard,
    compile_state,  # noqa: F401 - loaded now, so loading a file never imports modules
    config_resolution,  # noqa: F401
    h5_store,
    keras_archive,
    keras_layout,
    legacy_h5_format,
    unsafe_code,  # noqa: F401
    weights_file,
    weights_loading,
)
from lamina.saving.serialization_lib import (
    SafeModeScope,
    deserialize_keras_object,
    effective_safe_mode,
    serialize_keras_object,
)

#: The Keras release whose `.keras` format lamina writes (Keras reads it as its own).
KERAS_FORMAT_VERSION = "3.15.1"


def save_model(
    model: Any,
    filepath: str | os.PathLike,
    overwrite: bool = True,
    zipped: bool | None = None,
    **kwargs: Any,
) -> None:
    """Saves a model (architecture, weights, compile state, optimizer state) as `.keras`.

    The file is written to a temporary name in the same folder and renamed when complete,
    so a crash never leaves a half-written model behind.

    Args:
        model: A built model.
        filepath: The path; must end in `.keras` (or `.h5` / `.hdf5` for Keras 2's legacy
            HDF5 format, written with a warning, as Keras 3 does; it then also takes
            `include_optimizer=`).
        overwrite: Whether to replace an existing file without asking; when False, asks on
            the terminal.
        zipped: Whether to write a zip archive (the default, None, means True) or an
            unzipped folder with the same members.
        **kwargs: Not supported (Keras's `save_format` is refused with an explanation).

    Example:
        >>> import os, tempfile
        >>> import lamina
        >>> model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(2)])
        >>> path = os.path.join(tempfile.mkdtemp(), "model.keras")
        >>> lamina.saving.save_model(model, path)
        >>> import zipfile
        >>> sorted(zipfile.ZipFile(path).namelist())
        ['config.json', 'metadata.json', 'model.weights.h5']
    """
    path = os.fspath(filepath)
    if legacy_h5_format.is_legacy_path(path):
        _save_legacy_h5(model, path, overwrite, kwargs)
        return
    _check_save_arguments(model, path, kwargs)
    if os.path.exists(path) and not overwrite and not weights_file._ask_to_overwrite(path):
        return
    config = serialize_keras_object(model)
    metadata = {
        "keras_version": KERAS_FORMAT_VERSION,
        "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S"),
        "lamina_version": _lamina_version(),
    }
    with tempfile.TemporaryFile() as weights, tempfile.TemporaryDirectory() as assets_root:
        with h5py.File(weights, "w") as file:
            weights_file._write_entries(h5_store.H5Writer(file), keras_layout.walk(model))
        members: list[tuple[str, Any]] = [
            (keras_archive.METADATA, json.dumps(metadata).encode()),
            (keras_archive.CONFIG, json.dumps(config).encode()),
            (keras_archive.WEIGHTS, weights),
        ]
        members += _asset_members(model, assets_root)
        if zipped is False:
            keras_archive.write_folder(path, members)
        else:
            keras_archive.write_archive(path, members)


def load_model(
    filepath: str | os.PathLike,
    custom_objects: Mapping[str, Any] | None = None,
    compile: bool = True,
    safe_mode: bool = True,
) -> Any:
    """Loads a model saved by `save_model` (lamina's or Keras 3's `.keras` files).

    The file is checked before use: see `keras_archive` (zip members), `h5_store` (the
    weights) and `serialization_lib` (names in the config). Nothing in the file can make
    loading run code, or read or write other files.

    Args:
        filepath: A `.keras` archive, or a folder written with `zipped=False`, or a legacy
            `.h5` / `.hdf5` model file (Keras 2's format, see `legacy_h5_format`).
        custom_objects: `{name: class or function}` for user objects the config names
            (registered objects are found without it).
        compile: Whether to compile the model with its saved compile state and restore
            the optimizer's variables.
        safe_mode: When True (the default), lambdas stored as bytecode are refused.

    Returns:
        The model.

    Raises:
        ValueError: For a file that is not a `.keras` model, is hostile, names unknown
            objects, or whose weights do not fit the architecture.

    Example:
        >>> import os, tempfile
        >>> import lamina
        >>> model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(2)])
        >>> path = os.path.join(tempfile.mkdtemp(), "model.keras")
        >>> lamina.saving.save_model(model, path)
        >>> loaded = lamina.saving.load_model(path)
        >>> bool((loaded.get_weights()[0] == model.get_weights()[0]).all())
        True
    """
    path = os.fspath(filepath)
    if legacy_h5_format.is_legacy_path(path):
        return legacy_h5_format.load_model_from_hdf5(path, custom_objects, compile, safe_mode)
    _check_load_path(path)
    reader = keras_archive.ArchiveReader(path)
    try:
        config = reader.read_json(keras_archive.CONFIG)
        if not isinstance(config, dict):
            raise ValueError(f"load_model: the config.json of '{path}' is not a config dict.")
        if not compile:
            config = {key: value for key, value in config.items() if key != "compile_config"}
        safe = effective_safe_mode(safe_mode)
        label = f"{path}::{keras_archive.WEIGHTS}"
        with reader.open_weights() as weights:
            # Variables the weights file cannot back are refused before they are allocated.
            with SafeModeScope(safe), allocation_guard.variable_budget(weights, label):
                model = deserialize_keras_object(config, custom_objects, safe_mode=safe)
            _check_is_model(model, path)
            _load_weights(model, weights, label)
        _load_assets(model, reader)
    finally:
        reader.close()
    return model


def _save_legacy_h5(model: Any, path: str, overwrite: bool, kwargs: dict) -> None:
    """`save_model` for `.h5` / `.hdf5` paths: Keras 2's legacy layout, as Keras 3 writes it."""
    include_optimizer = kwargs.pop("include_optimizer", True)
    if kwargs.pop("save_format", None) not in (None, False, "h5"):
        raise ValueError(f"save_model: '{path}' is an HDF5 path; save_format must be 'h5'.")
    if kwargs:
        raise ValueError(
            f"save_model: unexpected argument(s) {sorted(kwargs)} for the legacy HDF5 format "
            "(it takes include_optimizer= and save_format='h5')."
        )
    _check_save_arguments(model, os.path.splitext(path)[0] + ".keras", {})  # built?
    warnings.warn(
        f"save_model: '{path}' is written in the legacy HDF5 format of Keras 2. Prefer the "
        "'.keras' format, e.g. model.save('my_model.keras').",
        stacklevel=3,
    )
    if os.path.exists(path) and not overwrite and not weights_file._ask_to_overwrite(path):
        return
    legacy_h5_format.save_model_to_hdf5(model, path, KERAS_FORMAT_VERSION, include_optimizer)


def _load_weights(model: Any, weights: Any, label: str) -> None:
    reader = h5_store.SafeH5File(weights, label)
    try:
        loader = weights_loading._Loader(model, reader, skip_mismatch=False)
        for entry_path, obj in keras_layout.walk(model):
            loader.plan(entry_path, obj)
        loader.apply()
    finally:
        reader.close()


def _asset_members(model: Any, root: str) -> list[tuple[str, Any]]:
    """Calls `save_assets(folder)` of each object that has it; returns the files it wrote as
    `assets/<object path>/<file>` members."""
    members: list[tuple[str, Any]] = []
    for entry_path, obj in keras_layout.walk(model):
        save_assets = getattr(obj, "save_assets", None)
        if not callable(save_assets):
            continue
        member_folder = f"{keras_archive.ASSETS}/{entry_path}" if entry_path else "assets"
        keras_archive.check_member_name(member_folder + "/x", "save_model")
        folder = tempfile.mkdtemp(dir=root)
        save_assets(folder)
        for current, _, files in os.walk(folder, followlinks=False):
            for name in sorted(files):
                full = os.path.join(current, name)
                if os.path.islink(full) or not os.path.isfile(full):
                    raise ValueError(
                        f"save_model: {type(obj).__name__}.save_assets() left '{full}', which "
                        "is not a regular file (links are not saved)."
                    )
                relative = os.path.relpath(full, folder).replace(os.sep, "/")
                with open(full, "rb") as f:
                    members.append((f"{member_folder}/{relative}", f.read()))
    return members


def _load_assets(model: Any, reader: keras_archive.ArchiveReader) -> None:
    for entry_path, obj in keras_layout.walk(model):
        load_assets = getattr(obj, "load_assets", None)
        if callable(load_assets) and reader.has_assets(entry_path):
            with tempfile.TemporaryDirectory() as folder:
                reader.extract_assets(entry_path, folder)
                load_assets(folder)


def _check_save_arguments(model: Any, path: str, kwargs: dict) -> None:
    if kwargs:
        raise ValueError(
            f"save_model: unexpected argument(s) {sorted(kwargs)}. lamina saves whole models "
            "only as '.keras' files (Keras's save_format= and legacy options are not supported)."
        )
    if not path.endswith(".keras"):
        hint = " (use save_weights() for '.weights.h5')" if path.endswith(".h5") else ""
        raise ValueError(
            f"save_model: the file name must end in '.keras', received '{path}'{hint}."
        )
    if not getattr(model, "built", False):
        raise ValueError(
            f"save_model: {type(model).__name__} '{getattr(model, 'name', '?')}' is not built "
            "yet, so it has no weights to save. Build it first: give it an Input, call it on "
            "data, or call model.build(input_shape)."
        )


def _check_load_path(path: str) -> None:
    if not os.path.exists(path):
        raise ValueError(f"load_model: there is no file or folder '{path}'. Check the path.")
    if path.endswith(".weights.h5"):
        raise ValueError(
            f"load_model: '{path}' is a weights file, not a model. Build the model and call "
            "model.load_weights(path)."
        )
    if not os.path.isdir(path) and not path.endswith(".keras"):
        raise ValueError(
            f"load_model: cannot load '{path}': lamina reads '.keras' files (and folders "
            "written with zipped=False)."
        )


def _check_is_model(model: Any, path: str) -> None:
    from lamina.layers.layer import Layer

    if not isinstance(model, Layer):
        raise ValueError(
            f"load_model: the config of '{path}' describes a {type(model).__name__}, not a "
            "model or layer."
        )


def _lamina_version() -> str:
    import lamina

    return str(getattr(lamina, "__version__", "unknown"))
