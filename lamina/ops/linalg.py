"""`lamina.ops.linalg`: matrix decompositions, inverses, determinants, solvers and norms.

Every op takes a matrix or a batch of them: the last two axes are the matrix, the leading axes
are batch axes. Ints compute in `floatx()`; float16 and bfloat16 compute in float32 and are
cast back, since the engines' solvers have no 16-bit kernels.
"""

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
    float_dtype,
    normalize_axes,
    shape_of,
    spec,
)
from lamina.typing import Tensor

_b = backend.linalg


def _matrix_shape(op_name: str, x: Any, square: bool = True) -> Shape:
    shape = shape_of(x)
    rows, cols = (shape[-2], shape[-1]) if len(shape) >= 2 else (None, None)
    if len(shape) < 2 or (square and None not in (rows, cols) and rows != cols):
        wanted = "a square matrix (..., M, M)" if square else "a matrix (..., M, N)"
        raise ValueError(f"{op_name}: expected {wanted}, received shape {shape}.")
    return shape


def _square_dim(shape: Shape) -> int | None:
    return shape[-1] if shape[-1] is not None else shape[-2]


def _same_shape_spec_for(op_name: str):  # noqa: ANN202 - returns a spec function
    def same_shape_spec(x: Any, *args: Any, **kwargs: Any) -> SymbolicTensor:
        return spec(_matrix_shape(op_name, x), float_dtype(dtype_of(x)))

    return same_shape_spec


@lamina_op(_same_shape_spec_for("cholesky"))
def cholesky(x: Any, upper: bool = False) -> Tensor:
    """Returns the Cholesky factor of a symmetric positive-definite matrix.

    Only the symmetric part `(x + x^T) / 2` of `x` is used.

    Args:
        x: A tensor of shape `(..., M, M)`.
        upper: Whether to return the upper factor `U` (`x = U^T U`) instead of the lower
            factor `L` (`x = L L^T`).

    Returns:
        A triangular tensor of shape `(..., M, M)`.

    Example:
        >>> import lamina
        >>> y = lamina.ops.cholesky([[4.0, 2.0], [2.0, 2.0]])
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [[2.0, 0.0], [1.0, 1.0]]
    """
    return _b.cholesky(x, upper=upper)


def _det_spec(x: Any) -> SymbolicTensor:
    return spec(_matrix_shape("det", x)[:-2], float_dtype(dtype_of(x)))


@lamina_op(_det_spec)
def det(x: Any) -> Tensor:
    """Returns the determinant of a square matrix.

    Args:
        x: A tensor of shape `(..., M, M)`.

    Returns:
        A tensor of shape `(...)`.

    Example:
        >>> import lamina
        >>> round(float(lamina.ops.convert_to_numpy(lamina.ops.det([[1.0, 2.0], [3.0, 4.0]]))), 4)
        -2.0
    """
    return _b.det(x)


def _eig_spec(x: Any) -> Any:
    shape = _matrix_shape("eig", x)
    dtype = float_dtype(dtype_of(x))
    values = (spec(shape[:-1], dtype), spec(shape[:-1], dtype))
    vectors = (spec(shape, dtype), spec(shape, dtype))
    return values, vectors


@lamina_op(_eig_spec)
def eig(x: Any) -> tuple[tuple[Tensor, Tensor], tuple[Tensor, Tensor]]:
    """Returns the eigenvalues and right eigenvectors of a general square matrix.

    lamina has no complex dtype, so each result is a `(real, imag)` pair of float tensors.
    On jax this runs on the CPU only.

    Args:
        x: A tensor of shape `(..., M, M)`.

    Returns:
        `((values_real, values_imag), (vectors_real, vectors_imag))`: eigenvalues of shape
        `(..., M)` and unit eigenvectors as the columns of `(..., M, M)`.

    Example:
        >>> import lamina
        >>> (real, imag), _ = lamina.ops.eig([[0.0, -1.0], [1.0, 0.0]])
        >>> sorted(lamina.ops.convert_to_numpy(imag).tolist())
        [-1.0, 1.0]
    """
    return _b.eig(x)


