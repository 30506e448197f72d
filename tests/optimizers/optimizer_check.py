"""Shared helpers: run an optimizer for a few steps and compare with a NumPy update rule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import lamina
from lamina import ops

SHAPE = (2, 3)


def trajectory(optimizer: Any, initial: np.ndarray, gradients: list[np.ndarray]) -> list:
    """Applies `gradients` one step at a time; returns the variable's value after each."""
    variable = lamina.Variable(initial.astype("float32"), name="w")
    values = []
    for gradient in gradients:
        optimizer.apply([ops.convert_to_tensor(gradient.astype("float32"))], [variable])
        values.append(variable.numpy().astype("float64"))
    return values


def expected_trajectory(
    rule: Callable[..., np.ndarray],
    initial: np.ndarray,
    gradients: list[np.ndarray],
) -> list:
    """Runs the NumPy `rule(w, g, state, t)` (t from 1; `state` a dict it may fill)."""
    w = initial.astype("float64")
    state: dict[str, Any] = {}
    values = []
    for t, gradient in enumerate(gradients, start=1):
        w = rule(w, gradient.astype("float64"), state, t)
        values.append(w)
    return values


def check_rule(
    optimizer: Any,
    rule: Callable[..., np.ndarray],
    rng: np.random.Generator,
    steps: int = 3,
    shape: tuple[int, ...] = SHAPE,
    rtol: float = 1e-5,
    atol: float = 1e-6,
) -> None:
    """Checks that `steps` updates of `optimizer` follow `rule` (in float64)."""
    initial = rng.normal(size=shape)
    gradients = [rng.normal(size=shape) for _ in range(steps)]
    result = trajectory(optimizer, initial, gradients)
    expected = expected_trajectory(rule, initial, gradients)
    for step, (got, want) in enumerate(zip(result, expected), start=1):
        np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, err_msg=f"step {step}")
