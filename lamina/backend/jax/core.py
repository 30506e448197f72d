"""JAX backend: tensors are jax.Array; Variable, conversion, casting and control flow."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from lamina.backend.common import config, dtypes
from lamina.backend.common.symbolic_tensor import SymbolicTensor, map_structure
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
    default = jax.config.jax_default_device or jax.devices()[0]  # type: ignore[attr-defined]
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


def promote(*xs: Any) -> tuple[jax.Array, ...]:
    """Returns `xs` as tensors of one dtype: lamina's result_type (Python scalars are weak)."""
    # Variables take part by value (this also honours StatelessScope and autocast).
    xs = tuple(x.value if isinstance(x, _BaseVariable) else x for x in xs)
    dtype = getattr(xs[0], "dtype", None)
    for x in xs:
        if not isinstance(x, jax.Array) or x.dtype != dtype:
            break
    else:
        return xs  # The hot path: tensors that already agree.
    key = (config.floatx(), *(x.dtype if isinstance(x, jax.Array) else type(x) for x in xs))
    target = _promotion_cache.get(key)
    if target is None:
        target = dtypes.result_type(*(_weak_dtype(x) for x in xs))
        if all(k in _SCALAR_TYPES or not isinstance(k, type) for k in key[1:]):
            _promotion_cache[key] = target  # Keyed by engine dtypes and Python scalar types.
    return tuple(
        _scalar_tensor(x, target) if type(x) in _SCALAR_TYPES else convert_to_tensor(x, target)
        for x in xs
    )


_SCALAR_TYPES = (bool, int, float)
_scalar_cache: dict[tuple, Any] = {}
_promotion_cache: dict[tuple, str] = {}


def _scalar_tensor(value: Any, dtype: str) -> Any:
    """Returns a 0-d tensor for a Python scalar, cached: losses and layers use the same few
    constants (0.0, 1.0, epsilon) every step, and making a tensor costs far more than a lookup.
    Cached tensors are never handed out by an op unchanged, so nothing can mutate them.
    Under a jax trace the new tensor is a tracer of that trace: it is not cached."""
    key = (type(value), value, dtype, None)
    tensor = _scalar_cache.get(key)
    if tensor is None:
        tensor = convert_to_tensor(value, dtype)
        if not isinstance(tensor, jax.core.Tracer):
            if len(_scalar_cache) > 1024:
                _scalar_cache.clear()
            _scalar_cache[key] = tensor
    return tensor


def _weak_dtype(x: Any) -> Any:
    if isinstance(x, (bool, int, float)):
        return type(x)
    return dtypes.infer_dtype(x)


# -- control flow, slicing and scattering -----------------------------------------------------
# Control flow goes through lax so that it traces into a single XLA loop under jax.jit.


def _as_state(x: Any) -> Any:
    # Loop state leaves become arrays so that every backend carries the same dtypes.
    if isinstance(x, jax.Array) or x is None:
        return x
    return convert_to_tensor(x)


def cond(pred: Any, true_fn: Callable, false_fn: Callable) -> Any:
    if isinstance(pred, (bool, np.bool_)):
        return true_fn() if pred else false_fn()
    return jax.lax.cond(jnp.reshape(convert_to_tensor(pred), ()), true_fn, false_fn)


def switch(index: Any, branches: list, *operands: Any) -> Any:
    operands = map_structure(_as_state, operands)
    return jax.lax.switch(jnp.reshape(convert_to_tensor(index), ()), branches, *operands)


def while_loop(
    cond: Callable, body: Callable, loop_vars: Any, maximum_iterations: int | None = None
) -> Any:
    is_sequence = isinstance(loop_vars, (list, tuple))
    state = map_structure(_as_state, tuple(loop_vars) if is_sequence else (loop_vars,))

    def call(fn: Callable, values: tuple) -> Any:
        return fn(*values) if is_sequence else fn(values[0])

    def step(values: tuple) -> tuple:
        outputs = call(body, values)
        if not is_sequence:
            return (outputs,)
        return tuple(outputs) if isinstance(outputs, (list, tuple)) else (outputs,)

    if maximum_iterations is None:
        result = jax.lax.while_loop(lambda values: call(cond, values), step, state)
    else:
        result = jax.lax.while_loop(
            lambda carried: jnp.logical_and(
                carried[1] < maximum_iterations, call(cond, carried[0])
            ),
            lambda carried: (step(carried[0]), carried[1] + 1),
            (state, jnp.asarray(0, jnp.int32)),
        )[0]
    if not is_sequence:
        return result[0]
    return list(result) if isinstance(loop_vars, list) else result