def _eigh_spec(x: Any) -> tuple[SymbolicTensor, SymbolicTensor]:
    shape = _matrix_shape("eigh", x)
    dtype = float_dtype(dtype_of(x))
    return spec(shape[:-1], dtype), spec(shape, dtype)


@lamina_op(_eigh_spec)
def eigh(x: Any) -> tuple[Tensor, Tensor]:
    """Returns the eigenvalues and eigenvectors of a symmetric matrix.

    Only the symmetric part `(x + x^T) / 2` of `x` is used.

    Args:
        x: A tensor of shape `(..., M, M)`.

    Returns:
        `(values, vectors)`: eigenvalues in ascending order, shape `(..., M)`, and orthonormal
        eigenvectors as the columns of `(..., M, M)`.

    Example:
        >>> import lamina
        >>> values, vectors = lamina.ops.eigh([[2.0, 1.0], [1.0, 2.0]])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(values).tolist()]
        [1.0, 3.0]
    """
    return _b.eigh(x)


@lamina_op(_same_shape_spec_for("inv"))
def inv(x: Any) -> Tensor:
    """Returns the inverse of a square matrix.

    Args:
        x: A tensor of shape `(..., M, M)`.

    Returns:
        A tensor of shape `(..., M, M)`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.inv([[2.0, 0.0], [0.0, 4.0]])).tolist()
        [[0.5, 0.0], [0.0, 0.25]]
    """
    return _b.inv(x)


def _lu_factor_spec(x: Any) -> tuple[SymbolicTensor, SymbolicTensor]:
    shape = _matrix_shape("lu_factor", x, square=False)
    rows, cols = shape[-2], shape[-1]
    steps = None if None in (rows, cols) else min(rows, cols)  # type: ignore[type-var]
    return spec(shape, float_dtype(dtype_of(x))), spec((*shape[:-2], steps), "int32")


@lamina_op(_lu_factor_spec)
def lu_factor(x: Any) -> tuple[Tensor, Tensor]:
    """Computes the LU decomposition with partial pivoting, `P x = L U`, as SciPy's lu_factor.

    Args:
        x: A tensor of shape `(..., M, N)`.

    Returns:
        `(lu, pivots)`: `lu` of shape `(..., M, N)` holds `U` on and above the diagonal and the
        unit-diagonal `L` below it; `pivots` (int32, shape `(..., min(M, N))`, 0-based) says
        that row `i` was swapped with row `pivots[i]`.

    Example:
        >>> import lamina
        >>> lu, pivots = lamina.ops.lu_factor([[1.0, 2.0], [3.0, 4.0]])
        >>> lamina.ops.convert_to_numpy(pivots).tolist()
        [1, 1]
    """
    return _b.lu_factor(x)


_MATRIX_ORDS = (None, "fro", "nuc", 1, -1, 2, -2, float("inf"), float("-inf"))


def _norm_spec(
    x: Any, ord: Any = None, axis: int | Sequence[int] | None = None, keepdims: bool = False
) -> SymbolicTensor:
    shape = shape_of(x)
    if axis is None and ord is not None and len(shape) not in (1, 2):
        raise ValueError(
            f"norm: ord={ord!r} with axis=None needs a 1-D or 2-D input, received shape "
            f"{shape}. Pass axis."
        )
    axes = normalize_axes("norm", axis, len(shape))
    if isinstance(axis, (list, tuple)) and len(axes) > 2:
        raise ValueError(f"norm: axis must name 1 or 2 axes, received {tuple(axis)}.")
    matrix = len(axes) == 2 and (axis is not None or ord is not None)
    if matrix and ord not in _MATRIX_ORDS:
        raise ValueError(
            f"norm: invalid ord {ord!r} for a matrix norm; expected one of {_MATRIX_ORDS}."
        )
    if not matrix and (isinstance(ord, str) or isinstance(ord, bool)):
        raise ValueError(f"norm: invalid ord {ord!r} for a vector norm; expected a number.")
    if keepdims:
        out_shape = tuple(1 if i in axes else d for i, d in enumerate(shape))
    else:
        out_shape = tuple(d for i, d in enumerate(shape) if i not in axes)
    return spec(out_shape, float_dtype(dtype_of(x)))


