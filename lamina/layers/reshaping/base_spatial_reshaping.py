"""Private bases of the layers that pad, crop or upsample the spatial axes of an input:
ZeroPadding1D/2D/3D, Cropping1D/2D/3D and UpSampling1D/2D/3D."""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.layers.input_spec import InputSpec, check_input_spec
from lamina.layers.layer import Layer
from lamina.layers.pooling.argument_checks import (
    check_data_format,
    positive_tuple,
    spatial_axes,
    spatial_dims,
    with_spatial,
)
from lamina.typing import Shape, Tensor

Pairs = tuple[tuple[int, int], ...]


def spatial_pairs(layer: Any, name: str, value: Any, rank: int) -> Pairs:
    """Returns `value` as one `(before, after)` pair of non-negative ints per spatial axis.

    Accepts an int (the same on every side), a tuple of `rank` ints (symmetric per axis; for
    rank 1 a pair means `(before, after)`), or a tuple of `rank` pairs.
    """
    if _is_count(value):
        return ((value, value),) * rank
    if isinstance(value, (tuple, list)) and rank == 1 and len(value) == 2:
        value = (value,)
    if isinstance(value, (tuple, list)) and len(value) == rank:
        pairs = [(v, v) if _is_count(v) else v for v in value]
        if all(isinstance(p, (tuple, list)) and len(p) == 2 for p in pairs) and all(
            _is_count(n) for p in pairs for n in p
        ):
            return tuple((int(a), int(b)) for a, b in pairs)
    forms = (
        "an int or a (before, after) pair of ints"
        if rank == 1
        else (f"an int, a tuple of {rank} ints, or a tuple of {rank} (before, after) pairs of ints")
    )
    raise ValueError(
        f"{type(layer).__name__} '{layer.name}': {name} must be {forms}, all >= 0, received "
        f"{name}={value!r}."
    )


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


class BaseSpatialReshaping(Layer):
    """A layer that changes only the spatial sizes of an input of rank `rank + 2`, keeping its
    dtype. Validates the input shape when built and in `compute_output_shape`."""

    rank: int = 0

    def __init__(self, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.data_format = check_data_format(self, data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2)
        self._axes = spatial_axes(self.rank, self.data_format)

    def build(self, input_shape: Shape) -> None:
        self.compute_output_shape(input_shape)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        shape = tuple(input_shape)
        check_input_spec(self, self.input_spec, [shape])
        sizes = self._output_spatial(spatial_dims(shape, self.data_format), shape)
        return with_spatial(shape, sizes, self.data_format)

    def compute_output_spec(self, inputs: Any, **kwargs: Any) -> SymbolicTensor:
        return SymbolicTensor(self.compute_output_shape(inputs.shape), inputs.dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config["data_format"] = self.data_format
        return config

    def _output_spatial(self, spatial: tuple, input_shape: tuple) -> tuple:
        raise NotImplementedError


class BaseZeroPadding(BaseSpatialReshaping):
    """Adds rows of zeros before and after each spatial axis."""

    def __init__(self, padding: Any, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(data_format, **kwargs)
        self.padding = spatial_pairs(self, "padding", padding, self.rank)
        widths = [(0, 0)] * (self.rank + 2)
        for axis, pair in zip(self._axes, self.padding):
            widths[axis] = pair
        self._widths = tuple(widths)

    def call(self, inputs: Tensor) -> Tensor:
        return ops.pad(inputs, self._widths)

    def get_config(self) -> dict:
        config = super().get_config()
        config["padding"] = self.padding[0] if self.rank == 1 else self.padding
        return config

    def _output_spatial(self, spatial: tuple, input_shape: tuple) -> tuple:
        return tuple(None if n is None else n + a + b for n, (a, b) in zip(spatial, self.padding))


class BaseCropping(BaseSpatialReshaping):
    """Removes positions at the start and end of each spatial axis."""

    def __init__(self, cropping: Any, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(data_format, **kwargs)
        self.cropping = spatial_pairs(self, "cropping", cropping, self.rank)

    def call(self, inputs: Tensor) -> Tensor:
        shape = tuple(ops.shape(inputs))
        output_shape = self.compute_output_shape(shape)
        starts = [0] * len(shape)
        for axis, (before, _) in zip(self._axes, self.cropping):
            starts[axis] = before
        return ops.slice(inputs, starts, output_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config["cropping"] = self.cropping[0] if self.rank == 1 else self.cropping
        return config

    def _output_spatial(self, spatial: tuple, input_shape: tuple) -> tuple:
        sizes = tuple(None if n is None else n - a - b for n, (a, b) in zip(spatial, self.cropping))
        if any(size is not None and size <= 0 for size in sizes):
            raise ValueError(
                f"{type(self).__name__} '{self.name}': cropping {self.cropping} removes every "
                f"position of the spatial sizes {spatial} of the input of shape {input_shape}. "
                "Crop less, or pass a larger input."
            )
        return sizes


class BaseUpSampling(BaseSpatialReshaping):
    """Repeats each position of spatial axis `i` `size[i]` times (nearest-neighbour)."""

    def __init__(self, size: Any, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(data_format, **kwargs)
        self.size = positive_tuple(self, "size", size, self.rank)

    def call(self, inputs: Tensor) -> Tensor:
        for axis, factor in zip(self._axes, self.size):
            if factor != 1:
                inputs = ops.repeat(inputs, factor, axis=axis)
        return inputs

    def get_config(self) -> dict:
        config = super().get_config()
        config["size"] = self.size[0] if self.rank == 1 else self.size
        return config

    def _output_spatial(self, spatial: tuple, input_shape: tuple) -> tuple:
        return tuple(None if n is None else n * s for n, s in zip(spatial, self.size))
