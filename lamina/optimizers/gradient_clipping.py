"""Gradient clipping as Keras's optimizers do it: by each gradient's norm, by the norm of all
gradients together, or element-wise by value (that one is a plain `ops.clip`)."""

from __future__ import annotations

from collections.abc import Sequence

from lamina import ops
from lamina.typing import Tensor


def clip_by_norm(gradient: Tensor, clipnorm: float) -> Tensor:
    """Returns `gradient * clipnorm / max(norm(gradient), clipnorm)`.

    Example:
        >>> import lamina
        >>> from lamina.optimizers.gradient_clipping import clip_by_norm
        >>> clipped = clip_by_norm([3.0, 4.0], 1.0)
        >>> lamina.ops.convert_to_numpy(clipped).astype(float).round(4).tolist()
        [0.6, 0.8]
    """
    squared = ops.sum(ops.square(gradient))
    positive = ops.greater(squared, 0.0)
    # The inner where keeps sqrt away from 0, whose derivative is infinite.
    norm = ops.where(positive, ops.sqrt(ops.where(positive, squared, 1.0)), squared)
    return ops.divide(ops.multiply(gradient, clipnorm), ops.maximum(norm, clipnorm))


def global_norm(gradients: Sequence[Tensor]) -> Tensor:
    """Returns the L2 norm of all `gradients` taken together, in float32.

    Example:
        >>> from lamina.optimizers.gradient_clipping import global_norm
        >>> round(float(global_norm([[3.0], [4.0]])), 4)
        5.0
    """
    total = ops.convert_to_tensor(0.0, "float32")
    for gradient in gradients:
        total = ops.add(total, ops.cast(ops.sum(ops.square(gradient)), "float32"))
    return ops.sqrt(total)


def clip_by_global_norm(gradients: Sequence[Tensor], clipnorm: float) -> list[Tensor]:
    """Scales all `gradients` by `clipnorm / max(global_norm, clipnorm)`.

    A non-finite global norm makes every gradient NaN, so the problem shows in the weights
    instead of being clipped away.

    Example:
        >>> from lamina import ops
        >>> from lamina.optimizers.gradient_clipping import clip_by_global_norm
        >>> clipped = clip_by_global_norm([[3.0], [4.0]], 1.0)
        >>> [ops.convert_to_numpy(g).astype(float).round(4).tolist() for g in clipped]
        [[0.6], [0.8]]
    """
    norm = global_norm(gradients)
    scale = ops.divide(clipnorm, ops.maximum(norm, clipnorm))
    scale = ops.add(scale, ops.subtract(norm, norm))
    clipped = []
    for gradient in gradients:
        gradient = ops.convert_to_tensor(gradient)
        clipped.append(ops.multiply(gradient, ops.cast(scale, ops.dtype(gradient))))
    return clipped
