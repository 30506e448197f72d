"""NumPy backend: tensors are np.ndarray; Variable, conversion, casting and control flow."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import ml_dtypes
import numpy as np

from lamina.backend.common import dtypes
from lamina.backend.common.symbolic_tensor import (
    SymbolicTensor,
    flatten,
    map_structure,
    pack_sequence_as,
)
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
# NumPy runs eagerly, so control flow is plain Python over arrays.


def _as_state(x: Any) -> Any:
    # Loop state leaves become arrays so that every backend carries the same dtypes.
    if isinstance(x, np.ndarray) or x is None:
        return x
    return convert_to_tensor(x)


def _stack_steps(steps: list) -> Any:
    """Returns the per-step outputs `steps` (same nesting each) stacked along a new axis 0."""
    columns = zip(*(flatten(step) for step in steps))
    stacked = [
        None if column[0] is None else np.stack([convert_to_tensor(v) for v in column])
        for column in columns
    ]
    return pack_sequence_as(steps[0], stacked)


def cond(pred: Any, true_fn: Callable, false_fn: Callable) -> Any:
    return true_fn() if bool(pred) else false_fn()


def switch(index: Any, branches: list, *operands: Any) -> Any:
    position = min(max(int(index), 0), len(branches) - 1)
    return branches[position](*operands)


def while_loop(
    cond: Callable, body: Callable, loop_vars: Any, maximum_iterations: int | None = None
) -> Any:
    is_sequence = isinstance(loop_vars, (list, tuple))
    state = map_structure(_as_state, loop_vars)
    iteration = 0
    while maximum_iterations is None or iteration < maximum_iterations:
        if not bool(cond(*state) if is_sequence else cond(state)):
            break
        outputs = body(*state) if is_sequence else body(state)
        if is_sequence:
            outputs = outputs if isinstance(outputs, (list, tuple)) else (outputs,)
            outputs = type(loop_vars)(outputs) if type(loop_vars) in (list, tuple) else outputs
        state = map_structure(_as_state, outputs)
        iteration += 1
    return state


def fori_loop(lower: Any, upper: Any, body_fun: Callable, init_val: Any) -> Any:
    value = map_structure(_as_state, init_val)
    for i in range(int(lower), int(upper)):
        value = body_fun(i, value)
    return value


def scan(
    f: Callable,
    init: Any,
    xs: Any = None,
    length: int | None = None,
    reverse: bool = False,
    unroll: int | bool = 1,
) -> tuple[Any, Any]:
    carry = map_structure(_as_state, init)
    xs = None if xs is None else map_structure(convert_to_tensor, xs)
    leaves = [] if xs is None else flatten(xs)
    steps = int(length if not leaves else leaves[0].shape[0])  # type: ignore[arg-type]
    outputs = []
    for i in reversed(range(steps)) if reverse else range(steps):
        x = None if xs is None else pack_sequence_as(xs, [leaf[i] for leaf in leaves])
        carry, y = f(carry, x)
        outputs.append(y)
    if not outputs:
        # No steps: run f once on zeros to learn the shapes of the (empty) stacked outputs.
        zeros = [np.zeros(leaf.shape[1:], leaf.dtype) for leaf in leaves]
        x = None if xs is None else pack_sequence_as(xs, zeros)
        _, y = f(carry, x)
        stacked = _stack_steps([y])
        return carry, map_structure(lambda t: t if t is None else t[:0], stacked)
    if reverse:
        outputs.reverse()
    return carry, _stack_steps(outputs)


def map(f: Callable, xs: Any) -> Any:
    _, outputs = scan(lambda carry, x: (carry, f(x)), (), xs)
    return outputs


def vectorized_map(function: Callable, elements: Any) -> Any:
    return map(function, elements)


def stop_gradient(variable: Any) -> np.ndarray:
    return convert_to_tensor(variable)


def custom_gradient(f: Callable) -> Callable:
    # Inference only: the forward value is all the numpy backend needs.
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        output, _ = f(*args, **kwargs)
        return output

    return wrapped


_python_slice = slice


def _clamped_slices(shape: tuple, start_indices: Any, sizes: Any) -> tuple:
    # jax's dynamic_slice moves the window inside the array; every backend does the same.
    slices = []
    for start, size, dim in zip(start_indices, sizes, shape):
        size = int(size)
        start = min(max(int(start), 0), dim - size)
        slices.append(_python_slice(start, start + size))
    return tuple(slices)


def slice(inputs: Any, start_indices: Any, shape: Any) -> np.ndarray:  # noqa: A001
    inputs = convert_to_tensor(inputs)
    return inputs[_clamped_slices(inputs.shape, start_indices, shape)]


def slice_update(inputs: Any, start_indices: Any, updates: Any) -> np.ndarray:
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates, inputs.dtype)
    result = inputs.copy()
    result[_clamped_slices(inputs.shape, start_indices, updates.shape)] = updates
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
