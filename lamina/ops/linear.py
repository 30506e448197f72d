"""Linear-algebra helpers: products (matmul, dot, tensordot, einsum...), traces and diagonals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import backend
from lamina.backend.common import dtypes
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.ops.operation import lamina_op
from lamina.ops.shape_inference import (
    Shape,
    broadcast_shapes,
    dtype_of,
    normalize_axis,
    shape_of,
    spec,
)
from lamina.typing import Tensor

_b = backend.linear


def _product_dtype(*xs: Any) -> str:
    """result_type of the operands, except that int8 operands only accumulate in int32."""
    names = [dtypes.result_type(dtype_of(x)) for x in xs]
    if all(name == "int8" for name in names):
        return "int32"
    return dtypes.result_type(*(dtype_of(x) for x in xs))


def _check_dims(op_name: str, dim1: Any, dim2: Any, what: str, shapes: tuple) -> None:
    if dim1 is not None and dim2 is not None and dim1 != dim2:
        received = " and ".join(str(tuple(s)) for s in shapes)
        raise ValueError(
            f"{op_name}: {what} must match, received {dim1} and {dim2} (shapes {received})."
        )


def _size(shape: Shape) -> int | None:
    size = 1
    for dim in shape:
        if dim is None:
            return None
        size *= dim
    return size


def _matmul_spec(x1: Any, x2: Any) -> SymbolicTensor:
    s1, s2 = shape_of(x1), shape_of(x2)
    if not s1 or not s2:
        raise ValueError(f"matmul: inputs must have rank >= 1, received shapes {s1} and {s2}.")
    inner2 = s2[-2] if len(s2) >= 2 else s2[0]
    _check_dims(
        "matmul", s1[-1], inner2, "the last dim of x1 and the contracted dim of x2", (s1, s2)
    )
    batch = broadcast_shapes("matmul", s1[:-2], s2[:-2])
    rows = s1[-2:-1]
    columns = s2[-1:] if len(s2) >= 2 else ()
    dtype = _product_dtype(x1, x2)
    return spec((*batch, *rows, *columns), dtype)


def _dot_spec(x1: Any, x2: Any) -> SymbolicTensor:
    s1, s2 = shape_of(x1), shape_of(x2)
    dtype = dtypes.result_type(dtype_of(x1), dtype_of(x2))
    if not s1 or not s2:
        return spec(s1 or s2, dtype)
    inner2 = s2[-2] if len(s2) >= 2 else s2[0]
    _check_dims("dot", s1[-1], inner2, "the last dim of x1 and the contracted dim of x2", (s1, s2))
    return spec((*s1[:-1], *s2[:-2], *s2[-1:]) if len(s2) >= 2 else s1[:-1], dtype)


def _tensordot_axes(op_name: str, axes: Any, s1: Shape, s2: Shape) -> tuple[list, list]:
    if isinstance(axes, int):
        if axes < 0 or axes > min(len(s1), len(s2)):
            raise ValueError(
                f"{op_name}: axes={axes} needs both inputs of rank >= {axes}, "
                f"received shapes {s1} and {s2}."
            )
        return list(range(len(s1) - axes, len(s1))), list(range(axes))
    axes1, axes2 = axes
    axes1 = [axes1] if isinstance(axes1, int) else list(axes1)
    axes2 = [axes2] if isinstance(axes2, int) else list(axes2)
    if len(axes1) != len(axes2):
        raise ValueError(
            f"{op_name}: axes {tuple(axes1)} and {tuple(axes2)} must have the same length."
        )
    return (
        [normalize_axis(op_name, a, len(s1)) for a in axes1],
        [normalize_axis(op_name, a, len(s2)) for a in axes2],
    )


def _tensordot_spec(x1: Any, x2: Any, axes: Any = 2) -> SymbolicTensor:
    s1, s2 = shape_of(x1), shape_of(x2)
    axes1, axes2 = _tensordot_axes("tensordot", axes, s1, s2)
    for a1, a2 in zip(axes1, axes2):
        _check_dims("tensordot", s1[a1], s2[a2], f"dims of x1 axis {a1} and x2 axis {a2}", (s1, s2))
    free1 = [d for i, d in enumerate(s1) if i not in axes1]
    free2 = [d for i, d in enumerate(s2) if i not in axes2]
    return spec((*free1, *free2), dtypes.result_type(dtype_of(x1), dtype_of(x2)))


def _parse_einsum(subscripts: str, count: int) -> tuple[list[str], str | None]:
    text = subscripts.replace(" ", "")
    inputs_text, arrow, output = text.partition("->")
    inputs = inputs_text.split(",")
    if len(inputs) != count:
        raise ValueError(
            f"einsum: subscripts {subscripts!r} name {len(inputs)} operand(s), received {count}."
        )
    return inputs, (output if arrow else None)


def _einsum_spec(subscripts: str, *operands: Any) -> SymbolicTensor:
    inputs, output = _parse_einsum(subscripts, len(operands))
    shapes = [shape_of(x) for x in operands]
    sizes: dict[str, int | None] = {}
    ellipsis_shapes = []
    for position, (term, shape) in enumerate(zip(inputs, shapes)):
        labels = term.replace("...", ".")
        named = len(labels) - labels.count(".")
        if len(shape) < named or ("." not in labels and len(shape) != named):
            raise ValueError(
                f"einsum: operand {position} has shape {shape}, but its subscripts "
                f"{term!r} name {named} dims."
            )
        if "." in labels:
            start = labels.index(".")
            width = len(shape) - named
            ellipsis_shapes.append(shape[start : start + width])
            shape = (*shape[:start], *shape[start + width :])
            labels = labels.replace(".", "")
        for label, dim in zip(labels, shape):
            known = sizes.get(label)
            if dim is not None and known is not None and dim != known and 1 not in (dim, known):
                raise ValueError(
                    f"einsum: label {label!r} has size {known} in one operand and {dim} in "
                    f"operand {position}; received shapes {', '.join(map(str, shapes))}."
                )
            if known is None or known == 1:
                sizes[label] = dim
    batch = broadcast_shapes("einsum", *ellipsis_shapes) if ellipsis_shapes else ()
    if output is None:
        letters = "".join(inputs).replace(".", "")
        output = ("..." if ellipsis_shapes else "") + "".join(
            sorted(c for c in set(letters) if letters.count(c) == 1)
        )
    out_shape: list[int | None] = []
    for label in output.replace("...", "."):
        if label == ".":
            out_shape.extend(batch)
        elif label in sizes:
            out_shape.append(sizes[label])
        else:
            raise ValueError(
                f"einsum: output label {label!r} in {subscripts!r} is not in any input."
            )
    return spec(out_shape, _product_dtype(*operands))


def _outer_spec(x1: Any, x2: Any) -> SymbolicTensor:
    shape = (_size(shape_of(x1)), _size(shape_of(x2)))
    return spec(shape, dtypes.result_type(dtype_of(x1), dtype_of(x2)))


def _inner_spec(x1: Any, x2: Any) -> SymbolicTensor:
    s1, s2 = shape_of(x1), shape_of(x2)
    dtype = dtypes.result_type(dtype_of(x1), dtype_of(x2))
    if not s1 or not s2:
        return spec(s1 or s2, dtype)
    _check_dims("inner", s1[-1], s2[-1], "the last dims of x1 and x2", (s1, s2))
    return spec((*s1[:-1], *s2[:-1]), dtype)


def _vdot_spec(x1: Any, x2: Any) -> SymbolicTensor:
    s1, s2 = shape_of(x1), shape_of(x2)
    _check_dims("vdot", _size(s1), _size(s2), "the sizes of x1 and x2", (s1, s2))
    return spec((), dtypes.result_type(dtype_of(x1), dtype_of(x2)))


def _diagonal_axes(op_name: str, shape: Shape, axis1: int, axis2: int) -> tuple[int, int]:
    if len(shape) < 2:
        raise ValueError(f"{op_name}: expected an input of rank >= 2, received shape {shape}.")
    first = normalize_axis(op_name, axis1, len(shape))
    second = normalize_axis(op_name, axis2, len(shape))
    if first == second:
        raise ValueError(f"{op_name}: axis1 and axis2 must differ, received {axis1}, {axis2}.")
    return first, second


def _diagonal_length(rows: int | None, columns: int | None, offset: int) -> int | None:
    if rows is None or columns is None:
        return None
    if offset >= 0:
        return max(0, min(rows, columns - offset))
    return max(0, min(rows + offset, columns))


def _diagonal_spec(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> SymbolicTensor:
    shape = shape_of(x)
    first, second = _diagonal_axes("diagonal", shape, axis1, axis2)
    rest = [d for i, d in enumerate(shape) if i not in (first, second)]
    length = _diagonal_length(shape[first], shape[second], offset)
    return spec((*rest, length), dtypes.result_type(dtype_of(x)))


def _trace_spec(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> SymbolicTensor:
    shape = shape_of(x)
    first, second = _diagonal_axes("trace", shape, axis1, axis2)
    rest = [d for i, d in enumerate(shape) if i not in (first, second)]
    dtype = dtypes.result_type(dtype_of(x))
    if dtype not in ("int64", "uint32", "uint64"):
        dtype = dtypes.result_type(dtype, "int32")  # Small ints and bools sum in int32.
    return spec(rest, dtype)


def _diag_spec(x: Any, k: int = 0) -> SymbolicTensor:
    shape = shape_of(x)
    dtype = dtypes.result_type(dtype_of(x))
    if len(shape) == 1:
        side = None if shape[0] is None else shape[0] + (k if k >= 0 else -k)
        return spec((side, side), dtype)
    if len(shape) == 2:
        return spec((_diagonal_length(shape[0], shape[1], k),), dtype)
    raise ValueError(f"diag: expected a 1-D or 2-D input, received shape {shape}.")


@lamina_op(_matmul_spec)
def matmul(x1: Any, x2: Any) -> Tensor:
    """Matrix product of two tensors, with NumPy's rules for 1-D inputs and batch broadcasting.

    Args:
        x1: A tensor of rank >= 1; its last dim is contracted.
        x2: A tensor of rank >= 1; its second-to-last dim (or only dim) is contracted.

    Returns:
        The product, in the promoted dtype (int8 x int8 gives int32).

    Example:
        >>> import lamina
        >>> y = lamina.ops.matmul([[1, 2], [3, 4]], [[1], [1]])
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [[3], [7]]
    """
    return _b.matmul(x1, x2)


@lamina_op(_dot_spec)
def dot(x1: Any, x2: Any) -> Tensor:
    """Dot product: sums the last axis of `x1` against the second-to-last of `x2` (as NumPy).

    Scalars multiply; 1-D by 1-D gives the inner product.

    Args:
        x1: A tensor or array-like.
        x2: A tensor or array-like.

    Returns:
        The product, in the promoted dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.dot([1, 2, 3], [4, 5, 6])).tolist()
        32
    """
    return _b.dot(x1, x2)


@lamina_op(_tensordot_spec)
def tensordot(x1: Any, x2: Any, axes: int | Sequence[Any] = 2) -> Tensor:
    """Sums products over the given axes of `x1` and `x2`.

    Args:
        x1: A tensor or array-like.
        x2: A tensor or array-like.
        axes: An int `n` (the last `n` axes of `x1` with the first `n` of `x2`), or a pair
            `(axes_of_x1, axes_of_x2)` of ints or sequences of the same length.

    Returns:
        A tensor with the free axes of `x1` followed by those of `x2`.

    Example:
        >>> import lamina
        >>> y = lamina.ops.tensordot(lamina.ops.ones((2, 3)), lamina.ops.ones((3, 4)), axes=1)
        >>> lamina.ops.shape(y)
        (2, 4)
    """
    return _b.tensordot(x1, x2, axes=axes)


@lamina_op(_einsum_spec)
def einsum(subscripts: str, *operands: Any) -> Tensor:
    """Evaluates an Einstein summation, as `numpy.einsum` (with `...` and implicit output).

    Args:
        subscripts: The labels of each operand's axes, e.g. `"ij,jk->ik"`.
        *operands: The tensors.

    Returns:
        The result, in the promoted dtype (all-int8 operands give int32).

    Example:
        >>> import lamina
        >>> y = lamina.ops.einsum("ij,j->i", [[1, 2], [3, 4]], [1, 10])
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [21, 43]
    """
    return _b.einsum(subscripts, *operands)


@lamina_op(_outer_spec)
def outer(x1: Any, x2: Any) -> Tensor:
    """Outer product of two tensors, each flattened first.

    Args:
        x1: A tensor or array-like (flattened to `M` values).
        x2: A tensor or array-like (flattened to `N` values).

    Returns:
        A tensor of shape `(M, N)` with `x1[i] * x2[j]`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.outer([1, 2], [1, 10])).tolist()
        [[1, 10], [2, 20]]
    """
    return _b.outer(x1, x2)


@lamina_op(_inner_spec)
def inner(x1: Any, x2: Any) -> Tensor:
    """Inner product over the last axes of `x1` and `x2` (scalars multiply).

    Args:
        x1: A tensor or array-like.
        x2: A tensor or array-like whose last dim matches that of `x1`.

    Returns:
        A tensor of shape `x1.shape[:-1] + x2.shape[:-1]`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.inner([1, 2], [3, 4])).tolist()
        11
    """
    return _b.inner(x1, x2)


@lamina_op(_vdot_spec)
def vdot(x1: Any, x2: Any) -> Tensor:
    """Dot product of two tensors flattened to 1-D.

    Args:
        x1: A tensor or array-like.
        x2: A tensor or array-like with as many elements as `x1`.

    Returns:
        A scalar tensor.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.vdot([[1, 2], [3, 4]], [1, 1, 1, 1])).tolist()
        10
    """
    return _b.vdot(x1, x2)


@lamina_op(_trace_spec)
def trace(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Tensor:
    """Sums a diagonal of `x` taken over `axis1` and `axis2`.

    Args:
        x: A tensor of rank >= 2.
        offset: The diagonal: 0 is the main one, positive above it, negative below.
        axis1: The first axis of the 2-D planes.
        axis2: The second axis of the 2-D planes.

    Returns:
        The sums, with the two axes removed; bools and small ints give int32.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.trace([[1, 2], [3, 4]])).tolist()
        5
    """
    return _b.trace(x, offset=offset, axis1=axis1, axis2=axis2)


@lamina_op(_diagonal_spec)
def diagonal(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Tensor:
    """Returns a diagonal of `x` taken over `axis1` and `axis2`, as a new last axis.

    Args:
        x: A tensor of rank >= 2.
        offset: The diagonal: 0 is the main one, positive above it, negative below.
        axis1: The first axis of the 2-D planes.
        axis2: The second axis of the 2-D planes.

    Returns:
        The diagonals, with the two axes removed and the diagonal appended.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.diagonal([[1, 2], [3, 4]])).tolist()
        [1, 4]
    """
    return _b.diagonal(x, offset=offset, axis1=axis1, axis2=axis2)


@lamina_op(_diag_spec)
def diag(x: Any, k: int = 0) -> Tensor:
    """Builds a diagonal matrix from a 1-D tensor, or extracts a diagonal of a 2-D one.

    Args:
        x: A 1-D or 2-D tensor.
        k: The diagonal: 0 is the main one, positive above it, negative below.

    Returns:
        A 2-D tensor with `x` on its `k`-th diagonal, or the 1-D `k`-th diagonal of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.diag([1, 2])).tolist()
        [[1, 0], [0, 2]]
    """
    return _b.diag(x, k=k)