@lamina_op(_norm_spec)
def norm(
    x: Any, ord: Any = None, axis: int | Sequence[int] | None = None, keepdims: bool = False
) -> Tensor:
    """Returns a vector or matrix norm of `x`, following `numpy.linalg.norm`.

    An int `axis` gives vector norms along it, a pair of axes gives matrix norms. With
    `axis=None`, `ord=None` is the 2-norm of all entries; any other `ord` needs a 1-D (vector)
    or 2-D (matrix) input.

    Args:
        x: A tensor.
        ord: Vector: None (2-norm), `inf`, `-inf`, 0 (count of non-zeros) or any number `p`
            (`sum(|x| ** p) ** (1 / p)`). Matrix: None or `"fro"`, `"nuc"`, 1, -1, 2, -2,
            `inf`, `-inf`.
        axis: None, an int, or a pair of ints.
        keepdims: Whether to keep the reduced axes as size-1 dims.

    Returns:
        The norm, in a float dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.norm([[3.0, 4.0], [6.0, 8.0]], axis=1)).tolist()
        [5.0, 10.0]
    """
    _norm_spec(x, ord, axis, keepdims)  # torch would take some of the invalid combinations.
    return _b.norm(x, ord=ord, axis=axis, keepdims=keepdims)


def _qr_spec(x: Any, mode: str = "reduced") -> tuple[SymbolicTensor, SymbolicTensor]:
    if mode not in ("reduced", "complete"):
        raise ValueError(f"qr: mode must be 'reduced' or 'complete', received {mode!r}.")
    shape = _matrix_shape("qr", x, square=False)
    rows, cols = shape[-2], shape[-1]
    if mode == "complete":
        inner = rows
    else:
        inner = None if None in (rows, cols) else min(rows, cols)  # type: ignore[type-var]
    dtype = float_dtype(dtype_of(x))
    return spec((*shape[:-2], rows, inner), dtype), spec((*shape[:-2], inner, cols), dtype)


@lamina_op(_qr_spec)
def qr(x: Any, mode: str = "reduced") -> tuple[Tensor, Tensor]:
    """Computes the QR decomposition `x = Q R`: `Q` with orthonormal columns, `R` upper triangular.

    Args:
        x: A tensor of shape `(..., M, N)`.
        mode: `"reduced"` (`Q` is `(..., M, K)`, `R` is `(..., K, N)`, `K = min(M, N)`) or
            `"complete"` (`Q` is `(..., M, M)`, `R` is `(..., M, N)`).

    Returns:
        The tuple `(q, r)`.

    Example:
        >>> import lamina
        >>> q, r = lamina.ops.qr([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
        >>> lamina.ops.shape(q), lamina.ops.shape(r)
        ((3, 2), (2, 2))
    """
    _qr_spec(x, mode)  # NumPy would take other modes.
    return _b.qr(x, mode=mode)


def _solve_shape(op_name: str, a: Any, b: Any) -> tuple[Shape, str]:
    a_shape = _matrix_shape(op_name, a)
    b_shape = shape_of(b)
    size = _square_dim(a_shape)
    vector = len(b_shape) == 1
    rows = b_shape[-1] if vector and b_shape else (b_shape[-2] if len(b_shape) >= 2 else None)
    if not b_shape or None not in (rows, size) and rows != size:
        raise ValueError(
            f"{op_name}: a of shape {a_shape} needs b of shape ({size},) or "
            f"(..., {size}, K), received shape {b_shape}."
        )
    if vector:
        batch = broadcast_shapes(op_name, a_shape[:-2], b_shape[:-1])
        out_shape: Shape = (*batch, size)
    else:
        batch = broadcast_shapes(op_name, a_shape[:-2], b_shape[:-2])
        out_shape = (*batch, size, b_shape[-1])
    dtype = float_dtype(dtypes.result_type(dtype_of(a), dtype_of(b)))
    return out_shape, dtype


