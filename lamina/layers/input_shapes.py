"""Shapes of a layer's inputs, whatever their nesting: the shapes `build` receives and the
specs `compute_output_shape` results turn into."""

from __future__ import annotations

from typing import Any

import numpy as np

from lamina import backend
from lamina.backend.common.symbolic_tensor import SymbolicTensor, flatten
from lamina.backend.common.variables import Variable


def dict_has_symbolic(inputs: Any) -> bool:
    return type(inputs) is dict and any(isinstance(v, SymbolicTensor) for v in inputs.values())


def first_inputs(inputs: Any) -> list:
    return flatten(inputs) if isinstance(inputs, (list, tuple, dict)) else [inputs]


def shape_of_input(x: Any) -> Any:
    if isinstance(x, SymbolicTensor):
        return x.shape
    if backend.core.is_tensor(x) or isinstance(x, np.ndarray):
        return tuple(int(d) for d in x.shape)
    if isinstance(x, Variable):
        return x.shape
    return tuple(np.shape(x))


def is_shape(value: Any) -> bool:
    return isinstance(value, (tuple, list)) and all(
        d is None or isinstance(d, (int, np.integer)) for d in value
    )


def shape_leaves(shapes: Any) -> list:
    if is_shape(shapes):
        return [tuple(shapes)]
    if isinstance(shapes, dict):
        return [s for v in shapes.values() for s in shape_leaves(v)]
    if isinstance(shapes, (list, tuple)):
        return [s for v in shapes for s in shape_leaves(v)]
    return []


def shapes_to_specs(shape: Any, dtype: str) -> Any:
    if is_shape(shape):
        return SymbolicTensor(tuple(shape), dtype)
    if isinstance(shape, dict):
        return {k: shapes_to_specs(v, dtype) for k, v in shape.items()}
    return [shapes_to_specs(s, dtype) for s in shape]
