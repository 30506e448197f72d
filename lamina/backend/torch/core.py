"""Torch backend: tensors are torch.Tensor; Variable, conversion, casting and control flow."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import torch

from lamina.backend.common import config, dtypes, dynamic_slices, eager_control_flow
from lamina.backend.common.stateless_scope import _state as _scope_state
from lamina.backend.common.symbolic_tensor import SymbolicTensor, flatten, map_structure
from lamina.backend.common.variables import Variable as _BaseVariable

NAME = "torch"
_TORCH_DTYPES = {
    "bool": torch.bool,
    "int8": torch.int8,
    "int16": torch.int16,
    "int32": torch.int32,
    "int64": torch.int64,
    "uint8": torch.uint8,
    "uint16": torch.uint16,
    "uint32": torch.uint32,
    "uint64": torch.uint64,
    "float16": torch.float16,
    "bfloat16": torch.bfloat16,
    "float32": torch.float32,
    "float64": torch.float64,
}
_DEFAULT_DEVICE = "cuda" if torch.cuda.is_available() else "cpu"
_current_device: list[str] = [_DEFAULT_DEVICE]


def to_engine_dtype(dtype: Any) -> torch.dtype:
    """Returns the torch.dtype for a lamina dtype name (or anything standardize_dtype takes)."""
    if isinstance(dtype, torch.dtype):
        return dtype
    return _TORCH_DTYPES[dtypes.standardize_dtype(dtype)]


def get_device() -> str:
    """Returns the device new tensors are placed on ("cpu" or "cuda[:i]")."""
    return _current_device[-1]


class Variable(_BaseVariable):
    __doc__ = _BaseVariable.__doc__

    def _initialize(self, value: Any) -> None:
        tensor = convert_to_tensor(value, self._dtype).detach().clone()
        requires_grad = self.trainable and tensor.is_floating_point()
        self._value = torch.nn.Parameter(tensor, requires_grad=requires_grad)
        self._shape = tuple(tensor.shape)

    def _convert_for_assign(self, value: Any) -> torch.Tensor:
        return convert_to_tensor(value, self._dtype)

    def _direct_assign(self, value: Any) -> None:
        with torch.no_grad():
            self._value.copy_(value)

    def assign_add(self, value: Any) -> Any:
        """Adds `value` to the variable (in place outside a StatelessScope); returns it."""
        if not _in_place_ok(self._value, value):
            return super().assign_add(value)
        if self._value.requires_grad and torch.is_grad_enabled():
            with torch.no_grad():
                self._value.add_(value)
        else:  # Metric state, or inside the train step's no_grad block: no context needed.
            self._value.add_(value)
        return self._value

    def assign_sub(self, value: Any) -> Any:
        """Subtracts `value` from the variable (in place, outside StatelessScope)."""
        if not _in_place_ok(self._value, value):
            return super().assign_sub(value)
        if self._value.requires_grad and torch.is_grad_enabled():
            with torch.no_grad():
                self._value.sub_(value)
        else:
            self._value.sub_(value)
        return self._value

    @classmethod
    def __torch_function__(cls, func: Any, types: Any, args: tuple = (), kwargs: Any = None) -> Any:
        def unwrap(x: Any) -> Any:
            return x.value if isinstance(x, _BaseVariable) else x

        return func(*map_structure(unwrap, args), **map_structure(unwrap, kwargs or {}))


def _in_place_ok(variable: torch.Tensor, value: Any) -> bool:
    # The in-place fast path of assign_add / assign_sub: no scope collecting writes, no
    # autocast, and a scalar whose dtype needs no promotion (a float into an int variable
    # takes the general path, which promotes first and casts the sum).
    if getattr(_scope_state, "scope", None) is not None:
        return False
    if getattr(_scope_state, "autocast", None) is not None:
        return False
    if type(value) is int:
        return True
    if type(value) is float:
        return variable.is_floating_point()
    return (
        isinstance(value, torch.Tensor)
        and value.dim() == 0
        and value.dtype == variable.dtype
        and not value.requires_grad
    )


def convert_to_tensor(x: Any, dtype: Any = None, sparse: Any = None) -> torch.Tensor:
    """Returns `x` as a torch.Tensor of `dtype` (inferred as `infer_dtype` says when None)."""
    if isinstance(x, torch.Tensor):
        if dtype is None:
            return x
        engine_dtype = to_engine_dtype(dtype)
        return x if x.dtype == engine_dtype else x.to(engine_dtype)
    if isinstance(x, _BaseVariable):
        return convert_to_tensor(x.value, dtype)
    if isinstance(x, SymbolicTensor):
        raise TypeError(
            f"convert_to_tensor received a SymbolicTensor {x.shape}, which has no value. "
            "Symbolic tensors can only flow through lamina.ops and layers."
        )
    if dtype is None:
        dtype = dtypes.infer_dtype(x)
    engine_dtype = to_engine_dtype(dtype)
    if isinstance(x, (np.ndarray, np.generic)):
        if x.dtype.name == "bfloat16":
            x = x.astype(np.float32)
        return torch.as_tensor(np.asarray(x), device=get_device()).to(engine_dtype)
    if isinstance(x, (list, tuple)) and any(isinstance(v, torch.Tensor) for v in flatten(x)):
        return torch.stack([convert_to_tensor(v, dtype) for v in x])
    return torch.as_tensor(x, dtype=engine_dtype, device=get_device())


def convert_to_numpy(x: Any) -> np.ndarray:
    """Returns `x` as a NumPy array (copied to the host; bfloat16 via ml_dtypes)."""
    tensor = convert_to_tensor(x).detach()
    if tensor.device.type != "cpu":
        tensor = tensor.cpu()
    if tensor.dtype == torch.bfloat16:
        import ml_dtypes

        return tensor.float().numpy().astype(ml_dtypes.bfloat16)
    return tensor.numpy()


def is_tensor(x: Any) -> bool:
    """Returns whether `x` is a torch.Tensor."""
    return isinstance(x, torch.Tensor)


def shape(x: Any) -> tuple[int, ...]:
    """Returns the shape of `x` as a tuple of ints."""
    if isinstance(x, torch.Tensor):
        return tuple(x.shape)
    return tuple(convert_to_tensor(x).shape)


def cast(x: Any, dtype: Any) -> torch.Tensor:
    """Returns `x` converted to `dtype`."""
    return convert_to_tensor(x).to(to_engine_dtype(dtype))


@contextlib.contextmanager
def device(device_name: str) -> Iterator[None]:
    """Places tensors created inside on `device_name` ("cpu", "cuda", "cuda:1", ...)."""
    name = str(device_name).lower()
    if name.startswith("gpu"):
        name = "cuda" + name[3:]
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ValueError(f"device: torch sees no CUDA device, received {device_name!r}.")
    if not (name.startswith("cpu") or name.startswith("cuda")):
        raise ValueError(f"device expected 'cpu' or 'cuda[:i]', received {device_name!r}.")
    _current_device.append(name.split(":")[0] if name.startswith("cpu") else name)
    try:
        yield
    finally:
        _current_device.pop()


def value_and_grad(
    fn: Callable, argnums: int | tuple[int, ...] = 0, has_aux: bool = False
) -> Callable:
    """Returns a function that computes `fn(*args)` and its gradients w.r.t. `args[argnums]`.

    `fn` must return a scalar (or `(scalar, aux)` with has_aux). The gradients keep the
    nesting of the differentiated arguments, as `jax.value_and_grad` does.
    """
    nums = (argnums,) if isinstance(argnums, int) else tuple(argnums)

    def wrapped(*args: Any) -> Any:
        args_list = list(args)
        for i in nums:
            args_list[i] = map_structure(
                lambda t: convert_to_tensor(t).detach().requires_grad_(True), args_list[i]
            )
        with torch.enable_grad():
            out = fn(*args_list)
        value, aux = out if has_aux else (out, None)
        leaves = flatten([args_list[i] for i in nums])
        grads = torch.autograd.grad(value, leaves, allow_unused=True)
        filled = [torch.zeros_like(t) if g is None else g for t, g in zip(leaves, grads)]
        grad_iter = iter(filled)
        structured = [map_structure(lambda _: next(grad_iter), args_list[i]) for i in nums]
        result = structured[0] if isinstance(argnums, int) else tuple(structured)
        value = value.detach()
        return ((value, aux) if has_aux else value), result

    return wrapped


def promote(*xs: Any) -> tuple[torch.Tensor, ...]:
    """Returns `xs` as tensors of one dtype: lamina's result_type (Python scalars are weak)."""
    # Variables take part by value (this also honours StatelessScope and autocast).
    xs = tuple(x.value if isinstance(x, _BaseVariable) else x for x in xs)
    dtype = getattr(xs[0], "dtype", None)
    for x in xs:
        if not isinstance(x, torch.Tensor) or x.dtype != dtype:
            break
    else:
        return xs  # The hot path: tensors that already agree.
    key = (config.floatx(), *(x.dtype if isinstance(x, torch.Tensor) else type(x) for x in xs))
    if torch.compiler.is_compiling():  # Guards on a growing cache would force recompiles.
        target = _traced_result_type(*(_weak_dtype(x) for x in xs))
    elif (target := _promotion_cache.get(key)) is None:
        target = dtypes.result_type(*(_weak_dtype(x) for x in xs))
        if all(k in _SCALAR_TYPES or not isinstance(k, type) for k in key[1:]):
            _promotion_cache[key] = target  # Keyed by engine dtypes and Python scalar types.
    return tuple(
        _scalar_tensor(x, target) if type(x) in _SCALAR_TYPES else convert_to_tensor(x, target)
        for x in xs
    )


