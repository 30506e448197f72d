"""What a layer call hands down to the calls it makes: the `training` flag, and the epoch
counter that decides which `add_loss` losses are current.

Every outermost layer call starts a new epoch. A loss belongs to the epoch it was added in, and
`layer.losses` keeps only those added since that layer's latest call began, so calling one model
never clears the losses of another (a GAN's generator keeps its losses while the discriminator
runs), while a model's next call drops its previous losses.
"""

from __future__ import annotations

import threading
from typing import Any

_state = threading.local()


def current_training() -> bool | None:
    """Returns the `training` value of the enclosing layer call, or None outside any call."""
    return getattr(_state, "training", None)


def current_epoch() -> int:
    """Returns the number of outermost layer calls started so far (in this thread)."""
    return getattr(_state, "epoch", 0)


class CallScope:
    """Entered around each layer call: sets the inherited `training` value, starts a new epoch
    for an outermost call and stamps `layer` with the epoch of its latest call."""

    __slots__ = ("training", "layer", "_parent")

    def __init__(self, training: bool | None, layer: Any = None) -> None:
        self.training = training
        self.layer = layer
        self._parent: bool | None = None

    def __enter__(self) -> CallScope:
        depth = getattr(_state, "depth", 0)
        if depth == 0:
            _state.epoch = getattr(_state, "epoch", 0) + 1
        _state.depth = depth + 1
        if self.layer is not None:
            self.layer._call_epoch = _state.epoch
        self._parent = getattr(_state, "training", None)
        _state.training = self.training
        return self

    def __exit__(self, *exc_info: Any) -> None:
        _state.training = self._parent
        _state.depth -= 1
