"""InputSpec: what a layer accepts (rank, sizes of given axes), checked with clear messages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class InputSpec:
    """Describes the inputs a layer accepts; checked when the layer is built or called.

    Args:
        dtype: Expected dtype, or None.
        shape: Expected full shape (None for free dims), or None.
        ndim: Expected rank, or None.
        max_ndim: Largest accepted rank, or None.
        min_ndim: Smallest accepted rank, or None.
        axes: `{axis: size}` for axes whose size is fixed (e.g. `{-1: 3}`).
        allow_last_axis_squeeze: Accepted for Keras compatibility.
        name: The input's name, for messages.

    Example:
        >>> import lamina
        >>> spec = lamina.layers.InputSpec(min_ndim=2, axes={-1: 3})
        >>> spec.min_ndim, spec.axes
        (2, {-1: 3})
    """

    def __init__(
        self,
        dtype: Any = None,
        shape: Sequence[int | None] | None = None,
        ndim: int | None = None,
        max_ndim: int | None = None,
        min_ndim: int | None = None,
        axes: dict[int, int] | None = None,
        allow_last_axis_squeeze: bool = False,
        name: str | None = None,
        optional: bool = False,
    ) -> None:
        self.dtype = dtype
        self.shape = None if shape is None else tuple(shape)
        self.ndim = len(self.shape) if self.shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.axes = dict(axes or {})
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        self.name = name
        self.optional = optional

    def __repr__(self) -> str:
        fields = ("dtype", "shape", "ndim", "max_ndim", "min_ndim", "axes")
        parts = [f"{f}={getattr(self, f)}" for f in fields if getattr(self, f)]
        return f"InputSpec({', '.join(parts)})"

    def get_config(self) -> dict:
        return {
            "dtype": self.dtype,
            "shape": self.shape,
            "ndim": self.ndim,
            "max_ndim": self.max_ndim,
            "min_ndim": self.min_ndim,
            "axes": self.axes,
        }

    @classmethod
    def from_config(cls, config: dict) -> InputSpec:
        return cls(**config)


def check_input_spec(layer: Any, input_spec: Any, shapes: Sequence[tuple]) -> None:
    """Raises a ValueError naming `layer` if `shapes` (one per input) break `input_spec`."""
    if input_spec is None:
        return
    specs = input_spec if isinstance(input_spec, (list, tuple)) else [input_spec]
    if isinstance(input_spec, (list, tuple)) and len(specs) != len(shapes):
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}' expects {len(specs)} input(s), but received "
            f"{len(shapes)}: shapes {[tuple(s) for s in shapes]}."
        )
    for index, (spec, shape) in enumerate(zip(specs, shapes)):
        if spec is None:
            continue
        problem = _mismatch(spec, tuple(shape))
        if problem:
            which = f"input {index} " if len(specs) > 1 else ""
            raise ValueError(
                f"{type(layer).__name__} '{layer.name}': {which}expected {problem}, but received "
                f"an input of shape {tuple(shape)}."
            )


def _mismatch(spec: InputSpec, shape: tuple) -> str:
    rank = len(shape)
    if spec.ndim is not None and rank != spec.ndim:
        return f"rank {spec.ndim}"
    if spec.max_ndim is not None and rank > spec.max_ndim:
        return f"rank <= {spec.max_ndim}"
    if spec.min_ndim is not None and rank < spec.min_ndim:
        return f"rank >= {spec.min_ndim}"
    for axis, size in spec.axes.items():
        if not -rank <= axis < rank:
            return f"an axis {axis} (rank >= {axis + 1 if axis >= 0 else -axis})"
        actual = shape[axis]
        if size is not None and actual is not None and actual != size:
            return f"axis {axis} of size {size}"
    if spec.shape is not None:
        for expected, actual in zip(spec.shape, shape):
            if expected is not None and actual is not None and expected != actual:
                return f"shape {spec.shape}"
    return ""