@torch.compiler.assume_constant_result
def _traced_result_type(*dtype_names: Any) -> str:
    # Evaluated once while torch.compile traces, not traced through (a constant of the graph).
    return dtypes.result_type(*dtype_names)


_SCALAR_TYPES = (bool, int, float)
_scalar_cache: dict[tuple, Any] = {}
_promotion_cache: dict[tuple, str] = {}


def _scalar_tensor(value: Any, dtype: str) -> Any:
    """Returns a 0-d tensor for a Python scalar, cached: losses and layers use the same few
    constants (0.0, 1.0, epsilon) every step, and making a tensor costs far more than a lookup.
    Cached tensors are never handed out by an op unchanged, so nothing can mutate them."""
    if torch.compiler.is_compiling():  # A guard on the cache would recompile as it grows.
        return convert_to_tensor(value, dtype)
    key = (type(value), value, dtype, get_device())
    tensor = _scalar_cache.get(key)
    if tensor is None:
        if len(_scalar_cache) > 1024:
            _scalar_cache.clear()
        tensor = _scalar_cache[key] = convert_to_tensor(value, dtype)
    return tensor


def _weak_dtype(x: Any) -> Any:
    if isinstance(x, (bool, int, float)):
        return type(x)
    if isinstance(x, torch.Tensor):
        return str(x.dtype)[len("torch.") :]
    return dtypes.infer_dtype(x)


