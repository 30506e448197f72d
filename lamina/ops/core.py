"""Core ops: conversion, casting, shapes and dtypes, control flow, slicing and scattering."""

from __future__ import annotations

from typing import Any

import numpy as np

from lamina import backend
from lamina.backend.common import dtypes
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.ops.operation import lamina_op
from lamina.ops.shape_inference import shape_of, spec
from lamina.typing import Tensor

_b = backend.core


def convert_to_tensor(x: Any, dtype: Any = None, sparse: Any = None) -> Tensor:
    """Returns `x` as a tensor of the active backend.

    Python floats (and lists of them) become `floatx()`, Python ints `int32`; NumPy arrays and
    tensors keep their dtype unless `dtype` is given.

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_tensor([1.0, 2.0])
        >>> lamina.ops.is_tensor(x), lamina.ops.dtype(x)
        (True, 'float32')
    """
    return _b.convert_to_tensor(x, dtype)


def convert_to_numpy(x: Any) -> np.ndarray:
    """Returns `x` (a tensor, Variable or array-like) as a NumPy array on the host.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.convert_to_tensor([1, 2])).tolist()
        [1, 2]
    """
    return _b.convert_to_numpy(x)


def is_tensor(x: Any) -> bool:
    """Returns whether `x` is a tensor of the active backend.

    Example:
        >>> import lamina
        >>> lamina.ops.is_tensor([1, 2]), lamina.ops.is_tensor(lamina.ops.convert_to_tensor(1))
        (False, True)
    """
    return _b.is_tensor(x)


def shape(x: Any) -> tuple[int | None, ...]:
    """Returns the shape of `x` as a tuple (None for unknown dims of a SymbolicTensor).

    Example:
        >>> import lamina
        >>> lamina.ops.shape([[1, 2, 3]])
        (1, 3)
    """
    if isinstance(x, SymbolicTensor):
        return x.shape
    return tuple(shape_of(x))


def dtype(x: Any) -> str:
    """Returns lamina's name for the dtype of `x`, e.g. `"float32"`.

    Example:
        >>> import lamina
        >>> lamina.ops.dtype(lamina.ops.convert_to_tensor([1, 2], dtype="int8"))
        'int8'
    """
    return dtypes.infer_dtype(x)


def _cast_spec(x: Any, dtype: Any) -> SymbolicTensor:
    return spec(shape_of(x), dtypes.standardize_dtype(dtype))


@lamina_op(_cast_spec)
def cast(x: Any, dtype: Any) -> Tensor:
    """Returns `x` converted to `dtype`.

    Example:
        >>> import lamina
        >>> y = lamina.ops.cast([1.7, -1.7], "int32")
        >>> lamina.ops.dtype(y), lamina.ops.convert_to_numpy(y).tolist()
        ('int32', [1, -1])
    """
    return _b.cast(x, dtype)
