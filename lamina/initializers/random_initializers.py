"""Random initializers: normal, uniform and truncated normal draws, and orthogonal matrices."""

from __future__ import annotations

import math
import numbers
import random as python_random
from typing import Any

from lamina import ops
from lamina import random as lamina_random
from lamina.initializers.initializer import Initializer, float_dtype, standardize_shape
from lamina.random import SeedGenerator
from lamina.typing import DTypeLike, Shape, Tensor


def _truncated_unit_stddev(bound: float = 2.0) -> float:
    # The standard deviation of a unit normal cut to [-bound, bound]: dividing by it makes a
    # truncated draw's stddev the one asked for.
    mass = math.erf(bound / math.sqrt(2.0))
    density = math.exp(-0.5 * bound**2) / math.sqrt(2.0 * math.pi)
    return math.sqrt(1.0 - 2.0 * bound * density / mass)


_TRUNCATED_UNIT_STDDEV = _truncated_unit_stddev()


class _RandomInitializer(Initializer):
    """Base of the seeded initializers: resolves `seed` once, at construction.

    An int seed, or None (an int drawn from Python's `random`, which
    `lamina.utils.set_random_seed` seeds), gives the same values on every call; a
    `SeedGenerator` gives new values on every call.
    """

    def __init__(self, seed: int | SeedGenerator | None = None) -> None:
        self._init_seed = seed
        self.seed = _standardize_seed(type(self).__name__, seed)

    def get_config(self) -> dict[str, Any]:
        """Returns `{"seed": ...}`: the seed as passed (None stays None)."""
        seed: Any = self._init_seed
        if isinstance(seed, SeedGenerator):
            seed = {
                "module": "keras.random",
                "class_name": "SeedGenerator",
                "config": seed.get_config(),
                "registered_name": None,
            }
        return {"seed": seed}


class RandomNormal(_RandomInitializer):
    """Draws from a normal distribution.

    Args:
        mean: The mean of the values.
        stddev: Their standard deviation.
        seed: An int or None (the same values on every call; None picks the int from Python's
            `random`), or a `lamina.random.SeedGenerator` (new values on every call).

    Example:
        >>> import lamina
        >>> init = lamina.initializers.RandomNormal(mean=0.0, stddev=1.0, seed=1)
        >>> first, again = init((2, 3)), init((2, 3))
        >>> lamina.ops.shape(first), bool(lamina.ops.all(lamina.ops.equal(first, again)))
        ((2, 3), True)
    """

    def __init__(
        self, mean: float = 0.0, stddev: float = 0.05, seed: int | SeedGenerator | None = None
    ) -> None:
        super().__init__(seed)
        self.mean = mean
        self.stddev = stddev

    def __call__(self, shape: Shape, dtype: DTypeLike = None) -> Tensor:
        """Returns normal draws of `shape` in the float `dtype` (`floatx()` when None)."""
        shape = standardize_shape("RandomNormal", shape)
        dtype = float_dtype("RandomNormal", dtype)
        return lamina_random.normal(shape, self.mean, self.stddev, dtype=dtype, seed=self.seed)

    def get_config(self) -> dict[str, Any]:
        """Returns `mean`, `stddev` and `seed`."""
        return {"mean": self.mean, "stddev": self.stddev, **super().get_config()}


class RandomUniform(_RandomInitializer):
    """Draws from a uniform distribution on `[minval, maxval)`.

    Args:
        minval: The lower bound (included).
        maxval: The upper bound (excluded).
        seed: An int, None or a `SeedGenerator` (see `RandomNormal`).

    Example:
        >>> import lamina
        >>> init = lamina.initializers.RandomUniform(minval=2.0, maxval=3.0, seed=0)
        >>> values = lamina.ops.convert_to_numpy(init((100,)))
        >>> bool(((values >= 2.0) & (values < 3.0)).all())
        True
    """

    def __init__(
        self, minval: float = -0.05, maxval: float = 0.05, seed: int | SeedGenerator | None = None
    ) -> None:
        super().__init__(seed)
        self.minval = minval
        self.maxval = maxval

    def __call__(self, shape: Shape, dtype: DTypeLike = None) -> Tensor:
        """Returns uniform draws of `shape` in the float `dtype` (`floatx()` when None)."""
        shape = standardize_shape("RandomUniform", shape)
        dtype = float_dtype("RandomUniform", dtype)
        return lamina_random.uniform(shape, self.minval, self.maxval, dtype=dtype, seed=self.seed)

    def get_config(self) -> dict[str, Any]:
        """Returns `minval`, `maxval` and `seed`."""
        return {"minval": self.minval, "maxval": self.maxval, **super().get_config()}


