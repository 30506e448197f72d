"""Type aliases for lamina's public signatures, independent of the active engine."""

from __future__ import annotations

from typing import Any, TypeAlias

#: A tensor of the active backend (torch.Tensor, jax.Array, np.ndarray) or a SymbolicTensor.
Tensor: TypeAlias = Any
#: A shape: ints, with None for dims unknown until run time.
Shape: TypeAlias = tuple[int | None, ...]
#: A dtype: lamina's name ("float32"), a NumPy or engine dtype, or a Python type.
DTypeLike: TypeAlias = Any
