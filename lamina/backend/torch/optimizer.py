"""Torch backend: fused optimizer updates with torch's multi-tensor (`_foreach_`) kernels.

An eager update written with lamina ops costs a dozen Python-level op calls per variable; these
functions update every variable of an optimizer at once, with the formulas of lamina's (Keras's)
optimizers. Each returns False when it cannot run (inside a StatelessScope or autocast, or with
variables of mixed dtypes or devices) and the caller falls back to the per-variable update.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import torch

from lamina.backend.common.stateless_scope import _state as _scope_state


def fused_sgd_update(
    variables: Sequence[Any],
    grads: Sequence[Any],
    momentums: Sequence[Any],
    learning_rate: Any,
    momentum: float,
    nesterov: bool,
) -> bool:
    """SGD: `v = momentum * v - lr * g; w += v` (nesterov: `w += momentum * v - lr * g`)."""
    tensors = _engine_tensors(variables, grads, momentums)
    if tensors is None:
        return False
    params, gradients, velocities = tensors
    rate = _host_scalar(learning_rate, params[0])
    if rate is not None and not velocities:
        torch._foreach_add_(params, gradients, alpha=-rate)
        return True
    steps = torch._foreach_mul(
        gradients, rate if rate is not None else _as_scalar_tensor(learning_rate, params[0])
    )
    if not velocities:
        torch._foreach_sub_(params, steps)
        return True
    torch._foreach_mul_(velocities, momentum)
    torch._foreach_sub_(velocities, steps)
    if nesterov:
        updates = torch._foreach_mul(velocities, momentum)
        torch._foreach_sub_(updates, steps)
        torch._foreach_add_(params, updates)
    else:
        torch._foreach_add_(params, velocities)
    return True


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
    """Adam: `m += (g - m)(1 - b1); v += (g² - v)(1 - b2);
    w -= m · lr·sqrt(1 - b2^t)/(1 - b1^t) / (sqrt(v) + eps)` (amsgrad: v̂ = max(v̂, v))."""
    tensors = _engine_tensors(variables, grads, momentums, velocities, velocity_hats)
    if tensors is None:
        return False
    params, gradients, first, second, second_max = tensors
    reference = params[0]
    host_rate = _host_adam_rate(learning_rate, iterations, beta_1, beta_2, reference)
    torch._foreach_lerp_(first, gradients, 1 - beta_1)
    torch._foreach_mul_(second, beta_2)
    torch._foreach_addcmul_(second, gradients, gradients, value=1 - beta_2)
    if second_max:
        torch._foreach_maximum_(second_max, second)
        second = second_max
    denominators = torch._foreach_sqrt(second)
    torch._foreach_add_(denominators, epsilon)
    if host_rate is not None:
        torch._foreach_addcdiv_(params, first, denominators, value=-host_rate)
        return True
    step = (_as_scalar_tensor(iterations, reference) + 1).to(reference.dtype)
    rate = (
        _as_scalar_tensor(learning_rate, reference)
        * torch.sqrt(1 - beta_2**step)
        / (1 - beta_1**step)
    )
    updates = torch._foreach_div(first, denominators)
    torch._foreach_mul_(updates, rate)
    torch._foreach_sub_(params, updates)
    return True


def _host_adam_rate(
    learning_rate: Any, iterations: Any, beta_1: float, beta_2: float, reference: torch.Tensor
) -> float | None:
    """Adam's bias-corrected step size as a Python float when the state is on the CPU: reading
    a CPU scalar costs nothing, and the update then needs no scalar kernels. None on other
    devices (reading would wait for the device) and while torch.compile traces."""
    rate, step = _host_scalar(learning_rate, reference), _host_scalar(iterations, reference)
    if rate is None or step is None:
        return None
    return rate * math.sqrt(1.0 - beta_2 ** (step + 1)) / (1.0 - beta_1 ** (step + 1))


def _host_scalar(value: Any, reference: torch.Tensor) -> float | None:
    """`value` (a number, Variable or 0-d tensor) as a float when reading it is free: on the
    CPU and outside torch.compile. Else None."""
    if reference.device.type != "cpu" or torch.compiler.is_compiling():
        return None
    return float(getattr(value, "_value", value))


def _engine_tensors(*groups: Sequence[Any]) -> list[list[torch.Tensor]] | None:
    if getattr(_scope_state, "scope", None) is not None:
        return None
    if getattr(_scope_state, "autocast", None) is not None:
        return None
    variables = groups[0]
    reference = getattr(variables[0], "_value", None) if variables else None
    if not isinstance(reference, torch.Tensor):
        return None
    result = []
    for group in groups:
        tensors = [getattr(item, "_value", item) for item in group]
        for tensor in tensors:
            if (
                not isinstance(tensor, torch.Tensor)
                or tensor.dtype != reference.dtype
                or tensor.device != reference.device
            ):
                return None
        result.append(tensors)
    return result


def _as_scalar_tensor(value: Any, reference: torch.Tensor) -> torch.Tensor:
    value = getattr(value, "_value", value)
    if isinstance(value, torch.Tensor):
        return value.to(reference.dtype)
    return torch.tensor(value, dtype=reference.dtype, device=reference.device)