class TruncatedNormal(_RandomInitializer):
    """Draws from a normal distribution, redrawing values more than two `stddev` from `mean`.

    Args:
        mean: The mean of the untruncated distribution.
        stddev: Its standard deviation (the values' own spread is about 0.88 times this).
        seed: An int, None or a `SeedGenerator` (see `RandomNormal`).

    Example:
        >>> import lamina
        >>> init = lamina.initializers.TruncatedNormal(stddev=1.0, seed=0)
        >>> values = lamina.ops.convert_to_numpy(init((1000,)))
        >>> bool((abs(values) <= 2.0).all())
        True
    """

    def __init__(
        self, mean: float = 0.0, stddev: float = 0.05, seed: int | SeedGenerator | None = None
    ) -> None:
        super().__init__(seed)
        self.mean = mean
        self.stddev = stddev

    def __call__(self, shape: Shape, dtype: DTypeLike = None) -> Tensor:
        """Returns truncated normal draws of `shape` in the float `dtype`."""
        shape = standardize_shape("TruncatedNormal", shape)
        dtype = float_dtype("TruncatedNormal", dtype)
        return lamina_random.truncated_normal(
            shape, self.mean, self.stddev, dtype=dtype, seed=self.seed
        )

    def get_config(self) -> dict[str, Any]:
        """Returns `mean`, `stddev` and `seed`."""
        return {"mean": self.mean, "stddev": self.stddev, **super().get_config()}


class Orthogonal(_RandomInitializer):
    """Fills new tensors with a random orthogonal matrix, times `gain`.

    The shape `(d1, ..., dn)` is filled as the matrix `(d1 * ... * d(n-1), dn)`: its columns
    are orthonormal when it has at least as many rows as columns, its rows otherwise. The
    matrix is the `Q` of the QR decomposition of a normal draw, signs fixed by `R`'s diagonal.

    Args:
        gain: The factor applied to the orthogonal matrix.
        seed: An int, None or a `SeedGenerator` (see `RandomNormal`).

    Example:
        >>> import lamina
        >>> q = lamina.ops.convert_to_numpy(lamina.initializers.Orthogonal(seed=0)((4, 3)))
        >>> (q.T @ q).round(4).tolist() == [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
        True
    """

    def __init__(self, gain: float = 1.0, seed: int | SeedGenerator | None = None) -> None:
        super().__init__(seed)
        if not isinstance(gain, (int, float)) or isinstance(gain, bool):
            raise ValueError(f"Orthogonal: gain must be a number, received gain={gain!r}.")
        self.gain: float = gain

    def __call__(self, shape: Shape, dtype: DTypeLike = None) -> Tensor:
        """Returns a `gain`-scaled orthogonal tensor of `shape` (rank >= 2) in the float `dtype`."""
        shape = standardize_shape("Orthogonal", shape)
        dtype = float_dtype("Orthogonal", dtype)
        if len(shape) < 2:
            raise ValueError(
                f"Orthogonal: can only fill tensors of rank >= 2, received shape {shape} of rank "
                f"{len(shape)}."
            )
        rows, columns = math.prod(shape[:-1]), shape[-1]
        if rows * columns == 0:
            return ops.zeros(shape, dtype=dtype)
        # QR is not implemented for half precision on every engine: compute in float32.
        compute_dtype = "float32" if dtype in ("float16", "bfloat16") else dtype
        sample = lamina_random.normal(
            (max(rows, columns), min(rows, columns)), dtype=compute_dtype, seed=self.seed
        )
        q, r = ops.qr(sample)
        q = ops.multiply(q, ops.sign(ops.diagonal(r)))
        if rows < columns:
            q = ops.transpose(q)
        return ops.cast(ops.multiply(ops.reshape(q, shape), self.gain), dtype)

    def get_config(self) -> dict[str, Any]:
        """Returns `gain` and `seed`."""
        return {"gain": self.gain, **super().get_config()}


OrthogonalInitializer = Orthogonal


def _standardize_seed(class_name: str, seed: Any) -> int | SeedGenerator:
    if seed is None:
        return python_random.randint(1, 10**9)
    if isinstance(seed, dict) and seed.get("class_name") == "SeedGenerator":
        return SeedGenerator.from_config(seed.get("config", {}))
    if isinstance(seed, SeedGenerator):
        return seed
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool):
        return int(seed)
    raise ValueError(
        f"{class_name}: seed must be an int, a lamina.random.SeedGenerator or None, received "
        f"{seed!r} of type {type(seed).__name__}."
    )
