"""What a layer call hands down to the calls it makes (the `training` flag), and which
`add_loss` losses are current.

As in Keras, an outermost layer call clears the losses its own layer tree added before, so
`layer.losses` holds those of its latest call. Calling one model never clears the losses of
another (a GAN's generator keeps its losses while the discriminator runs).

The ids of layers holding losses are kept in a per-thread set, so an outermost call of a model
without any `add_loss` costs one empty-set check. No counter changes from step to step:
`torch.compile` guards on what a step reads, and a per-call counter would force a recompile
each step. A compiled training step clears its model's losses eagerly before it runs
(`losses_cleared`), so the compiled region never reads them.
"""

from __future__ import annotations

import threading
from typing import Any

_state = threading.local()


def current_training() -> bool | None:
    """Returns the `training` value of the enclosing layer call, or None outside any call."""
    return getattr(_state, "training", None)


def _holders() -> set[int]:
    holders = getattr(_state, "holders", None)
    if holders is None:
        holders = _state.holders = set()
    return holders


def holds_losses() -> bool:
    """Returns whether any layer (in this thread) holds `add_loss` losses."""
    return bool(getattr(_state, "holders", None))


def record_losses(layer: Any) -> None:
    """Notes that `layer._losses` is non-empty, so its next enclosing outermost call clears it."""
    _holders().add(id(layer))


def clear_losses(layers: list) -> None:
    """Empties the `add_loss` losses held by `layers` (a layer tree, flattened)."""
    holders = _holders()
    for layer in layers:
        if id(layer) in holders:
            holders.discard(id(layer))
            layer._losses.clear()


class losses_cleared:  # noqa: N801 (used like a function, as contextlib's helpers are)
    """Within it, outermost calls of `layer` leave its losses alone: the caller has just
    cleared them."""

    def __init__(self, layer: Any) -> None:
        self.layer = layer

    def __enter__(self) -> None:
        self._parent = getattr(_state, "cleared", None)
        _state.cleared = self.layer

    def __exit__(self, *exc_info: Any) -> None:
        _state.cleared = self._parent


class CallScope:
    """Entered around each layer call: sets the inherited `training` value and, for an
    outermost call of `layer`, clears the losses its tree added in earlier calls."""

    __slots__ = ("training", "layer", "_parent")

    def __init__(self, training: bool | None, layer: Any = None) -> None:
        self.training = training
        self.layer = layer
        self._parent: bool | None = None

    def __enter__(self) -> CallScope:
        depth = getattr(_state, "depth", 0)
        if (
            depth == 0
            and self.layer is not None
            and getattr(_state, "cleared", None) is not self.layer
            and getattr(_state, "holders", None)
        ):
            clear_losses(self.layer._flatten_layers())
        _state.depth = depth + 1
        self._parent = getattr(_state, "training", None)
        _state.training = self.training
        return self

    def __exit__(self, *exc_info: Any) -> None:
        _state.training = self._parent
        _state.depth -= 1
