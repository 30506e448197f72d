"""Random ops: samples drawn from an explicit seed (an int, a SeedGenerator, or None)."""

from __future__ import annotations

from typing import Any

from lamina import backend
from lamina.backend.common import dtypes
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.ops.operation import lamina_op
from lamina.ops.shape_inference import dtype_of, float_dtype, normalize_axis, shape_of, spec
from lamina.random.seed_generator import draw_seed
from lamina.typing import DTypeLike, Shape, Tensor

_b = backend.random


def _shape(op_name: str, shape: Any) -> tuple[int, ...]:
    if isinstance(shape, int) and not isinstance(shape, bool):
        shape = (shape,)
    try:
        dims = tuple(shape)
        valid = all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in dims)
    except TypeError:
        valid = False
    if not valid:
        raise ValueError(
            f"{op_name}: shape must be a tuple of non-negative ints, received {shape!r}."
        )
    return dims


def _dtype(op_name: str, dtype: DTypeLike, kind: str) -> str:
    name = dtypes.standardize_dtype(dtype)
    allowed = dtypes.FLOAT_TYPES if kind == "float" else dtypes.INT_TYPES
    if name not in allowed:
        raise ValueError(f"{op_name}: dtype must be a {kind} dtype, received {name!r}.")
    return name


def normal(
    shape: Shape,
    mean: float = 0.0,
    stddev: float = 1.0,
    dtype: DTypeLike = None,
    seed: Any = None,
) -> Tensor:
    """Returns samples from a normal distribution.

    Args:
        shape: The output shape.
        mean: The mean of the distribution.
        stddev: Its standard deviation.
        dtype: A float dtype; defaults to `floatx()`.
        seed: An int (the same numbers on every call), a `SeedGenerator` (new numbers on
            every call, reproducibly) or None (the global SeedGenerator).

    Returns:
        A tensor of `shape` and `dtype`.

    Example:
        >>> import lamina
        >>> x = lamina.random.normal((2, 3), seed=1)
        >>> lamina.ops.shape(x), lamina.ops.dtype(x)
        ((2, 3), 'float32')
    """
    shape = _shape("normal", shape)
    dtype = _dtype("normal", dtype, "float")
    return _b.normal(shape, mean, stddev, dtype, draw_seed(seed, "normal"))


def uniform(
    shape: Shape,
    minval: float = 0.0,
    maxval: float = 1.0,
    dtype: DTypeLike = None,
    seed: Any = None,
) -> Tensor:
    """Returns samples from a uniform distribution on `[minval, maxval)`.

    Args:
        shape: The output shape.
        minval: The lower bound (included).
        maxval: The upper bound (excluded).
        dtype: A float dtype; defaults to `floatx()`.
        seed: An int, a `SeedGenerator` or None (see `normal`).

    Returns:
        A tensor of `shape` and `dtype`.

    Example:
        >>> import lamina
        >>> x = lamina.random.uniform((4,), minval=2.0, maxval=3.0, seed=0)
        >>> values = lamina.ops.convert_to_numpy(x)
        >>> bool(((values >= 2.0) & (values < 3.0)).all())
        True
    """
    shape = _shape("uniform", shape)
    dtype = _dtype("uniform", dtype, "float")
    return _b.uniform(shape, minval, maxval, dtype, draw_seed(seed, "uniform"))


def truncated_normal(
    shape: Shape,
    mean: float = 0.0,
    stddev: float = 1.0,
    dtype: DTypeLike = None,
    seed: Any = None,
) -> Tensor:
    """Returns normal samples, redrawn where more than two standard deviations from the mean.

    Args:
        shape: The output shape.
        mean: The mean of the untruncated distribution.
        stddev: Its standard deviation.
        dtype: A float dtype; defaults to `floatx()`.
        seed: An int, a `SeedGenerator` or None (see `normal`).

    Returns:
        A tensor of `shape` and `dtype`, inside `(mean - 2 * stddev, mean + 2 * stddev)`.

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_numpy(lamina.random.truncated_normal((1000,), seed=3))
        >>> x.shape, bool((abs(x) <= 2.0).all())
        ((1000,), True)
    """
    shape = _shape("truncated_normal", shape)
    dtype = _dtype("truncated_normal", dtype, "float")
    return _b.truncated_normal(shape, mean, stddev, dtype, draw_seed(seed, "truncated_normal"))


