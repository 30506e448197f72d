"""Torch backend: the engine side of `lamina.layers.Layer` — every layer is a torch.nn.Module.

Sublayers become registered child modules and variables registered parameters, so a lamina
model drops into torch code (`model.parameters()`, `state_dict()`, torch.compile, DDP).
lamina tracks layers and variables itself; `_sync_engine_state` mirrors that into the
module's `_modules` and `_parameters` after each build.
"""

from __future__ import annotations

from typing import Any

import torch

FLOAT_ENGINE_DTYPES = frozenset({torch.float16, torch.bfloat16, torch.float32, torch.float64})


class BackendLayer(torch.nn.Module):
    """Base of lamina's Layer on torch: a torch.nn.Module."""

    def _init_engine(self) -> None:
        torch.nn.Module.__init__(self)

    def __setattr__(self, name: str, value: Any) -> None:
        # Plain attributes: lamina tracks layers and variables itself, and attribute reads on the
        # hot path stay ordinary dict lookups instead of nn.Module.__getattr__ fallbacks.
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        object.__delattr__(self, name)

    def _sync_engine_state(self, variables: list, sublayers: list) -> None:
        params = self.__dict__["_parameters"]
        modules = self.__dict__["_modules"]
        params.clear()
        modules.clear()
        for variable in variables:
            key = variable.name.replace(".", "_")
            while key in params:
                key += "_"
            params[key] = variable._value
        for layer in sublayers:
            key = layer.name.replace(".", "_")
            while key in modules:
                key += "_"
            modules[key] = layer

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        return self(*args, **kwargs)

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other
