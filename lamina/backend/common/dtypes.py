"""Dtype names and lamina's one type-promotion table, followed by every backend.

Promotion is the least upper bound on this lattice (the rules JAX documents, which Keras 3
also follows). `int*` and `float*` are the *weak* types of Python scalars: a Python number
takes the dtype of the tensor it meets, so `float16_tensor + 1.5` stays float16.

    bool -> int*
    int* -> uint8, int8
    uint8 -> uint16, int16      uint16 -> uint32, int32      uint32 -> uint64, int64
    int8 -> int16 -> int32 -> int64 -> float*                uint64 -> float*
    float* -> float16, bfloat16 -> float32 -> float64

Examples of the table: int8 + uint8 -> int16; uint32 + int32 -> int64; int64 + float16 -> float16;
float16 + bfloat16 -> float32; bool + Python int -> int32; int32 + Python float -> floatx().
A result that is itself weak becomes int32 (for int*) or `floatx()` (for float*).
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from lamina.backend.common import config

FLOAT_TYPES = ("float16", "bfloat16", "float32", "float64")
INT_TYPES = ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64")
ALLOWED_DTYPES = ("bool", *INT_TYPES, *FLOAT_TYPES)
_WEAK_INT = "int*"
_WEAK_FLOAT = "float*"

_LATTICE_UP: dict[str, tuple[str, ...]] = {
    "bool": (_WEAK_INT,),
    _WEAK_INT: ("uint8", "int8"),
    "uint8": ("uint16", "int16"),
    "uint16": ("uint32", "int32"),
    "uint32": ("uint64", "int64"),
    "uint64": (_WEAK_FLOAT,),
    "int8": ("int16",),
    "int16": ("int32",),
    "int32": ("int64",),
    "int64": (_WEAK_FLOAT,),
    _WEAK_FLOAT: ("float16", "bfloat16"),
    "float16": ("float32",),
    "bfloat16": ("float32",),
    "float32": ("float64",),
    "float64": (),
}

_ALIASES = {
    "float": "float32",
    "double": "float64",
    "half": "float16",
    "int": "int64",
    "long": "int64",
    "bool_": "bool",
    "boolean": "bool",
}


def standardize_dtype(dtype: Any = None) -> str:
    """Returns lamina's name for `dtype` (a string, NumPy/engine dtype or Python type).

    `None` means `floatx()`. Raises ValueError for dtypes lamina does not support.

    Example:
        >>> import numpy as np
        >>> from lamina.backend import standardize_dtype
        >>> standardize_dtype(np.float32), standardize_dtype(bool)
        ('float32', 'bool')
    """
    if dtype is None:
        return config.floatx()
    if isinstance(dtype, str):
        name = dtype
    elif dtype is bool:
        return "bool"
    elif dtype is int:
        return "int64"
    elif dtype is float:
        return "float32"
    elif isinstance(dtype, type) and issubclass(dtype, np.generic):
        name = np.dtype(dtype).name
    elif hasattr(dtype, "name") and isinstance(dtype.name, str):
        name = dtype.name
    elif hasattr(dtype, "dtype"):
        return standardize_dtype(dtype.dtype)
    else:
        name = str(dtype)
    if name.startswith("torch."):
        name = name[len("torch.") :]
    name = _ALIASES.get(name, name)
    if name not in ALLOWED_DTYPES:
        raise ValueError(
            f"standardize_dtype: unsupported dtype {dtype!r}. lamina supports {ALLOWED_DTYPES}."
        )
    return name


def is_float_dtype(dtype: Any) -> bool:
    """Returns whether `dtype` is a floating-point dtype."""
    return standardize_dtype(dtype) in FLOAT_TYPES


def is_int_dtype(dtype: Any) -> bool:
    """Returns whether `dtype` is a signed or unsigned integer dtype."""
    return standardize_dtype(dtype) in INT_TYPES


def _lattice_name(dtype: Any) -> str:
    if dtype is int:
        return _WEAK_INT
    if dtype is float:
        return _WEAK_FLOAT
    if dtype is bool:
        return "bool"
    return standardize_dtype(dtype)


@functools.cache
def _upper_bounds(node: str) -> frozenset[str]:
    bounds = {node}
    for parent in _LATTICE_UP[node]:
        bounds |= _upper_bounds(parent)
    return frozenset(bounds)


@functools.cache
def _least_upper_bound(nodes: tuple[str, ...]) -> str:
    common = frozenset.intersection(*(_upper_bounds(n) for n in nodes))
    # The least element is the one whose own upper bounds are exactly the common set.
    for candidate in common:
        if _upper_bounds(candidate) == common:
            return candidate
    raise AssertionError(f"dtype lattice has no least upper bound for {nodes}")


def result_type(*dtypes: Any) -> str:
    """Returns the dtype that combining `dtypes` gives under lamina's promotion table.

    Pass Python's `int`, `float` or `bool` for a Python scalar (weakly typed).

    Example:
        >>> from lamina.backend import result_type
        >>> result_type("int8", "uint8"), result_type("float16", float), result_type("int32", float)
        ('int16', 'float16', 'float32')
    """
    if not dtypes:
        return config.floatx()
    nodes = tuple(sorted({_lattice_name(d) for d in dtypes}))
    result = _least_upper_bound(nodes)
    if result == _WEAK_INT:
        return "int32"
    if result == _WEAK_FLOAT:
        return config.floatx()
    return result


def infer_dtype(value: Any) -> str:
    """Returns the dtype a value becomes as a tensor: its own dtype if it has one, else
    `bool` for Python bools, `int32` for Python ints and `floatx()` for Python floats (also
    inside lists).

    Example:
        >>> from lamina.backend.common.dtypes import infer_dtype
        >>> infer_dtype(1), infer_dtype([1.0, 2]), infer_dtype(True)
        ('int32', 'float32', 'bool')
    """
    dtype = getattr(value, "dtype", None)
    if dtype is not None:
        return standardize_dtype(dtype)
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int32"
    if isinstance(value, float):
        return config.floatx()
    kind = np.asarray(value).dtype.kind
    if kind == "b":
        return "bool"
    if kind in "iu":
        return "int32"
    if kind == "f":
        return config.floatx()
    raise TypeError(f"Cannot make a tensor from a value of type {type(value).__name__}.")
