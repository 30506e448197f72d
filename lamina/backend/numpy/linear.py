"""NumPy backend: linear-algebra helpers (products, traces, diagonals)."""

from __future__ import annotations

from typing import Any

import numpy as np

from lamina.backend.common import dtypes
from lamina.backend.numpy.core import convert_to_tensor, promote, to_engine_dtype
from lamina.backend.numpy.elementwise import add

_BFLOAT16 = to_engine_dtype("bfloat16")


def _promote_product(*xs: Any) -> list[np.ndarray]:
    """Promotes the operands; all-int8 operands accumulate in int32."""
    arrays = [convert_to_tensor(x) for x in xs]
    if all(a.dtype == np.int8 for a in arrays):
        return [a.astype(np.int32) for a in arrays]
    return list(promote(*arrays))


def _trace_dtype(dtype: np.dtype) -> np.dtype:
    name = dtypes.standardize_dtype(dtype)
    if name in ("int64", "uint32", "uint64"):
        return dtype
    return to_engine_dtype(dtypes.result_type(name, "int32"))


def _through_float32(fn: Any, *arrays: np.ndarray) -> np.ndarray:
    """Runs `fn`, taking bfloat16 through float32: NumPy has no bfloat16 matmul or einsum."""
    if arrays and arrays[0].dtype == _BFLOAT16:
        return fn(*(a.astype(np.float32) for a in arrays)).astype(_BFLOAT16)
    return fn(*arrays)


def dense(x: Any, kernel: Any, bias: Any = None) -> np.ndarray:
    """`x @ kernel + bias` (the Dense layer's product)."""
    y = matmul(x, kernel)
    return y if bias is None else add(y, bias)


def matmul(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = _promote_product(x1, x2)
    try:
        return _through_float32(np.matmul, x1, x2)
    except ValueError as error:
        # NumPy's message starts with "matmul:", which lamina_op would take for lamina's own.
        raise ValueError(f"numpy: {error}") from error


def dot(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = promote(x1, x2)
    return _through_float32(np.dot, x1, x2)


def tensordot(x1: Any, x2: Any, axes: Any = 2) -> np.ndarray:
    x1, x2 = promote(x1, x2)
    return _through_float32(lambda a, b: np.tensordot(a, b, axes=axes), x1, x2)


def einsum(subscripts: str, *operands: Any) -> np.ndarray:
    arrays = _promote_product(*operands)
    return _through_float32(lambda *xs: np.einsum(subscripts, *xs), *arrays)


def outer(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = promote(x1, x2)
    return np.outer(x1, x2)


def inner(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = promote(x1, x2)
    return _through_float32(np.inner, x1, x2)


def vdot(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = promote(x1, x2)
    return np.asarray(_through_float32(np.vdot, x1, x2))


def trace(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> np.ndarray:
    x = convert_to_tensor(x)
    dtype = _trace_dtype(x.dtype)
    return np.asarray(np.trace(x, offset=offset, axis1=axis1, axis2=axis2, dtype=dtype))


def diagonal(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> np.ndarray:
    # np.diagonal returns a read-only view; a copy behaves like every other op's result.
    return np.diagonal(convert_to_tensor(x), offset=offset, axis1=axis1, axis2=axis2).copy()


def diag(x: Any, k: int = 0) -> np.ndarray:
    return np.diag(convert_to_tensor(x), k=k).copy()
