"""Core ops: conversion, casting, shapes and dtypes, slicing and scattering; control flow is
in control_flow.py and gathered here too, as Keras groups it under `keras.ops.core`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from lamina import backend
from lamina.backend.common import dtypes
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.ops.operation import lamina_op
from lamina.ops.shape_inference import (
    Shape,
    dtype_of,
    normalize_axis,
    shape_of,
    spec,
)
from lamina.typing import Tensor

F = TypeVar("F", bound=Callable[..., Any])

_b = backend.core


def convert_to_tensor(x: Any, dtype: Any = None, sparse: Any = None, ragged: Any = None) -> Tensor:
    """Returns `x` as a tensor of the active backend.

    Python floats (and lists of them) become `floatx()`, Python ints `int32`; NumPy arrays and
    tensors keep their dtype unless `dtype` is given. `sparse` and `ragged` are accepted as
    Keras accepts them (its saved graphs record them); lamina's tensors are always dense.

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


# -- slicing and scattering ---------------------------------------------------------------------


def _check_window(op_name: str, inputs_shape: Shape, start_indices: Any, sizes: Shape) -> None:
    starts = shape_of(start_indices)
    num_starts = starts[0] if starts else None
    wrong_starts = num_starts is not None and num_starts != len(inputs_shape)
    if wrong_starts or len(sizes) != len(inputs_shape):
        raise ValueError(
            f"{op_name}: start_indices and the window shape need one entry per dim of inputs "
            f"of shape {inputs_shape}, received {num_starts} start indices and window shape "
            f"{sizes}."
        )
    for dim, size in zip(inputs_shape, sizes):
        if dim is not None and size is not None and (size > dim or size < 0):
            raise ValueError(
                f"{op_name}: the window shape {sizes} does not fit inside inputs of shape "
                f"{inputs_shape}."
            )


def _slice_op_spec(inputs: Any, start_indices: Any, shape: Any) -> SymbolicTensor:
    sizes = tuple(int(d) for d in shape)
    _check_window("slice", shape_of(inputs), start_indices, sizes)
    return spec(sizes, dtypes.result_type(dtype_of(inputs)))


@lamina_op(_slice_op_spec)
def slice(inputs: Any, start_indices: Any, shape: Any) -> Tensor:  # noqa: A001 - Keras's name
    """Returns the window of `inputs` that starts at `start_indices` and has `shape`.

    Start indices are clamped so that the window lies inside `inputs` (as `lax.dynamic_slice`
    does), on every backend.

    Args:
        inputs: A tensor.
        start_indices: One start index per dim (ints or a 1-D integer tensor).
        shape: The window's shape, one size per dim.

    Returns:
        A tensor of shape `shape` and the dtype of `inputs`.

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_tensor([[1, 2, 3], [4, 5, 6]])
        >>> lamina.ops.convert_to_numpy(lamina.ops.slice(x, (0, 1), (2, 2))).tolist()
        [[2, 3], [5, 6]]
    """
    _check_window("slice", shape_of(inputs), start_indices, tuple(shape))
    return _b.slice(inputs, start_indices, shape)


def _slice_update_spec(inputs: Any, start_indices: Any, updates: Any) -> SymbolicTensor:
    inputs_shape = shape_of(inputs)
    updates_shape = shape_of(updates)
    if len(updates_shape) != len(inputs_shape):
        raise ValueError(
            f"slice_update: updates must have the rank of inputs, received updates of shape "
            f"{updates_shape} for inputs of shape {inputs_shape}."
        )
    _check_window("slice_update", inputs_shape, start_indices, updates_shape)
    return spec(inputs_shape, dtypes.result_type(dtype_of(inputs)))


@lamina_op(_slice_update_spec)
def slice_update(inputs: Any, start_indices: Any, updates: Any) -> Tensor:
    """Returns `inputs` with the window at `start_indices` replaced by `updates`.

    Start indices are clamped so that the window lies inside `inputs`, on every backend.

    Args:
        inputs: A tensor.
        start_indices: One start index per dim.
        updates: The new values, of the rank of `inputs` (cast to its dtype).

    Returns:
        A new tensor with the shape and dtype of `inputs`.

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_tensor([[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
        >>> y = lamina.ops.slice_update(x, (1, 1), lamina.ops.convert_to_tensor([[1.0, 1.0]]))
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [[0.0, 0.0, 0.0], [0.0, 1.0, 1.0]]
    """
    return _b.slice_update(inputs, start_indices, updates)


def _check_scatter(op_name: str, indices: Any, values: Any, target_shape: Shape) -> None:
    indices_shape = shape_of(indices)
    if not indices_shape or indices_shape[-1] is None or indices_shape[-1] > len(target_shape):
        raise ValueError(
            f"{op_name}: indices must have shape (..., k) with k <= {len(target_shape)} (the "
            f"rank of the target of shape {target_shape}), received {indices_shape}."
        )
    expected = (*indices_shape[:-1], *target_shape[indices_shape[-1] :])
    got = shape_of(values)
    if len(got) != len(expected) or any(
        a is not None and b is not None and a != b for a, b in zip(got, expected)
    ):
        raise ValueError(
            f"{op_name}: indices of shape {indices_shape} into shape {target_shape} need values "
            f"of shape {expected}, received {got}."
        )


