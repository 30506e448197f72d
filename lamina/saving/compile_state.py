"""A model's compile state as Keras 3 saves it: `compile()`'s arguments, serialized.

`get_compile_config` returns `{"optimizer", "loss", "loss_weights", "metrics",
"weighted_metrics", "run_eagerly", "steps_per_execution", "jit_compile"}` with objects
serialized (names stay names); `compile_from_config` compiles a loaded model with them and
builds the optimizer, so that its saved variables (iterations, moments) can be loaded and
training continues where it stopped. A saved `jit_compile=True` is restored as `"auto"`:
Keras writes its resolved choice (True whenever saved from jax), and the loading backend
should choose again rather than be forced into `torch.compile`.
"""

from __future__ import annotations

import warnings
from typing import Any

from lamina.backend.common.variables import creation_checks_paused

_COMPILE_ARGUMENTS = (
    "optimizer",
    "loss",
    "loss_weights",
    "metrics",
    "weighted_metrics",
    "run_eagerly",
    "steps_per_execution",
    "jit_compile",
)


def get_compile_config(model: Any) -> dict | None:
    """Returns the serialized `compile()` arguments of a compiled model, else None.

    Args:
        model: A model.

    Returns:
        A JSON-ready dict, or None when the model was never compiled.

    Example:
        >>> import lamina
        >>> from lamina.saving.compile_state import get_compile_config
        >>> model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(1)])
        >>> model.compile(optimizer=lamina.optimizers.SGD(0.1), loss="mse")
        >>> config = get_compile_config(model)
        >>> config["optimizer"]["class_name"], config["loss"]
        ('SGD', 'mse')
    """
    from lamina.saving.serialization_lib import serialize_keras_object

    arguments = getattr(model, "_compile_config", None)
    if not getattr(model, "compiled", False) or not isinstance(arguments, dict):
        return None
    config = {name: arguments.get(name) for name in _COMPILE_ARGUMENTS if name in arguments}
    return serialize_keras_object(config)


def compile_from_config(model: Any, config: dict, resolver: Any = None) -> None:
    """Compiles `model` with a config from `get_compile_config` (lamina's or Keras 3's).

    Args:
        model: The model to compile.
        config: The serialized `compile()` arguments.
        resolver: The `config_resolution.Resolver` of the load in progress (its custom
            objects and safe mode); a default one when omitted.

    Example:
        >>> import lamina
        >>> from lamina.saving.compile_state import compile_from_config
        >>> model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(1)])
        >>> compile_from_config(model, {"optimizer": "adam", "loss": "mse", "metrics": ["mae"]})
        >>> type(model.optimizer).__name__, model.compiled
        ('Adam', True)
    """
    if _has_custom_compile(model):
        warnings.warn(
            f"{type(model).__name__} '{model.name}' overrides compile(), so it was not "
            "compiled while loading. Override get_compile_config() and compile_from_config() "
            "too, or call compile() yourself after loading.",
            stacklevel=3,
        )
        return
    if resolver is None:
        from lamina.saving.config_resolution import Resolver
        from lamina.saving.object_registration import visible_objects
        from lamina.saving.serialization_lib import effective_safe_mode

        resolver = Resolver(visible_objects(), effective_safe_mode(True))
    if not isinstance(config, dict):
        raise ValueError(
            f"compile_from_config: expected the dict get_compile_config() returns, received "
            f"{type(config).__name__}."
        )
    arguments = resolver.load(config)
    unknown = sorted(set(arguments) - set(_COMPILE_ARGUMENTS))
    if unknown:
        warnings.warn(
            f"compile_from_config: ignoring unknown compile arguments {unknown} saved with "
            f"{type(model).__name__} '{model.name}'.",
            stacklevel=3,
        )
    arguments = {key: arguments[key] for key in _COMPILE_ARGUMENTS if key in arguments}
    if arguments.get("jit_compile") is True:
        # Keras saves its resolved choice (always True from jax); the loading backend
        # chooses again, so a jax-made file does not force torch.compile on torch.
        arguments["jit_compile"] = "auto"
    model.compile(**arguments)
    if getattr(model, "built", False) and model.optimizer is not None:
        if not model.optimizer.built:
            # Slots mirror the model's variables (already checked against the weights file),
            # and a file saved before training holds none: not charged to the load's budget.
            with creation_checks_paused():
                model.optimizer.build(model.trainable_variables)


def restore_compile_state(model: Any, config: dict, resolver: Any) -> None:
    """Compiles a model being loaded: through its own `compile_from_config` when its class
    overrides it (as Keras does), else with `compile_from_config` above."""
    if _overrides(model, "compile_from_config"):
        model.compile_from_config(config)
    else:
        compile_from_config(model, config, resolver)


def _has_custom_compile(model: Any) -> bool:
    return _overrides(model, "compile")


def _overrides(model: Any, method: str) -> bool:
    """Whether a class of the model's own (not lamina's Trainer/Model) defines `method`."""
    for cls in type(model).__mro__:
        if method in vars(cls):
            return not cls.__module__.startswith("lamina.")
    return False
