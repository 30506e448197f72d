"""JAX backend: tensors are jax.Array; Variable, conversion, casting and control flow."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from lamina.backend.common import dtypes
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.backend.common.variables import Variable as _BaseVariable

# lamina supports int64 and float64 on every backend; JAX needs x64 mode for them. Default
# dtypes stay 32-bit because lamina always passes an explicit dtype (floatx, int32).
jax.config.update("jax_enable_x64", True)

NAME = "jax"
_JAX_DTYPES = {name: jnp.dtype(name) for name in dtypes.ALLOWED_DTYPES}


def to_engine_dtype(dtype: Any) -> Any:
    """Returns the jnp dtype for a lamina dtype name (or anything standardize_dtype takes)."""
    return _JAX_DTYPES[dtypes.standardize_dtype(dtype)]


class Variable(_BaseVariable):
    __doc__ = _BaseVariable.__doc__

    def _initialize(self, value: Any) -> None:
        self._value = convert_to_tensor(value, self._dtype)
        self._shape = tuple(self._value.shape)

    def _convert_for_assign(self, value: Any) -> jax.Array:
        return convert_to_tensor(value, self._dtype)

    def _direct_assign(self, value: Any) -> None:
        self._value = value

    def __jax_array__(self) -> jax.Array:
        return self.value


def convert_to_tensor(x: Any, dtype: Any = None, sparse: Any = None) -> jax.Array:
    """Returns `x` as a jax.Array of `dtype` (inferred as `infer_dtype` says when None)."""
    if isinstance(x, jax.Array):
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
    return jnp.asarray(x, dtype=to_engine_dtype(dtype))


def convert_to_numpy(x: Any) -> np.ndarray:
    """Returns `x` as a NumPy array (copied to the host)."""
    return np.asarray(convert_to_tensor(x))


def is_tensor(x: Any) -> bool:
    """Returns whether `x` is a jax.Array (tracers included)."""
    return isinstance(x, jax.Array)


def shape(x: Any) -> tuple[int, ...]:
    """Returns the shape of `x` as a tuple of ints."""
    if isinstance(x, jax.Array):
        return tuple(x.shape)
    return tuple(convert_to_tensor(x).shape)


def cast(x: Any, dtype: Any) -> jax.Array:
    """Returns `x` converted to `dtype`."""
    return convert_to_tensor(x).astype(to_engine_dtype(dtype))


def get_device() -> str:
    """Returns the device new arrays are placed on, e.g. "cpu:0" or "gpu:0"."""
    default = jax.config.jax_default_device or jax.devices()[0]
    if isinstance(default, str):
        return default
    return f"{default.platform}:{default.id}"


@contextlib.contextmanager
def device(device_name: str) -> Iterator[None]:
    """Places arrays created inside on `device_name` ("cpu", "gpu", "gpu:1", "cuda:0", ...)."""
    name = str(device_name).lower()
    kind, _, index = name.partition(":")
    kind = "gpu" if kind == "cuda" else kind
    try:
        devices = jax.devices(kind)
    except RuntimeError:
        raise ValueError(
            f"device: jax sees no {kind!r} device, received {device_name!r}."
        ) from None
    position = int(index) if index else 0
    if position >= len(devices):
        raise ValueError(
            f"device: jax sees {len(devices)} {kind} device(s), received {device_name!r}."
        )
    with jax.default_device(devices[position]):
        yield


def value_and_grad(
    fn: Callable, argnums: int | tuple[int, ...] = 0, has_aux: bool = False
) -> Callable:
    """Returns a function that computes `fn(*args)` and its gradients w.r.t. `args[argnums]`."""
    return jax.value_and_grad(fn, argnums=argnums, has_aux=has_aux)


def promote(*xs: Any) -> list[jax.Array]:
    """Returns `xs` as arrays of one dtype: lamina's result_type (Python scalars are weak)."""
    first = xs[0]
    if isinstance(first, jax.Array) and all(
        isinstance(x, jax.Array) and x.dtype == first.dtype for x in xs
    ):
        return list(xs)
    target = dtypes.result_type(*(_weak_dtype(x) for x in xs))
    return [convert_to_tensor(x, target) for x in xs]


def _weak_dtype(x: Any) -> Any:
    if isinstance(x, (bool, int, float)):
        return type(x)
    return dtypes.infer_dtype(x)