def _solve_spec(a: Any, b: Any) -> SymbolicTensor:
    return spec(*_solve_shape("solve", a, b))


@lamina_op(_solve_spec)
def solve(a: Any, b: Any) -> Tensor:
    """Solves the linear system `a @ x = b` for `x`.

    As in NumPy 2, `b` is a vector only when it is 1-D; otherwise it is a (batch of) matrices
    whose batch axes broadcast with `a`'s. Solve a batch of vectors as `b[..., None]`.

    Args:
        a: A tensor of shape `(..., M, M)`.
        b: A tensor of shape `(M,)` or `(..., M, K)`.

    Returns:
        `x`, of the shape of `b` (with broadcast batch axes).

    Example:
        >>> import lamina
        >>> x = lamina.ops.solve([[2.0, 0.0], [0.0, 4.0]], [2.0, 2.0])
        >>> lamina.ops.convert_to_numpy(x).tolist()
        [1.0, 0.5]
    """
    _solve_shape("solve", a, b)  # NumPy's own message would also start with "solve:".
    return _b.solve(a, b)


def _solve_triangular_spec(a: Any, b: Any, lower: bool = False) -> SymbolicTensor:
    return spec(*_solve_shape("solve_triangular", a, b))


@lamina_op(_solve_triangular_spec)
def solve_triangular(a: Any, b: Any, lower: bool = False) -> Tensor:
    """Solves `a @ x = b` for a triangular `a`; the other triangle of `a` is ignored.

    Args:
        a: A tensor of shape `(..., M, M)`.
        b: A tensor of shape `(M,)` or `(..., M, K)` (as in `solve`).
        lower: Whether to use the lower triangle of `a` (else the upper one).

    Returns:
        `x`, of the shape of `b` (with broadcast batch axes).

    Example:
        >>> import lamina
        >>> x = lamina.ops.solve_triangular([[2.0, 0.0], [1.0, 1.0]], [2.0, 3.0], lower=True)
        >>> lamina.ops.convert_to_numpy(x).tolist()
        [1.0, 2.0]
    """
    _solve_shape("solve_triangular", a, b)
    return _b.solve_triangular(a, b, lower=lower)


def _svd_spec(x: Any, full_matrices: bool = True, compute_uv: bool = True) -> Any:
    shape = _matrix_shape("svd", x, square=False)
    rows, cols = shape[-2], shape[-1]
    inner = None if None in (rows, cols) else min(rows, cols)  # type: ignore[type-var]
    dtype = float_dtype(dtype_of(x))
    values = spec((*shape[:-2], inner), dtype)
    if not compute_uv:
        return values
    u_cols, v_rows = (rows, cols) if full_matrices else (inner, inner)
    u = spec((*shape[:-2], rows, u_cols), dtype)
    vh = spec((*shape[:-2], v_rows, cols), dtype)
    return u, values, vh


@lamina_op(_svd_spec)
def svd(x: Any, full_matrices: bool = True, compute_uv: bool = True) -> Any:
    """Computes the singular value decomposition `x = U diag(S) V^T`.

    Args:
        x: A tensor of shape `(..., M, N)`.
        full_matrices: Whether `U` and `V^T` are square (`(..., M, M)`, `(..., N, N)`) or
            reduced (`(..., M, K)`, `(..., K, N)`, `K = min(M, N)`).
        compute_uv: Whether to return `U` and `V^T`; if False only `S` is returned.

    Returns:
        `(u, s, vh)`, or `s` alone: the singular values, descending, of shape `(..., K)`.

    Example:
        >>> import lamina
        >>> s = lamina.ops.svd([[3.0, 0.0], [0.0, -4.0]], compute_uv=False)
        >>> lamina.ops.convert_to_numpy(s).tolist()
        [4.0, 3.0]
    """
    return _b.svd(x, full_matrices=full_matrices, compute_uv=compute_uv)