# -- control flow, slicing and scattering -----------------------------------------------------
# torch runs eagerly: control flow is the plain-Python loops of common/eager_control_flow.py.


def _zeros_like_step(leaf: torch.Tensor) -> torch.Tensor:
    return leaf.new_zeros(leaf.shape[1:])


_CONTROL_FLOW = eager_control_flow.EagerControlFlow(
    torch.Tensor, convert_to_tensor, torch.stack, _zeros_like_step
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


def stop_gradient(variable: Any) -> torch.Tensor:
    return convert_to_tensor(variable).detach()


class _CustomGradient(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, fn: Callable, *args: Any) -> Any:  # type: ignore[override]
        output, grad_fn = fn(*args)
        ctx.grad_fn = grad_fn
        ctx.num_args = len(args)
        return output

    @staticmethod
    def backward(ctx: Any, *upstream: Any) -> Any:  # type: ignore[override]
        grads = ctx.grad_fn(upstream[0] if len(upstream) == 1 else upstream)
        grads = tuple(grads) if isinstance(grads, (list, tuple)) else (grads,)
        return (None, *grads, *([None] * (ctx.num_args - len(grads))))


def custom_gradient(f: Callable) -> Callable:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        args = tuple(a.value if isinstance(a, _BaseVariable) else a for a in args)
        return _CustomGradient.apply(lambda *a: f(*a, **kwargs), *args)

    return wrapped


def slice(inputs: Any, start_indices: Any, shape: Any) -> torch.Tensor:  # noqa: A001
    inputs = convert_to_tensor(inputs)
    return inputs[dynamic_slices.clamped_slices(inputs.shape, start_indices, shape)]


def slice_update(inputs: Any, start_indices: Any, updates: Any) -> torch.Tensor:
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates, inputs.dtype)
    window = dynamic_slices.clamped_slices(inputs.shape, start_indices, updates.shape)
    result = inputs.clone()
    result[window] = updates
    return result


def _index_tuple(indices: Any) -> tuple:
    indices = convert_to_tensor(indices).to(torch.int64)
    return tuple(indices.unbind(-1))


def scatter(indices: Any, values: Any, shape: Any) -> torch.Tensor:
    values = convert_to_tensor(values)
    zeros = torch.zeros(tuple(shape), dtype=values.dtype, device=values.device)
    return zeros.index_put(_index_tuple(indices), values, accumulate=True)


def scatter_update(inputs: Any, indices: Any, updates: Any) -> torch.Tensor:
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates, inputs.dtype)
    return inputs.index_put(_index_tuple(indices), updates)


def unstack(x: Any, num: int | None = None, axis: int = 0) -> list[torch.Tensor]:
    return list(torch.unbind(convert_to_tensor(x), axis))


@contextlib.contextmanager
def no_grad() -> Iterator[None]:
    """Runs the code inside without recording gradients (optimizer updates)."""
    with torch.no_grad():
        yield
