"""Whole models and weights in the legacy HDF5 format (`.h5` / `.hdf5`) of Keras 2.

A model file (Keras 2's `model.save("x.h5")`, which Keras 3 still reads and writes) holds
the root attributes `model_config` (JSON architecture), `training_config` (JSON compile
arguments, when compiled), `keras_version` and `backend`; the weights in the group
`model_weights` (see `legacy_h5_weights`); and the optimizer's variables in
`optimizer_weights` (their paths listed in its `weight_names` attribute). A weights file
(Keras 2's `save_weights("w.h5")`) is that weights group at the file's root.

Loading is as safe as loading a `.keras` file: the whole file is scanned first and refused
if it holds links, external or virtual storage (`h5_store`); the configs are rewritten in
the Keras 3 form (`legacy_h5_config`, `legacy_h5_compile`) and then resolved only to
lamina's built-ins and the user's objects, with stored lambdas refused in safe mode
(`config_resolution`). Files are written to a temporary name and renamed when complete.
"""

from __future__ import annotations

import contextlib
import json
import os
import warnings
from collections.abc import Iterator, Mapping
from typing import Any

import h5py

from lamina.saving import h5_store, legacy_h5_compile, legacy_h5_config, legacy_h5_weights
from lamina.saving.config_resolution import Resolver
from lamina.saving.file_writes import atomic_write_path
from lamina.saving.object_registration import visible_objects
from lamina.saving.serialization_lib import (
    SafeModeScope,
    deserialize_keras_object,
    effective_safe_mode,
    serialize_keras_object,
)

_SUFFIXES = (".h5", ".hdf5")
_MAX_CONFIG_BYTES = 256 * 1024 * 1024
_OPTIMIZER_GROUP = "optimizer_weights"


def is_legacy_path(path: str) -> bool:
    """Whether `path` names a legacy HDF5 file (`.h5`/`.hdf5`, not Keras 3's `.weights.h5`).

    Example:
        >>> from lamina.saving.legacy_h5_format import is_legacy_path
        >>> is_legacy_path("model.h5"), is_legacy_path("model.weights.h5")
        (True, False)
    """
    return path.endswith(_SUFFIXES) and not path.endswith(".weights.h5")


def load_model_from_hdf5(
    filepath: str | os.PathLike,
    custom_objects: Mapping[str, Any] | None = None,
    compile: bool = True,
    safe_mode: bool = True,
) -> Any:
    """Loads a model from a legacy `.h5` file (Keras 2's, Keras 3's or lamina's).

    The body of `load_model` for `.h5` / `.hdf5` paths.

    Args:
        filepath: The file.
        custom_objects: `{name: class or function}` for user objects the config names.
        compile: Whether to compile the model with the saved `training_config` (when the
            file has one) and restore its optimizer's variables where they fit.
        safe_mode: When True (the default), lambdas stored as bytecode are refused.

    Returns:
        The model, with its weights loaded.

    Example:
        >>> import os, tempfile, warnings
        >>> import lamina
        >>> model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(2)])
        >>> path = os.path.join(tempfile.mkdtemp(), "model.h5")
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")  # the legacy format's warning
        ...     model.save(path)
        >>> loaded = lamina.models.load_model(path)
        >>> bool((loaded.get_weights()[0] == model.get_weights()[0]).all())
        True
    """
    path = os.fspath(filepath)
    with _open_checked(path, "load_model") as file:
        if "model_config" not in file.attrs:
            raise ValueError(
                f"load_model: '{path}' holds no 'model_config', so it is a weights file, not "
                "a model. Build the model and call model.load_weights(path)."
            )
        config = legacy_h5_config.upgrade_model_config(_json_attribute(file, "model_config", path))
        objects = visible_objects(custom_objects)
        safe = effective_safe_mode(safe_mode)
        with SafeModeScope(safe):
            model = deserialize_keras_object(config, objects, safe_mode=safe)
        _check_is_model(model, path)
        weights = legacy_h5_weights.subgroup(file, "model_weights", path)
        legacy_h5_weights.apply(legacy_h5_weights.plan_by_order(weights, model, False, path))
        if compile and "training_config" in file.attrs:
            training_config = _json_attribute(file, "training_config", path)
            outputs = len(getattr(model, "outputs", None) or [None])
            compile_config = legacy_h5_compile.upgrade_training_config(
                training_config, objects, outputs
            )
            from lamina.saving import compile_state

            compile_state.compile_from_config(model, compile_config, Resolver(objects, safe))
            if _OPTIMIZER_GROUP in file and getattr(model, "optimizer", None) is not None:
                _load_optimizer(model, file[_OPTIMIZER_GROUP], path)
    return model


def load_weights_from_hdf5(
    model: Any, filepath: str | os.PathLike, skip_mismatch: bool = False, by_name: bool = False
) -> None:
    """Loads legacy `.h5` weights (a weights file, or a whole-model file's weights).

    The body of `Model.load_weights` for `.h5` / `.hdf5` paths. Without `by_name`, the
    file's layers that hold weights are matched to the model's in order (Keras 2's rule);
    with it, by layer name, leaving layers that only one side has alone.

    Args:
        model: A built model.
        filepath: The file.
        skip_mismatch: Whether weights whose shapes differ (and, with `by_name`, layers
            whose number of weights differs) are skipped with a warning instead of raising.
        by_name: Whether to match layers by name instead of by order.

    Example:
        >>> import os, tempfile, warnings
        >>> import lamina
        >>> def make_model():
        ...     return lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(2)])
        >>> model, copy = make_model(), make_model()
        >>> path = os.path.join(tempfile.mkdtemp(), "model.h5")
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")  # the legacy format's warning
        ...     model.save(path)
        >>> copy.load_weights(path)
        >>> bool((copy.get_weights()[0] == model.get_weights()[0]).all())
        True
    """
    path = os.fspath(filepath)
    with _open_checked(path, "load_weights") as file:
        group: Any = file
        if "layer_names" not in file.attrs and "model_weights" in file:
            group = legacy_h5_weights.subgroup(file, "model_weights", path)
        if by_name:
            plan = legacy_h5_weights.plan_by_name(group, model, skip_mismatch, path)
        else:
            plan = legacy_h5_weights.plan_by_order(group, model, skip_mismatch, path)
        legacy_h5_weights.apply(plan)


