"""Jax backend: fused optimizer updates — none; the per-variable update in lamina's ops runs.

(Under jax the update is traced once into the compiled step, where XLA fuses it anyway.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def fused_sgd_update(
    variables: Sequence[Any],
    grads: Sequence[Any],
    momentums: Sequence[Any],
    learning_rate: Any,
    momentum: float,
    nesterov: bool,
) -> bool:
    """Returns False: the caller runs the per-variable update."""
    return False


def fused_adam_update(
    variables: Sequence[Any],
    grads: Sequence[Any],
    momentums: Sequence[Any],
    velocities: Sequence[Any],
    velocity_hats: Sequence[Any],
    learning_rate: Any,
    iterations: Any,
    beta_1: float,
    beta_2: float,
    epsilon: float,
) -> bool:
    """Returns False: the caller runs the per-variable update."""
    return False
