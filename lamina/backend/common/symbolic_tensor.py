"""SymbolicTensor: a shape and dtype without data, and the op call that produced it.

Calling a `lamina.ops` function on a SymbolicTensor computes only the output spec (no engine
runs) and records the call in the output's `op`, so Functional models can replay the graph.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from lamina.backend.common import dtypes


def _ops() -> Any:
    # SymbolicTensor's operators are lamina.ops functions; looked up late because ops is
    # built on top of this module.
    import lamina.ops

    return lamina.ops


class OpCall:
    """Records one call of a lamina op on symbolic inputs: `fn(*args, **kwargs)`.

    `inputs` lists the SymbolicTensors found in the arguments; `outputs` is set once the
    output spec is known.
    """

    def __init__(self, fn: Callable, args: tuple, kwargs: dict) -> None:
        self.fn = fn
        self.name = getattr(fn, "__name__", type(fn).__name__)
        self.args = args
        self.kwargs = kwargs
        self.inputs = [t for t in flatten((args, kwargs)) if isinstance(t, SymbolicTensor)]
        self.outputs: Any = None

    def __repr__(self) -> str:
        return f"<OpCall {self.name} inputs={len(self.inputs)}>"


class SymbolicTensor:
    """A tensor known only by its shape (None for unknown dims) and dtype.

    Args:
        shape: A tuple of ints or None.
        dtype: The dtype; defaults to `floatx()`.
        name: An optional name.
        op: The OpCall that produced it, or None for a graph input.

    Example:
        >>> import lamina
        >>> x = lamina.SymbolicTensor((None, 3))
        >>> y = lamina.ops.matmul(x, lamina.ops.ones((3, 5)))
        >>> y.shape, y.dtype, y.op.name
        ((None, 5), 'float32', 'matmul')
    """

    def __init__(
        self,
        shape: Sequence[int | None],
        dtype: Any = None,
        name: str | None = None,
        op: OpCall | None = None,
    ) -> None:
        try:
            shape = tuple(None if d is None else int(d) for d in shape)
        except (TypeError, ValueError):
            raise ValueError(
                f"SymbolicTensor expected a shape of ints or None, received {shape!r}."
            ) from None
        if any(d is not None and d < 0 for d in shape):
            raise ValueError(f"SymbolicTensor shape dims must be >= 0, received {shape}.")
        self.shape: tuple[int | None, ...] = shape
        self.dtype = dtypes.standardize_dtype(dtype)
        self.name = name
        self.op = op

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def __repr__(self) -> str:
        name = f", name={self.name}" if self.name else ""
        return f"<SymbolicTensor shape={self.shape}, dtype={self.dtype}{name}>"

    def __bool__(self) -> bool:
        raise TypeError(
            "A SymbolicTensor has no value, so it cannot be used as a Python bool "
            "(e.g. in `if`). Use lamina.ops.cond or lamina.ops.where instead."
        )

    def __array__(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError(
            f"A SymbolicTensor {self.shape} has no value and cannot become a NumPy array. "
            "It only describes the shape and dtype of a future tensor."
        )

    def __len__(self) -> int:
        if not self.shape or self.shape[0] is None:
            raise TypeError(f"len() of a SymbolicTensor with unknown first dim: {self.shape}.")
        return self.shape[0]

    def __iter__(self) -> Any:
        raise TypeError("A SymbolicTensor cannot be iterated; use lamina.ops.unstack.")

    __hash__ = object.__hash__

    def reshape(self, *shape: Any) -> SymbolicTensor:
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        return _ops().reshape(self, shape)

    def __getitem__(self, key: Any) -> Any:
        return _ops().get_item(self, key)

    @property
    def T(self) -> SymbolicTensor:  # noqa: N802 - NumPy's name
        return _ops().transpose(self)

    def astype(self, dtype: Any) -> SymbolicTensor:
        return _ops().cast(self, dtype)

    def __add__(self, o: Any) -> Any:
        return _ops().add(self, o)

    def __radd__(self, o: Any) -> Any:
        return _ops().add(o, self)

    def __sub__(self, o: Any) -> Any:
        return _ops().subtract(self, o)

    def __rsub__(self, o: Any) -> Any:
        return _ops().subtract(o, self)

    def __mul__(self, o: Any) -> Any:
        return _ops().multiply(self, o)

    def __rmul__(self, o: Any) -> Any:
        return _ops().multiply(o, self)

    def __truediv__(self, o: Any) -> Any:
        return _ops().true_divide(self, o)

    def __rtruediv__(self, o: Any) -> Any:
        return _ops().true_divide(o, self)

    def __floordiv__(self, o: Any) -> Any:
        return _ops().floor_divide(self, o)

    def __rfloordiv__(self, o: Any) -> Any:
        return _ops().floor_divide(o, self)

    def __mod__(self, o: Any) -> Any:
        return _ops().mod(self, o)

    def __rmod__(self, o: Any) -> Any:
        return _ops().mod(o, self)

    def __pow__(self, o: Any) -> Any:
        return _ops().power(self, o)

    def __rpow__(self, o: Any) -> Any:
        return _ops().power(o, self)

    def __matmul__(self, o: Any) -> Any:
        return _ops().matmul(self, o)

    def __rmatmul__(self, o: Any) -> Any:
        return _ops().matmul(o, self)

    def __neg__(self) -> Any:
        return _ops().negative(self)

    def __pos__(self) -> Any:
        return self

    def __abs__(self) -> Any:
        return _ops().abs(self)

    def __invert__(self) -> Any:
        return _ops().logical_not(self)

    def __and__(self, o: Any) -> Any:
        return _ops().logical_and(self, o)

    def __or__(self, o: Any) -> Any:
        return _ops().logical_or(self, o)

    def __xor__(self, o: Any) -> Any:
        return _ops().logical_xor(self, o)

    def __lt__(self, o: Any) -> Any:
        return _ops().less(self, o)

    def __le__(self, o: Any) -> Any:
        return _ops().less_equal(self, o)

    def __gt__(self, o: Any) -> Any:
        return _ops().greater(self, o)

    def __ge__(self, o: Any) -> Any:
        return _ops().greater_equal(self, o)


def flatten(structure: Any) -> list:
    """Returns the leaves of nested lists, tuples and dicts (dicts in sorted-key order)."""
    leaves: list = []
    _flatten_into(structure, leaves)
    return leaves


def _flatten_into(structure: Any, leaves: list) -> None:
    if isinstance(structure, (list, tuple)):
        for item in structure:
            _flatten_into(item, leaves)
    elif isinstance(structure, dict):
        for key in sorted(structure, key=str):
            _flatten_into(structure[key], leaves)
    else:
        leaves.append(structure)


def pack_sequence_as(structure: Any, leaves: Sequence[Any]) -> Any:
    """Returns `leaves` nested like `structure`, in `flatten`'s order (dicts by sorted key)."""
    remaining = iter(leaves)

    def build(node: Any) -> Any:
        if isinstance(node, list):
            return [build(item) for item in node]
        if isinstance(node, tuple):
            items = [build(item) for item in node]
            return type(node)(*items) if hasattr(node, "_fields") else tuple(items)
        if isinstance(node, dict):
            built = {key: build(node[key]) for key in sorted(node, key=str)}
            return {key: built[key] for key in node}
        return next(remaining)

    return build(structure)


def map_structure(fn: Callable[[Any], Any], structure: Any) -> Any:
    """Applies `fn` to every leaf of nested lists, tuples and dicts, keeping the nesting."""
    if isinstance(structure, list):
        return [map_structure(fn, s) for s in structure]
    if isinstance(structure, tuple):
        mapped = [map_structure(fn, s) for s in structure]
        return type(structure)(*mapped) if hasattr(structure, "_fields") else tuple(mapped)
    if isinstance(structure, dict):
        return {k: map_structure(fn, v) for k, v in structure.items()}
    return fn(structure)


def is_symbolic(x: Any) -> bool:
    """Returns whether `x` is a SymbolicTensor."""
    return isinstance(x, SymbolicTensor)


def any_symbolic(args: tuple, kwargs: dict | None = None) -> bool:
    """Returns whether any argument (looking one level into lists and tuples) is symbolic."""
    for a in args:
        if isinstance(a, SymbolicTensor):
            return True
        if type(a) in (list, tuple):
            for b in a:
                if isinstance(b, SymbolicTensor):
                    return True
    if kwargs:
        return any_symbolic(tuple(kwargs.values()))
    return False