def save_model_to_hdf5(
    model: Any, filepath: str | os.PathLike, keras_version: str, include_optimizer: bool = True
) -> None:
    """Writes a whole model in the legacy `.h5` layout, as Keras 3's `model.save("x.h5")`.

    The file is written to a temporary name in the same folder and renamed when complete.

    Args:
        model: A built model.
        filepath: The `.h5` / `.hdf5` path.
        keras_version: The Keras version written into the file.
        include_optimizer: Whether to store the compile arguments and optimizer state.
    """
    from lamina import backend

    path = os.fspath(filepath)
    config = {"class_name": type(model).__name__, "config": serialize_keras_object(model)["config"]}
    training_config = _training_config(model) if include_optimizer else None
    with atomic_write_path(path) as temporary, h5py.File(temporary, "w") as file:
        file.attrs["keras_version"] = keras_version
        file.attrs["backend"] = backend.backend()
        file.attrs["model_config"] = json.dumps(config).encode("utf8")
        if training_config is not None:
            file.attrs["training_config"] = json.dumps(training_config).encode("utf8")
        weights = file.create_group("model_weights")
        legacy_h5_weights.write_weights(weights, model, backend.backend(), keras_version)
        optimizer = getattr(model, "optimizer", None)
        if training_config is not None and optimizer is not None and optimizer.built:
            group = file.create_group(_OPTIMIZER_GROUP)
            legacy_h5_weights.write_variables(group, list(optimizer.variables))


# -- helpers ---------------------------------------------------------------------------------


@contextlib.contextmanager
def _open_checked(path: str, function: str) -> Iterator[h5py.File]:
    """Opens a legacy file for reading after the safety scan of `h5_store`."""
    if not os.path.isfile(path):
        raise FileNotFoundError(f"{function}: there is no file '{path}'. Check the path.")
    if not h5py.is_hdf5(path):
        raise ValueError(f"{function}: '{path}' is not an HDF5 file.")
    with h5py.File(path, "r") as file:
        h5_store._scan(file, path)
        yield file


def _json_attribute(file: h5py.File, name: str, path: str) -> Any:
    size = legacy_h5_weights.attribute_size(file, name)
    if size > _MAX_CONFIG_BYTES:
        raise ValueError(f"load_model: refusing '{path}': its '{name}' takes {size} bytes.")
    raw = file.attrs[name]
    text = raw.decode("utf8") if isinstance(raw, bytes) else raw
    if not isinstance(text, str):
        raise ValueError(f"load_model: the '{name}' of '{path}' is not JSON text.")
    try:
        return json.loads(text, object_hook=_decode_tuples)
    except (ValueError, RecursionError) as error:
        raise ValueError(f"load_model: the '{name}' of '{path}' is not valid JSON.") from error


def _decode_tuples(value: dict) -> Any:
    # Keras 2's JSON encoder wrote tuples as {"class_name": "__tuple__", "items": [...]}.
    if value.get("class_name") == "__tuple__" and isinstance(value.get("items"), list):
        return value["items"]
    return value


def _check_is_model(model: Any, path: str) -> None:
    from lamina.saving.keras_layout import _model_base

    if _model_base(model) is None:
        raise ValueError(
            f"load_model: the model_config of '{path}' describes a {type(model).__name__}, "
            "not a model."
        )


def _training_config(model: Any) -> dict | None:
    from lamina.saving import compile_state

    compile_config = compile_state.get_compile_config(model)
    optimizer = getattr(model, "optimizer", None)
    if compile_config is None or optimizer is None:
        return None
    config = {key: compile_config.get(key) for key in ("loss", "metrics", "weighted_metrics")}
    config["loss_weights"] = compile_config.get("loss_weights")
    entry = serialize_keras_object(optimizer)
    config["optimizer_config"] = {"class_name": entry["class_name"], "config": entry["config"]}
    return config


def _load_optimizer(model: Any, group: Any, path: str) -> None:
    """Restores the optimizer's variables: all of them when the file lists as many (lamina
    and Keras 3 files), else Keras 2's `iteration` plus one slot per saved slot."""
    optimizer = model.optimizer
    if not optimizer.built:
        optimizer.build(model.trainable_variables)
    values = legacy_h5_weights.read_values(group, path)
    variables = list(optimizer.variables)
    names = legacy_h5_weights.read_names(group, "weight_names", path)
    if len(values) != len(variables) and names[:1] == ["iteration:0"]:
        # Keras 2.11+: [iteration, slots...]; lamina adds learning_rate after iteration.
        variables = [v for v in variables if not str(v.path).endswith("/learning_rate")]
    if len(values) == len(variables) and all(
        tuple(v.shape) == tuple(a.shape) for v, a in zip(variables, values)
    ):
        for variable, value in zip(variables, values):
            variable.assign(value)
        return
    warnings.warn(
        f"load_model: the optimizer state in '{path}' was not loaded: {len(values)} saved "
        f"variables do not fit the {len(optimizer.variables)} variables of "
        f"{type(optimizer).__name__} '{optimizer.name}', so it starts afresh.",
        stacklevel=3,
    )