def _scatter_spec(indices: Any, values: Any, shape: Any) -> SymbolicTensor:
    target = tuple(int(d) for d in shape)
    _check_scatter("scatter", indices, values, target)
    return spec(target, dtypes.result_type(dtype_of(values)))


@lamina_op(_scatter_spec)
def scatter(indices: Any, values: Any, shape: Any) -> Tensor:
    """Returns a zero tensor of `shape` with `values` added at `indices`.

    Args:
        indices: Integers of shape `(..., k)`; each row indexes the first `k` dims of `shape`.
            Repeated indices add up.
        values: Values of shape `indices.shape[:-1] + shape[k:]`.
        shape: The output shape.

    Returns:
        A tensor of `shape` with the dtype of `values`.

    Example:
        >>> import lamina
        >>> y = lamina.ops.scatter([[0, 1], [1, 0], [0, 1]], [1.0, 2.0, 3.0], (2, 2))
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [[0.0, 4.0], [2.0, 0.0]]
    """
    return _b.scatter(indices, values, shape)


def _scatter_update_spec(inputs: Any, indices: Any, updates: Any) -> SymbolicTensor:
    _check_scatter("scatter_update", indices, updates, shape_of(inputs))
    return spec(shape_of(inputs), dtypes.result_type(dtype_of(inputs)))


@lamina_op(_scatter_update_spec)
def scatter_update(inputs: Any, indices: Any, updates: Any) -> Tensor:
    """Returns `inputs` with the entries at `indices` set to `updates`.

    Args:
        inputs: A tensor.
        indices: Integers of shape `(..., k)`; each row indexes the first `k` dims of `inputs`.
            With repeated indices, which update wins is unspecified.
        updates: Values of shape `indices.shape[:-1] + inputs.shape[k:]`.

    Returns:
        A new tensor with the shape and dtype of `inputs`.

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_tensor([[0.0, 0.0], [0.0, 0.0]])
        >>> y = lamina.ops.scatter_update(x, [[0, 0], [1, 1]], [5.0, 6.0])
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [[5.0, 0.0], [0.0, 6.0]]
    """
    return _b.scatter_update(inputs, indices, updates)


def _unstack_spec(x: Any, num: int | None = None, axis: int = 0) -> list[SymbolicTensor]:
    x_shape = shape_of(x)
    position = normalize_axis("unstack", axis, len(x_shape))
    size = x_shape[position] if x_shape else None
    if size is None and num is None:
        raise ValueError(
            f"unstack: axis {axis} of shape {x_shape} has unknown size; pass num=<its size>."
        )
    if num is not None and size is not None and num != size:
        raise ValueError(
            f"unstack: num={num} does not match size {size} of axis {axis} of shape {x_shape}."
        )
    count = size if size is not None else num
    rest = x_shape[:position] + x_shape[position + 1 :]
    dtype = dtypes.result_type(dtype_of(x))
    return [spec(rest, dtype) for _ in range(count)]  # type: ignore[arg-type]


@lamina_op(_unstack_spec)
def unstack(x: Any, num: int | None = None, axis: int = 0) -> list[Tensor]:
    """Splits `x` along `axis` into a list of tensors with that axis removed.

    Args:
        x: A tensor of rank >= 1.
        num: The size of `axis`; needed only when it is unknown (symbolic inputs).
        axis: The axis to split along.

    Returns:
        A list of `x.shape[axis]` tensors.

    Example:
        >>> import lamina
        >>> parts = lamina.ops.unstack(lamina.ops.convert_to_tensor([[1, 2], [3, 4]]), axis=1)
        >>> [lamina.ops.convert_to_numpy(p).tolist() for p in parts]
        [[1, 3], [2, 4]]
    """
    if num is not None:
        _unstack_spec(x, num, axis)
    return _b.unstack(x, num, axis)


# Control flow belongs to `lamina.ops.core` too.
from lamina.ops.control_flow import cond as cond  # noqa: E402
from lamina.ops.control_flow import custom_gradient as custom_gradient  # noqa: E402
from lamina.ops.control_flow import fori_loop as fori_loop  # noqa: E402
from lamina.ops.control_flow import map as map  # noqa: E402
from lamina.ops.control_flow import scan as scan  # noqa: E402
from lamina.ops.control_flow import stop_gradient as stop_gradient  # noqa: E402
from lamina.ops.control_flow import switch as switch  # noqa: E402
from lamina.ops.control_flow import vectorized_map as vectorized_map  # noqa: E402
from lamina.ops.control_flow import while_loop as while_loop  # noqa: E402