def randint(
    shape: Shape, minval: int, maxval: int, dtype: DTypeLike = "int32", seed: Any = None
) -> Tensor:
    """Returns integers drawn uniformly from `[minval, maxval)`.

    Args:
        shape: The output shape.
        minval: The lower bound (included).
        maxval: The upper bound (excluded); must exceed `minval`.
        dtype: An integer dtype.
        seed: An int, a `SeedGenerator` or None (see `normal`).

    Returns:
        A tensor of `shape` and `dtype`.

    Example:
        >>> import lamina
        >>> x = lamina.random.randint((5,), 0, 3, seed=2)
        >>> lamina.ops.dtype(x), set(lamina.ops.convert_to_numpy(x).tolist()) <= {0, 1, 2}
        ('int32', True)
    """
    shape = _shape("randint", shape)
    dtype = _dtype("randint", dtype, "integer")
    if isinstance(minval, int) and isinstance(maxval, int) and maxval <= minval:
        raise ValueError(
            f"randint: maxval must be greater than minval, received minval={minval}, "
            f"maxval={maxval}."
        )
    return _b.randint(shape, minval, maxval, dtype, draw_seed(seed, "randint"))


def _categorical_spec(
    logits: Any, num_samples: int, dtype: DTypeLike = "int32", seed: Any = None
) -> SymbolicTensor:
    logits_shape = shape_of(logits)
    if len(logits_shape) != 2:
        raise ValueError(
            "categorical: logits must have shape (batch_size, num_classes), received shape "
            f"{logits_shape}."
        )
    if not isinstance(num_samples, int) or num_samples < 0:
        raise ValueError(
            f"categorical: num_samples must be a non-negative int, received {num_samples!r}."
        )
    return spec((logits_shape[0], num_samples), _dtype("categorical", dtype, "integer"))


@lamina_op(_categorical_spec)
def categorical(
    logits: Any, num_samples: int, dtype: DTypeLike = "int32", seed: Any = None
) -> Tensor:
    """Draws class indices from the categorical distributions `softmax(logits)`.

    Args:
        logits: Unnormalized log-probabilities of shape `(batch_size, num_classes)`.
        num_samples: How many samples to draw per row.
        dtype: An integer dtype.
        seed: An int, a `SeedGenerator` or None (see `normal`).

    Returns:
        Indices of shape `(batch_size, num_samples)`.

    Example:
        >>> import lamina
        >>> logits = lamina.ops.convert_to_tensor([[0.0, 100.0], [100.0, 0.0]])
        >>> lamina.ops.convert_to_numpy(lamina.random.categorical(logits, 3, seed=0)).tolist()
        [[1, 1, 1], [0, 0, 0]]
    """
    _categorical_spec(logits, num_samples, dtype)
    dtype = dtypes.standardize_dtype(dtype)
    return _b.categorical(logits, num_samples, dtype, draw_seed(seed, "categorical"))


def _noise_shape(inputs_shape: Shape, noise_shape: Any) -> Shape:
    if noise_shape is None:
        return inputs_shape
    noise = tuple(noise_shape)
    if len(noise) != len(inputs_shape) or any(
        n is not None and d is not None and n not in (1, d) for n, d in zip(noise, inputs_shape)
    ):
        raise ValueError(
            f"dropout: noise_shape {noise} must have the rank of inputs and broadcast to their "
            f"shape {inputs_shape}."
        )
    return tuple(d if n is None else n for n, d in zip(noise, inputs_shape))


def _dropout_spec(
    inputs: Any, rate: float, noise_shape: Any = None, seed: Any = None
) -> SymbolicTensor:
    if not isinstance(rate, (int, float)) or not 0.0 <= rate < 1.0:
        raise ValueError(f"dropout: rate must be a float in [0, 1), received {rate!r}.")
    _noise_shape(shape_of(inputs), noise_shape)
    return spec(shape_of(inputs), float_dtype(dtype_of(inputs)))


@lamina_op(_dropout_spec)
def dropout(inputs: Any, rate: float, noise_shape: Any = None, seed: Any = None) -> Tensor:
    """Zeroes each entry of `inputs` with probability `rate` and scales the rest by
    `1 / (1 - rate)`, so the expected value is unchanged.

    Args:
        inputs: A tensor (integers compute in `floatx()`).
        rate: The drop probability, in `[0, 1)`.
        noise_shape: The shape of the keep/drop mask, broadcast against `inputs` (e.g.
            `(batch, 1, features)` drops whole features); None entries take the input's size.
        seed: An int, a `SeedGenerator` or None (see `normal`).

    Returns:
        A tensor of the shape of `inputs`.

    Example:
        >>> import lamina
        >>> y = lamina.random.dropout(lamina.ops.convert_to_tensor([[1.0] * 4]), 0.5, seed=0)
        >>> set(lamina.ops.convert_to_numpy(y).ravel().tolist()) <= {0.0, 2.0}
        True
    """
    output = _dropout_spec(inputs, rate, noise_shape)
    noise = _noise_shape(output.shape, noise_shape)
    if dtype_of(inputs, weak=False) != output.dtype:
        inputs = backend.core.cast(inputs, output.dtype)
    return _b.dropout(inputs, float(rate), noise, draw_seed(seed, "dropout"))


