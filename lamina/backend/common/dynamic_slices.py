"""Index windows for `slice` / `slice_update` on backends that index tensors with Python slices."""

from __future__ import annotations

from typing import Any


def clamped_slices(shape: Any, start_indices: Any, sizes: Any) -> tuple[slice, ...]:
    """Returns one Python slice per axis: `sizes` long, starting at `start_indices`.

    Like jax's `dynamic_slice`, a window that would run past either end is moved back inside the
    array, so every backend reads the same elements.
    """
    slices = []
    for start, size, dim in zip(start_indices, sizes, shape):
        size = int(size)
        start = min(max(int(start), 0), int(dim) - size)
        slices.append(slice(start, start + size))
    return tuple(slices)
