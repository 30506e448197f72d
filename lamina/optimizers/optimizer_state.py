"""The saving and config half of `Optimizer`: its variables to and from a weights store, and
get_config / from_config."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from lamina.backend.common.variables import Variable
from lamina.optimizers import schedules

# To the type checker the mixin is as open as the Optimizer it is mixed into.
_Base: Any = Any if TYPE_CHECKING else object


class OptimizerStateMixin(_Base):
    """Mixed into `lamina.optimizers.Optimizer`; see there."""

    # -- saving --------------------------------------------------------------------------------
    def save_own_variables(self, store: Any) -> None:
        """Writes the value of each of `variables` to `store["0"]`, `store["1"]`, ..."""
        for i, variable in enumerate(self.variables):
            store[str(i)] = variable.numpy()

    def load_own_variables(self, store: Any) -> None:
        """Reads `variables` back from a `store` that `save_own_variables` wrote."""
        variables = self.variables
        if len(store.keys()) != len(variables):
            warnings.warn(
                f"Skipping variable loading for optimizer '{self.name}': it has "
                f"{len(variables)} variables whereas the saved one has "
                f"{len(store.keys())}. Build it first (optimizer.build(variables)).",
                stacklevel=2,
            )
            return
        for i, variable in enumerate(variables):
            variable.assign(store[str(i)])

    def get_config(self) -> dict[str, Any]:
        """Returns the constructor arguments as a JSON-friendly dict."""
        return {
            "name": self.name,
            "learning_rate": self._learning_rate_config(),
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "loss_scale_factor": self.loss_scale_factor,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
        }

    @classmethod
    def from_config(
        cls, config: dict[str, Any], custom_objects: Mapping[str, Any] | None = None
    ) -> Any:
        """Returns an optimizer built from `get_config()`'s output (a schedule config in
        `learning_rate` is deserialized, resolving only lamina's schedules and
        `custom_objects`)."""
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = schedules.deserialize(
                config["learning_rate"], custom_objects=custom_objects
            )
        return cls(**config)

    def _learning_rate_config(self) -> Any:
        learning_rate = self._learning_rate
        if isinstance(learning_rate, Variable):
            value = learning_rate.numpy()
            given = getattr(self, "_learning_rate_given", None)
            if given is not None and np.asarray(given, value.dtype) == value:
                return given
            return float(value)
        return schedules.serialize(learning_rate)
