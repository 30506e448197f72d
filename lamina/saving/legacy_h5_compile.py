"""A Keras 2 `training_config` (the compile arguments of a legacy `.h5` file) rewritten as
the compile config `compile_state.compile_from_config` takes.

Keras 2 stores `{"optimizer_config", "loss", "metrics", "weighted_metrics",
"loss_weights"}`. Its optimizers are registered as `Custom>Adam` (Keras 2.11+) or saved
with old argument names (`lr`, `decay`, `is_legacy_optimizer`); its losses carry
`reduction="auto"`; its metrics are the compiled metric objects, one list per output
(`[[MeanMetricWrapper(accuracy)]]`). The names are only rewritten here: they resolve later
through the same closed list of built-ins and user objects as any config.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

# Optimizer arguments Keras 2 wrote that mean nothing to Keras 3 (dropped).
_DROPPED_OPTIMIZER_ARGUMENTS = ("is_legacy_optimizer", "jit_compile")
# Metric names Keras resolves from the loss when compiling (kept as names).
_ACCURACY_NAMES = ("accuracy", "acc", "crossentropy", "ce")


def upgrade_training_config(
    training_config: Any, objects: Mapping[str, Any], num_outputs: int
) -> dict:
    """Returns the compile config of a Keras 2 `training_config`.

    Args:
        training_config: The parsed `training_config` attribute.
        objects: The user objects visible to the load (a user class registered as
            `Custom>Adam` keeps that name).
        num_outputs: The loaded model's number of outputs.

    Returns:
        `{"optimizer", "loss", "metrics", "weighted_metrics", "loss_weights"}`, with the
        keys the file holds.

    Example:
        >>> from lamina.saving.legacy_h5_compile import upgrade_training_config
        >>> keras2 = {"loss": "mse", "metrics": [["mae"]], "loss_weights": None,
        ...           "optimizer_config": {"class_name": "Custom>Adam",
        ...                                "config": {"lr": 0.01, "is_legacy_optimizer": False}}}
        >>> config = upgrade_training_config(keras2, {}, num_outputs=1)
        >>> config["optimizer"], config["metrics"]
        ({'class_name': 'Adam', 'config': {'learning_rate': 0.01}}, ['mae'])
    """
    if not isinstance(training_config, dict):
        raise ValueError(
            "load_model: the 'training_config' of a legacy .h5 file must be a dict, received "
            f"{type(training_config).__name__}."
        )
    config = copy.deepcopy(training_config)
    result: dict[str, Any] = {}
    optimizer = config.get("optimizer_config")
    if optimizer is not None:
        result["optimizer"] = _upgrade_optimizer(optimizer, objects)
    if config.get("loss") is not None:
        result["loss"] = _map_entries(config["loss"], _upgrade_loss)
    for key in ("metrics", "weighted_metrics"):
        if config.get(key) is not None:
            result[key] = _upgrade_metrics(config[key], num_outputs)
    if config.get("loss_weights") is not None:
        result["loss_weights"] = config["loss_weights"]
    return result


def _upgrade_optimizer(entry: Any, objects: Mapping[str, Any]) -> Any:
    if isinstance(entry, str):
        return entry
    if not isinstance(entry, dict) or not isinstance(entry.get("class_name"), str):
        raise ValueError(
            f"load_model: the legacy optimizer config {entry!r:.200} is not a "
            "{'class_name', 'config'} entry."
        )
    class_name = entry["class_name"]
    if class_name not in objects:
        class_name = _builtin_optimizer_name(class_name)
    inner = dict(entry.get("config") or {})
    if "lr" in inner:
        learning_rate = inner.pop("lr")
        inner.setdefault("learning_rate", learning_rate)
    for key in _DROPPED_OPTIMIZER_ARGUMENTS:
        inner.pop(key, None)
    if not inner.get("decay"):
        inner.pop("decay", None)
    return {**entry, "class_name": class_name, "config": inner}


def _builtin_optimizer_name(class_name: str) -> str:
    """`Custom>Adam`, `adam` -> `Adam`: how Keras 2 named lamina's built-in optimizers."""
    from lamina.saving import builtin_objects

    bare = class_name.split(">", 1)[1] if class_name.startswith("Custom>") else class_name
    for name in builtin_objects.classes("optimizers"):
        if name.lower() == bare.lower():
            return name
    return class_name


def _upgrade_loss(entry: dict) -> Any:
    inner = entry.get("config")
    if isinstance(inner, dict) and inner.get("reduction") == "auto":
        entry = {**entry, "config": {**inner, "reduction": "sum_over_batch_size"}}
    return entry


def _upgrade_metrics(metrics: Any, num_outputs: int) -> Any:
    metrics = _map_entries(metrics, _upgrade_metric)
    if num_outputs == 1 and isinstance(metrics, list) and len(metrics) == 1:
        if isinstance(metrics[0], list):
            metrics = metrics[0]  # Keras 2 stored one list per output
    return metrics


def _upgrade_metric(entry: dict) -> Any:
    inner = entry.get("config")
    if entry.get("class_name") == "MeanMetricWrapper" and isinstance(inner, dict):
        if inner.get("name") in _ACCURACY_NAMES:
            # Keras 2 resolved "accuracy" from the loss; compiling resolves it again.
            return inner["name"]
    return _upgrade_loss(entry)


def _map_entries(value: Any, upgrade: Any) -> Any:
    """Applies `upgrade` to each object entry in a structure (per-output lists and dicts)."""
    if isinstance(value, dict) and isinstance(value.get("class_name"), str):
        return upgrade(value)
    if isinstance(value, dict):
        return {key: _map_entries(item, upgrade) for key, item in value.items()}
    if isinstance(value, list):
        return [_map_entries(item, upgrade) for item in value]
    return value