def fori_loop(lower: Any, upper: Any, body_fun: Callable, init_val: Any) -> Any:
    # The index is int32 on every backend (Python ints would make it int64 under x64).
    return jax.lax.fori_loop(
        lower,
        upper,
        lambda i, value: body_fun(i.astype(jnp.int32), value),
        map_structure(_as_state, init_val),
    )


def scan(
    f: Callable,
    init: Any,
    xs: Any = None,
    length: int | None = None,
    reverse: bool = False,
    unroll: int | bool = 1,
) -> tuple[Any, Any]:
    init = map_structure(_as_state, init)
    xs = None if xs is None else map_structure(convert_to_tensor, xs)
    return jax.lax.scan(f, init, xs, length=length, reverse=reverse, unroll=unroll)


def map(f: Callable, xs: Any) -> Any:
    return jax.lax.map(f, map_structure(convert_to_tensor, xs))


def vectorized_map(function: Callable, elements: Any) -> Any:
    return jax.vmap(function)(map_structure(convert_to_tensor, elements))


def stop_gradient(variable: Any) -> jax.Array:
    return jax.lax.stop_gradient(convert_to_tensor(variable))


def custom_gradient(f: Callable) -> Callable:
    # Only tensor arguments are differentiated; the others (Python numbers, flags) are closed
    # over, so jax never sees them as primals. grad_fn may return one gradient per argument
    # (None for non-tensors) or one per tensor argument.
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        positions = [i for i, a in enumerate(args) if isinstance(a, (jax.Array, _BaseVariable))]

        def rule(*tensors: Any) -> Any:
            full = list(args)
            for i, t in zip(positions, tensors):
                full[i] = t
            output, grad_fn = f(*full, **kwargs)

            def vjp(upstream: Any) -> tuple:
                grads = grad_fn(upstream)
                grads = tuple(grads) if isinstance(grads, (list, tuple)) else (grads,)
                if len(grads) == len(args) and len(args) != len(positions):
                    grads = tuple(grads[i] for i in positions)
                return tuple(
                    jnp.zeros_like(t) if g is None else convert_to_tensor(g, t.dtype)
                    for g, t in zip(grads, tensors)
                )

            return output, vjp

        return jax.custom_gradient(rule)(*(convert_to_tensor(args[i]) for i in positions))

    return wrapped


def slice(inputs: Any, start_indices: Any, shape: Any) -> jax.Array:  # noqa: A001
    inputs = convert_to_tensor(inputs)
    starts = [start_indices[i] for i in range(inputs.ndim)]
    return jax.lax.dynamic_slice(inputs, starts, tuple(int(d) for d in shape))


def slice_update(inputs: Any, start_indices: Any, updates: Any) -> jax.Array:
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates, inputs.dtype)
    starts = [start_indices[i] for i in range(inputs.ndim)]
    return jax.lax.dynamic_update_slice(inputs, updates, starts)


def _index_tuple(indices: Any) -> tuple:
    indices = convert_to_tensor(indices)
    return tuple(jnp.moveaxis(indices, -1, 0))


def scatter(indices: Any, values: Any, shape: Any) -> jax.Array:
    values = convert_to_tensor(values)
    zeros = jnp.zeros(tuple(shape), values.dtype)
    return zeros.at[_index_tuple(indices)].add(values)


def scatter_update(inputs: Any, indices: Any, updates: Any) -> jax.Array:
    inputs = convert_to_tensor(inputs)
    return inputs.at[_index_tuple(indices)].set(convert_to_tensor(updates, inputs.dtype))


def unstack(x: Any, num: int | None = None, axis: int = 0) -> list[jax.Array]:
    x = jnp.moveaxis(convert_to_tensor(x), axis, 0)
    return [x[i] for i in range(x.shape[0])]


@contextlib.contextmanager
def no_grad() -> Iterator[None]:
    """Runs the code inside as is: this engine records no gradients outside of its transforms."""
    yield
