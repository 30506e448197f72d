"""NumPy backend: tensors are np.ndarray; Variable, conversion, casting and control flow."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import ml_dtypes
import numpy as np

from lamina.backend.common import dtypes, dynamic_slices, eager_control_flow
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


def promote(*xs: Any) -> tuple[np.ndarray, ...]:
    """Returns `xs` as tensors of one dtype: lamina's result_type (Python scalars are weak)."""
    # Variables take part by value (this also honours StatelessScope and autocast).
    xs = tuple(x.value if isinstance(x, _BaseVariable) else x for x in xs)
    dtype = getattr(xs[0], "dtype", None)
    for x in xs:
        if type(x) is not np.ndarray or x.dtype != dtype:
            break
    else:
        return xs  # The hot path: tensors that already agree.
    target = dtypes.result_type(*(_weak_dtype(x) for x in xs))
    return tuple(convert_to_tensor(x, target) for x in xs)


def _weak_dtype(x: Any) -> Any:
    if isinstance(x, (bool, int, float)):
        return type(x)
    return dtypes.infer_dtype(x)


# -- control flow, slicing and scattering -----------------------------------------------------
# NumPy runs eagerly: control flow is the plain-Python loops of common/eager_control_flow.py.


def _zeros_like_step(leaf: np.ndarray) -> np.ndarray:
    return np.zeros(leaf.shape[1:], leaf.dtype)


_CONTROL_FLOW = eager_control_flow.EagerControlFlow(
    np.ndarray, convert_to_tensor, np.stack, _zeros_like_step
)


def cond(pred: Any, true_fn: Callable, false_fn: Callable) -> Any:
    return eager_control_flow.cond(pred, true_fn, false_fn)


def switch(index: Any, branches: list, *operands: Any) -> Any:
    return eager_control_flow.switch(index, branches, *operands)


def while_loop(
    cond: Callable, body: Callable, loop_vars: Any, maximum_iterations: int | None = None
) -> Any:
    return _CONTROL_FLOW.while_loop(cond, body, loop_vars, maximum_iterations)


def fori_loop(lower: Any, upper: Any, body_fun: Callable, init_val: Any) -> Any:
    return _CONTROL_FLOW.fori_loop(lower, upper, body_fun, init_val)


def scan(
    f: Callable,
    init: Any,
    xs: Any = None,
    length: int | None = None,
    reverse: bool = False,
    unroll: int | bool = 1,
) -> tuple[Any, Any]:
    # Eager loops have nothing to unroll.
    return _CONTROL_FLOW.scan(f, init, xs, length, reverse)


def map(f: Callable, xs: Any) -> Any:
    return _CONTROL_FLOW.map(f, xs)


def vectorized_map(function: Callable, elements: Any) -> Any:
    return _CONTROL_FLOW.map(function, elements)


def stop_gradient(variable: Any) -> np.ndarray:
    return convert_to_tensor(variable)


def custom_gradient(f: Callable) -> Callable:
    # Inference only: the forward value is all the numpy backend needs.
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        output, _ = f(*args, **kwargs)
        return output

    return wrapped


def slice(inputs: Any, start_indices: Any, shape: Any) -> np.ndarray:  # noqa: A001
    inputs = convert_to_tensor(inputs)
    return inputs[dynamic_slices.clamped_slices(inputs.shape, start_indices, shape)]


def slice_update(inputs: Any, start_indices: Any, updates: Any) -> np.ndarray:
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates, inputs.dtype)
    window = dynamic_slices.clamped_slices(inputs.shape, start_indices, updates.shape)
    result = inputs.copy()
    result[window] = updates
    return result


def _index_tuple(indices: Any) -> tuple:
    indices = np.asarray(convert_to_tensor(indices))
    return tuple(np.moveaxis(indices, -1, 0))


def scatter(indices: Any, values: Any, shape: Any) -> np.ndarray:
    values = convert_to_tensor(values)
    result = np.zeros(tuple(shape), dtype=values.dtype)
    np.add.at(result, _index_tuple(indices), values)
    return result


def scatter_update(inputs: Any, indices: Any, updates: Any) -> np.ndarray:
    inputs = convert_to_tensor(inputs)
    result = inputs.copy()
    result[_index_tuple(indices)] = convert_to_tensor(updates, inputs.dtype)
    return result


def unstack(x: Any, num: int | None = None, axis: int = 0) -> list[np.ndarray]:
    return list(np.moveaxis(convert_to_tensor(x), axis, 0))


@contextlib.contextmanager
def no_grad() -> Iterator[None]:
    """Runs the code inside as is: this engine records no gradients outside of its transforms."""
    yield
