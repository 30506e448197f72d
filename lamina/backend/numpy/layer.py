"""Numpy backend: the engine side of `lamina.layers.Layer` (nothing to register)."""

from __future__ import annotations

from lamina.backend.common.dtypes import FLOAT_TYPES
from lamina.backend.numpy.core import to_engine_dtype

FLOAT_ENGINE_DTYPES = frozenset(to_engine_dtype(name) for name in FLOAT_TYPES)


class BackendLayer:
    """Base of lamina's Layer on numpy: a plain Python object."""

    def _init_engine(self) -> None:
        pass

    def _sync_engine_state(self, variables: list, sublayers: list) -> None:
        del variables, sublayers
