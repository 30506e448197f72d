"""NumPy backend: tensors are np.ndarray; Variable, conversion, casting and control flow."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import ml_dtypes
import numpy as np

from lamina.backend.common import dtypes
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.backend.common.variables import Variable as _BaseVariable

NAME = "numpy"
_NP_DTYPES = {name: np.dtype(name) for name in dtypes.ALLOWED_DTYPES if name != "bfloat16"}
_NP_DTYPES["bfloat16"] = np.dtype(ml_dtypes.bfloat16)


def to_engine_dtype(dtype: Any) -> np.dtype:
    """Returns the np.dtype for a lamina dtype name (or anything standardize_dtype takes)."""
    return _NP_DTYPES[dtypes.standardize_dtype(dtype)]


class Variable(_BaseVariable):
    __doc__ = _BaseVariable.__doc__

    def _initialize(self, value: Any) -> None:
        self._value = np.array(convert_to_tensor(value, self._dtype))
        self._shape = tuple(self._value.shape)

    def _convert_for_assign(self, value: Any) -> np.ndarray:
        return convert_to_tensor(value, self._dtype)

    def _direct_assign(self, value: Any) -> None:
        self._value[...] = value


def convert_to_tensor(x: Any, dtype: Any = None, sparse: Any = None) -> np.ndarray:
    """Returns `x` as an np.ndarray of `dtype` (inferred as `infer_dtype` says when None)."""
    if isinstance(x, np.ndarray):
        if dtype is None:
            return x
        engine_dtype = to_engine_dtype(dtype)
        return x if x.dtype == engine_dtype else x.astype(engine_dtype)
    if isinstance(x, _BaseVariable):
        return convert_to_tensor(x.value, dtype)
    if isinstance(x, SymbolicTensor):
        raise TypeError(
            f"convert_to_tensor received a SymbolicTensor {x.shape}, which has no value. "
            "Symbolic tensors can only flow through lamina.ops and layers."
        )
    if dtype is None:
        dtype = dtypes.infer_dtype(x)
    return np.asarray(x, dtype=to_engine_dtype(dtype))


def convert_to_numpy(x: Any) -> np.ndarray:
    """Returns `x` as a NumPy array."""
    return np.asarray(convert_to_tensor(x))


def is_tensor(x: Any) -> bool:
    """Returns whether `x` is a tensor of this backend (np.ndarray or NumPy scalar)."""
    return isinstance(x, (np.ndarray, np.generic))


def shape(x: Any) -> tuple[int, ...]:
    """Returns the shape of `x` as a tuple of ints."""
    return tuple(np.shape(x.value if isinstance(x, _BaseVariable) else x))


def cast(x: Any, dtype: Any) -> np.ndarray:
    """Returns `x` converted to `dtype`."""
    return convert_to_tensor(x).astype(to_engine_dtype(dtype))


def get_device() -> str:
    """Returns the device new arrays are placed on: always "cpu" for NumPy."""
    return "cpu"


@contextlib.contextmanager
def device(device_name: str) -> Iterator[None]:
    """Places tensors created inside on `device_name`; NumPy has only "cpu"."""
    name = str(device_name).lower()
    if not name.startswith("cpu"):
        raise ValueError(f"device: the numpy backend has only the CPU, received {device_name!r}.")
    yield


def value_and_grad(fn: Any, argnums: int | tuple[int, ...] = 0, has_aux: bool = False) -> Any:
    """Not available: the numpy backend runs inference only."""
    raise NotImplementedError(
        "value_and_grad is not available on the numpy backend, which is inference-only. "
        "Use the torch or jax backend to compute gradients."
    )


def promote(*xs: Any) -> list[np.ndarray]:
    """Returns `xs` as arrays of one dtype: lamina's result_type (Python scalars are weak)."""
    arrays = [x for x in xs if isinstance(x, np.ndarray)]
    if len(arrays) == len(xs) and all(a.dtype == arrays[0].dtype for a in arrays):
        return arrays
    target = dtypes.result_type(*(_weak_dtype(x) for x in xs))
    return [convert_to_tensor(x, target) for x in xs]


def _weak_dtype(x: Any) -> Any:
    if isinstance(x, (bool, int, float)):
        return type(x)
    return dtypes.infer_dtype(x)
