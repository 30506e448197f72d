"""Normalization: shifts and scales features by a mean and variance, given or adapted."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

import numpy as np

from lamina import backend, ops
from lamina.layers.layer import Layer
from lamina.layers.preprocessing.adapt_statistics import RunningMoments, batches_of
from lamina.typing import Shape, Tensor


class Normalization(Layer):
    """Maps inputs to `(inputs - mean) / sqrt(variance)`, per index of the kept `axis`.

    The mean and variance are either passed to the constructor or computed from data by
    `adapt()` (then they are non-trainable weights, saved with the model). The square root of
    the variance is floored at `lamina.config.epsilon()`.

    Args:
        axis: The axis or axes that keep a separate mean and variance per index (an int, a
            tuple of ints, or None for one scalar mean and variance). Default -1: one per
            feature of the last axis. The kept axes must have a known size.
        mean: The mean, broadcast against the kept axes (aligned from the right); None to
            learn it with `adapt()`. Pass `mean` and `variance` together.
        variance: The variance, shaped like `mean`.
        invert: If True, apply the inverse map `inputs * sqrt(variance) + mean`, which turns
            normalized values back into data.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape: any, with known sizes on the kept axes. Output shape: the input's.

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> layer = lamina.layers.Normalization(axis=None)
        >>> layer.adapt(np.array([1.0, 2.0, 3.0, 4.0, 5.0], "float32"))
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(layer(np.array([1.0, 3.0]))).tolist()]
        [-1.4142, 0.0]
        >>> given = lamina.layers.Normalization(mean=3.0, variance=4.0)
        >>> lamina.ops.convert_to_numpy(given(np.array([[5.0], [1.0]], "float32"))).tolist()
        [[1.0], [-1.0]]
    """

    def __init__(
        self,
        axis: int | Sequence[int] | None = -1,
        mean: Any = None,
        variance: Any = None,
        invert: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.axis = _axis_tuple(self, axis)
        self.input_mean = _host_values(mean)
        self.input_variance = _host_values(variance)
        self.invert = bool(invert)
        self.supports_masking = True
        self._check_given_statistics()
        self._fixed_statistics: tuple[Tensor, Tensor] | None = None

    def build(self, input_shape: Shape) -> None:
        shape = tuple(input_shape)
        self._keep_axes = self._kept_axes(shape)
        # _kept_axes checked that the kept sizes are known.
        self._broadcast_shape: tuple[int, ...] = tuple(
            cast(int, shape[d]) if d in self._keep_axes else 1 for d in range(len(shape))
        )
        self._reduce_axes = tuple(d for d in range(len(shape)) if d not in self._keep_axes)
        statistics_shape = tuple(self._broadcast_shape[d] for d in self._keep_axes)
        if self.input_mean is None:
            self.adapt_mean = self.add_weight(
                statistics_shape, initializer="zeros", trainable=False, name="mean"
            )
            self.adapt_variance = self.add_weight(
                statistics_shape, initializer="ones", trainable=False, name="variance"
            )
            self.count = self.add_weight(
                (), initializer="zeros", dtype="int32", trainable=False, name="count"
            )
        else:
            self._fixed_statistics = (
                self._broadcast_given(self.input_mean, "mean"),
                self._broadcast_given(self.input_variance, "variance"),
            )

    def call(self, inputs: Tensor) -> Tensor:
        inputs = ops.cast(inputs, self.compute_dtype)
        mean, variance = self._statistics()
        stddev = ops.maximum(ops.sqrt(variance), backend.epsilon())
        if self.invert:
            return ops.add(ops.multiply(inputs, stddev), mean)
        return ops.divide(ops.subtract(inputs, mean), stddev)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "axis": self.axis,
                "invert": self.invert,
                "mean": self.input_mean,
                "variance": self.input_variance,
            }
        )
        return config

    def adapt(self, data: Any) -> None:
        """Computes the mean and variance of `data` and stores them in the layer's weights.

        Call it before training or inference when no `mean` and `variance` were given.

        Args:
            data: A NumPy array or tensor holding all samples, or an iterable of batches
                (a list of arrays, a generator, a `lamina.utils.PyDataset`). From a batch that
                is a tuple `(x, y, ...)`, only `x` is used.
        """
        if self.input_mean is not None:
            raise ValueError(
                f"Normalization '{self.name}' was given mean and variance, so there is "
                "nothing to adapt. Create the layer without mean and variance to adapt it."
            )
        moments: RunningMoments | None = None
        for batch in batches_of(self, data):
            if not self.built:
                self.build(batch.shape)
            self._check_adapt_shape(batch.shape)
            if moments is None:
                moments = RunningMoments(self._reduce_axes)
            moments.update(batch)
        if moments is None:
            raise ValueError(
                f"Normalization '{self.name}'.adapt received no batches. Pass a non-empty "
                "array or iterable of arrays."
            )
        self.adapt_mean.assign(np.asarray(moments.mean, self.adapt_mean.dtype))
        self.adapt_variance.assign(np.asarray(moments.variance, self.adapt_variance.dtype))
        self.count.assign(np.int32(min(moments.count, 2**31 - 1)))

    # -- helpers -----------------------------------------------------------------------------
    def _statistics(self) -> tuple[Tensor, Tensor]:
        if self._fixed_statistics is not None:
            return self._fixed_statistics
        dtype = self.compute_dtype
        mean = ops.reshape(ops.cast(self.adapt_mean, dtype), self._broadcast_shape)
        variance = ops.reshape(ops.cast(self.adapt_variance, dtype), self._broadcast_shape)
        return mean, variance

    def _kept_axes(self, shape: Shape) -> tuple[int, ...]:
        ndim = len(shape)
        if any(a < -ndim or a >= ndim for a in self.axis):
            raise ValueError(
                f"Normalization '{self.name}': every axis must be in [-{ndim}, {ndim}) for "
                f"inputs of rank {ndim}, received axis={self.axis} for input shape {shape}."
            )
        kept = tuple(sorted(a % ndim for a in self.axis))
        unknown = [d for d in kept if shape[d] is None]
        if unknown:
            raise ValueError(
                f"Normalization '{self.name}': the kept axes {kept} need known sizes, but "
                f"axis {unknown[0]} of input shape {shape} is None. Give that axis a size "
                "(e.g. in Input(shape=...)) or choose another axis."
            )
        return kept

    def _broadcast_given(self, value: Any, name: str) -> Tensor:
        values = np.asarray(value, dtype="float64")
        kept_sizes = [self._broadcast_shape[d] for d in self._keep_axes]
        aligned = [1] * len(self._broadcast_shape)
        for offset in range(1, values.ndim + 1):
            aligned[self._keep_axes[-offset]] = values.shape[-offset]
        try:
            values = np.array(np.broadcast_to(values.reshape(aligned), self._broadcast_shape))
        except ValueError:
            raise ValueError(
                f"Normalization '{self.name}': {name} of shape {values.shape} cannot be "
                f"broadcast to the kept axes {self._keep_axes} of sizes {tuple(kept_sizes)}."
            ) from None
        return ops.convert_to_tensor(values, self.compute_dtype)

    def _check_given_statistics(self) -> None:
        mean, variance = self.input_mean, self.input_variance
        if (mean is None) != (variance is None):
            raise ValueError(
                f"Normalization '{self.name}': pass mean and variance together, or neither "
                f"(to adapt them); received mean={mean!r} and variance={variance!r}."
            )
        if mean is None:
            return
        if np.shape(mean) != np.shape(variance):
            raise ValueError(
                f"Normalization '{self.name}': mean and variance must have the same shape, "
                f"received shapes {np.shape(mean)} and {np.shape(variance)}."
            )
        if np.ndim(mean) > len(self.axis):
            raise ValueError(
                f"Normalization '{self.name}': mean has rank {np.ndim(mean)} but only "
                f"{len(self.axis)} axes are kept (axis={self.axis}). Its rank must not exceed "
                "the number of kept axes."
            )

    def _check_adapt_shape(self, shape: Shape) -> None:
        built_shape = tuple(getattr(self, "_build_input_shape", None) or ())
        for d in self._keep_axes:
            if d >= len(shape) or len(shape) != len(built_shape) or shape[d] != built_shape[d]:
                raise ValueError(
                    f"Normalization '{self.name}' was built for inputs of shape "
                    f"{tuple(built_shape)} but adapt() received a batch of shape "
                    f"{tuple(shape)}; the kept axes {self._keep_axes} must match."
                )


def _axis_tuple(layer: Layer, axis: Any) -> tuple[int, ...]:
    if axis is None:
        return ()
    if isinstance(axis, int) and not isinstance(axis, bool):
        return (axis,)
    if isinstance(axis, Iterable) and all(
        isinstance(a, int) and not isinstance(a, bool) for a in axis
    ):
        return tuple(axis)
    raise TypeError(
        f"{type(layer).__name__} '{layer.name}': axis must be an int, a tuple of ints or "
        f"None, received axis={axis!r}."
    )


def _host_values(value: Any) -> Any:
    """Returns `value` as plain Python numbers (a float or nested lists), or None."""
    if value is None:
        return None
    if ops.is_tensor(value):
        value = ops.convert_to_numpy(value)
    return np.asarray(value, dtype="float64").tolist()
