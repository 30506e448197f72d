"""What a layer call hands down to the calls it makes: the `training` flag, and the bookkeeping
that clears `add_loss` losses when a new outermost call starts."""

from __future__ import annotations

import threading
from typing import Any

_state = threading.local()


def current_training() -> bool | None:
    """Returns the `training` value of the enclosing layer call, or None outside any call."""
    return getattr(_state, "training", None)


def record_loss_owner(layer: Any) -> None:
    """Notes that `layer` holds call losses, to be cleared when the next outermost call starts."""
    owners = getattr(_state, "loss_owners", None)
    if owners is None:
        owners = _state.loss_owners = []
    owners.append(layer)


class CallScope:
    """Entered around each layer call: sets the inherited `training` value and, for the
    outermost call, clears the losses the previous outermost call left behind."""

    __slots__ = ("training", "_parent")

    def __init__(self, training: bool | None) -> None:
        self.training = training
        self._parent: bool | None = None

    def __enter__(self) -> CallScope:
        depth = getattr(_state, "depth", 0)
        if depth == 0:
            for layer in getattr(_state, "loss_owners", ()):
                layer._losses.clear()
            _state.loss_owners = []
        _state.depth = depth + 1
        self._parent = getattr(_state, "training", None)
        _state.training = self.training
        return self

    def __exit__(self, *exc_info: Any) -> None:
        _state.training = self._parent
        _state.depth -= 1
