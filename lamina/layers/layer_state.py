"""The weights and config half of `Layer`: get/set_weights, the saving hooks, and
get_config / from_config (with the automatic config of subclasses that define none)."""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from lamina import dtype_policies

_BASE_INIT_ARGS = ("activity_regularizer", "trainable", "dtype", "autocast", "name")


# To the type checker the mixin is as open as the Layer it is mixed into.
_Base: Any = Any if TYPE_CHECKING else object


class LayerStateMixin(_Base):
    """Mixed into `lamina.layers.Layer`; see there."""

    def get_weights(self) -> list[np.ndarray]:
        """Returns the weights' values as NumPy arrays, in `weights` order."""
        return [v.numpy() for v in self.weights]

    def set_weights(self, weights: Sequence[Any]) -> None:
        """Sets the weights from NumPy arrays, in `weights` order (counts and shapes must match)."""
        own = self.weights
        if len(weights) != len(own):
            raise ValueError(
                f"{type(self).__name__} '{self.name}' has {len(own)} weights but set_weights "
                f"received {len(weights)} arrays."
            )
        for variable, value in zip(own, weights):
            shape = tuple(np.shape(value))
            if shape != variable.shape:
                raise ValueError(
                    f"{type(self).__name__} '{self.name}': weight '{variable.path}' has shape "
                    f"{variable.shape} but set_weights received shape {shape}."
                )
            variable.assign(value)

    def save_own_variables(self, store: Any) -> None:
        """Writes the layer's own variables (not its sublayers') to `store["0"]`, `store["1"]`,
        ...: trainable ones first, each group in creation order, as Keras orders them."""
        for index, variable in enumerate(self._own_variables()):
            store[str(index)] = variable.numpy()

    def load_own_variables(self, store: Any) -> None:
        """Assigns the layer's own variables from a store that `save_own_variables` filled."""
        variables = self._own_variables()
        if len(store.keys()) != len(variables):
            raise ValueError(
                f"{type(self).__name__} '{self.name}' has {len(variables)} variables but the "
                f"saved state holds {len(store.keys())}. Load weights saved from a layer of "
                "the same configuration."
            )
        for index, variable in enumerate(variables):
            variable.assign(store[str(index)])

    # -- config ----------------------------------------------------------------------------------
    def get_config(self) -> dict:
        """Returns the constructor arguments that rebuild this layer (without its weights)."""
        config: dict[str, Any] = {
            "name": self.name,
            "trainable": self.trainable,
            "dtype": dtype_policies.serialize(self._dtype_policy),
        }
        if self._activity_regularizer is not None:
            from lamina import regularizers

            config["activity_regularizer"] = regularizers.serialize(self._activity_regularizer)
        if type(self).get_config is LayerStateMixin.get_config:
            config = self._auto_config(config)
        return config

    @classmethod
    def from_config(cls, config: dict) -> Any:
        """Creates a layer from the output of `get_config`."""
        return cls(**config)

    def _auto_config(self, base: dict) -> dict:
        """The config of a subclass without get_config(): the base entries its __init__
        accepts, plus the arguments it was constructed with (plain Python values only)."""
        args, kwargs = self._init_args
        parameters = inspect.signature(type(self).__init__).parameters
        positional = [
            name
            for name, p in parameters.items()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and name != "self"
        ]
        extra = dict(zip(positional, args))
        extra.update({k: v for k, v in kwargs.items() if k not in _BASE_INIT_ARGS})
        if len(args) > len(positional):
            extra["*args"] = args[len(positional) :]
        for key, value in extra.items():
            if key == "*args" or not _is_plain(value):
                raise NotImplementedError(
                    f"{type(self).__name__} '{self.name}': argument '{key}' of type "
                    f"{type(value).__name__} cannot be put in a config automatically. "
                    "Override get_config() (and from_config() if needed)."
                )
        if not any(p.kind is p.VAR_KEYWORD for p in parameters.values()):
            base = {k: v for k, v in base.items() if k in parameters}
        return {**base, **extra}

    def get_build_config(self) -> dict | None:
        """Returns what `build_from_config` needs to rebuild the layer's weights."""
        if not self.built or getattr(self, "_build_input_shape", None) is None:
            return None
        return {"input_shape": self._build_input_shape}

    def build_from_config(self, config: dict | None) -> None:
        """Builds the layer from the output of `get_build_config`."""
        if config and not self.built:
            self._build_with(config["input_shape"])


def _is_plain(value: Any) -> bool:
    if isinstance(value, (list, tuple)):
        return all(_is_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain(v) for k, v in value.items())
    return value is None or isinstance(value, (bool, int, float, str))