def _shuffle_axis(x: Any, axis: int) -> int:
    x_shape = shape_of(x)
    position = normalize_axis("shuffle", axis, len(x_shape))
    if not x_shape:
        raise ValueError("shuffle: x must have at least one dim, received a scalar.")
    return position


def _shuffle_spec(x: Any, axis: int = 0, seed: Any = None) -> SymbolicTensor:
    _shuffle_axis(x, axis)
    return spec(shape_of(x), dtypes.result_type(dtype_of(x)))


@lamina_op(_shuffle_spec)
def shuffle(x: Any, axis: int = 0, seed: Any = None) -> Tensor:
    """Returns `x` with its slices along `axis` in a random order.

    Args:
        x: A tensor of rank >= 1.
        axis: The axis to permute.
        seed: An int, a `SeedGenerator` or None (see `normal`).

    Returns:
        A tensor of the shape and dtype of `x`.

    Example:
        >>> import lamina
        >>> y = lamina.random.shuffle(lamina.ops.convert_to_tensor([1, 2, 3, 4]), seed=5)
        >>> sorted(lamina.ops.convert_to_numpy(y).tolist())
        [1, 2, 3, 4]
    """
    # Only the checks of the spec: its dtype inference (lru_cache'd) makes dynamo warn.
    position = _shuffle_axis(x, axis)
    return _b.shuffle(x, position, draw_seed(seed, "shuffle"))


def gamma(shape: Shape, alpha: float, dtype: DTypeLike = None, seed: Any = None) -> Tensor:
    """Returns samples from the gamma distribution with concentration `alpha` (scale 1).

    Args:
        shape: The output shape.
        alpha: The concentration, > 0 (a float or a tensor broadcastable to `shape`).
        dtype: A float dtype; defaults to `floatx()`.
        seed: An int, a `SeedGenerator` or None (see `normal`).

    Returns:
        A tensor of `shape` and `dtype`.

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_numpy(lamina.random.gamma((100,), alpha=2.0, seed=0))
        >>> x.shape, bool((x > 0).all())
        ((100,), True)
    """
    shape = _shape("gamma", shape)
    dtype = _dtype("gamma", dtype, "float")
    return _b.gamma(shape, alpha, dtype, draw_seed(seed, "gamma"))


def binomial(
    shape: Shape,
    counts: float,
    probabilities: float,
    dtype: DTypeLike = None,
    seed: Any = None,
) -> Tensor:
    """Returns samples from binomial distributions: successes in `counts` trials.

    Args:
        shape: The output shape.
        counts: The number of trials (a number or a tensor broadcastable to `shape`).
        probabilities: The success probability of each trial, likewise.
        dtype: A float dtype; defaults to `floatx()`.
        seed: An int, a `SeedGenerator` or None (see `normal`).

    Returns:
        A tensor of `shape` and `dtype` holding whole numbers in `[0, counts]`.

    Example:
        >>> import lamina
        >>> x = lamina.random.binomial((3,), counts=10, probabilities=1.0, seed=0)
        >>> lamina.ops.convert_to_numpy(x).tolist()
        [10.0, 10.0, 10.0]
    """
    shape = _shape("binomial", shape)
    dtype = _dtype("binomial", dtype, "float")
    return _b.binomial(shape, counts, probabilities, dtype, draw_seed(seed, "binomial"))


def beta(
    shape: Shape, alpha: float, beta: float, dtype: DTypeLike = None, seed: Any = None
) -> Tensor:
    """Returns samples from the beta distribution with concentrations `alpha` and `beta`.

    Args:
        shape: The output shape.
        alpha: The first concentration, > 0 (a float or a tensor broadcastable to `shape`).
        beta: The second concentration, > 0, likewise.
        dtype: A float dtype; defaults to `floatx()`.
        seed: An int, a `SeedGenerator` or None (see `normal`).

    Returns:
        A tensor of `shape` and `dtype` with values in `[0, 1]`.

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_numpy(lamina.random.beta((100,), 2.0, 3.0, seed=0))
        >>> x.shape, bool(((x >= 0) & (x <= 1)).all())
        ((100,), True)
    """
    shape = _shape("beta", shape)
    dtype = _dtype("beta", dtype, "float")
    return _b.beta(shape, alpha, beta, dtype, draw_seed(seed, "beta"))
