"""VarianceScaling and its presets: Glorot, He and LeCun, uniform and normal."""

from __future__ import annotations

import math
from typing import Any

from lamina import random as lamina_random
from lamina.initializers.initializer import float_dtype, standardize_shape
from lamina.initializers.random_initializers import _TRUNCATED_UNIT_STDDEV, _RandomInitializer
from lamina.random import SeedGenerator
from lamina.typing import DTypeLike, Shape, Tensor

_MODES = ("fan_in", "fan_out", "fan_avg")
_DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")


class VarianceScaling(_RandomInitializer):
    """Draws values whose variance is `scale / n`, `n` being the kernel's fan in, fan out or
    their average.

    For a kernel of shape `(..., in_channels, out_channels)` the fan in is `in_channels` times
    the receptive field (the product of the leading dims) and the fan out is `out_channels`
    times it; a 1-D shape `(n,)` has both fans equal to `n`, a scalar both equal to 1.

    Args:
        scale: The variance numerator; a positive number.
        mode: `"fan_in"`, `"fan_out"` or `"fan_avg"`.
        distribution: `"truncated_normal"` (also `"normal"`; cut at two stddevs, rescaled so
            the variance stays `scale / n`), `"untruncated_normal"`, or `"uniform"` (on
            `[-limit, limit)` with `limit = sqrt(3 * scale / n)`).
        seed: An int, None or a `SeedGenerator` (see `RandomNormal`).

    Example:
        >>> import lamina
        >>> init = lamina.initializers.VarianceScaling(2.0, "fan_in", "uniform", seed=0)
        >>> values = lamina.ops.convert_to_numpy(init((50, 8)))
        >>> bool((abs(values) <= (3 * 2.0 / 50) ** 0.5).all())
        True
    """

    def __init__(
        self,
        scale: float = 1.0,
        mode: str = "fan_in",
        distribution: str = "truncated_normal",
        seed: int | SeedGenerator | None = None,
    ) -> None:
        super().__init__(seed)
        if not isinstance(scale, (int, float)) or isinstance(scale, bool) or not scale > 0:
            raise ValueError(
                f"{type(self).__name__}: scale must be a positive number, received scale={scale!r}."
            )
        if mode not in _MODES:
            raise ValueError(
                f"{type(self).__name__}: mode must be one of {_MODES}, received mode={mode!r}."
            )
        name = distribution.lower() if isinstance(distribution, str) else distribution
        name = "truncated_normal" if name == "normal" else name
        if name not in _DISTRIBUTIONS:
            raise ValueError(
                f"{type(self).__name__}: distribution must be one of "
                f"{('normal', *_DISTRIBUTIONS)}, received distribution={distribution!r}."
            )
        self.scale: float = scale
        self.mode: str = mode
        self.distribution: str = name

    def __call__(self, shape: Shape, dtype: DTypeLike = None) -> Tensor:
        """Returns draws of `shape` in the float `dtype` (`floatx()` when None)."""
        class_name = type(self).__name__
        shape = standardize_shape(class_name, shape)
        dtype = float_dtype(class_name, dtype)
        fan_in, fan_out = _compute_fans(shape)
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}
        variance = self.scale / max(1.0, fan[self.mode])
        if self.distribution == "uniform":
            limit = math.sqrt(3.0 * variance)
            return lamina_random.uniform(shape, -limit, limit, dtype=dtype, seed=self.seed)
        if self.distribution == "untruncated_normal":
            return lamina_random.normal(shape, 0.0, math.sqrt(variance), dtype, seed=self.seed)
        stddev = math.sqrt(variance) / _TRUNCATED_UNIT_STDDEV
        return lamina_random.truncated_normal(shape, 0.0, stddev, dtype, seed=self.seed)

    def get_config(self) -> dict[str, Any]:
        """Returns `scale`, `mode`, `distribution` and `seed`."""
        return {
            "scale": self.scale,
            "mode": self.mode,
            "distribution": self.distribution,
            **super().get_config(),
        }


class _VarianceScalingPreset(VarianceScaling):
    """A VarianceScaling with fixed `scale`, `mode` and `distribution`; only `seed` is free."""

    _preset: tuple[float, str, str] = (1.0, "fan_in", "truncated_normal")

    def __init__(self, seed: int | SeedGenerator | None = None) -> None:
        scale, mode, distribution = self._preset
        super().__init__(scale, mode, distribution, seed)

    def get_config(self) -> dict[str, Any]:
        """Returns `{"seed": ...}`."""
        return {"seed": super().get_config()["seed"]}


class GlorotUniform(_VarianceScalingPreset):
    """Glorot (Xavier) uniform: uniform on `[-limit, limit)`, `limit = sqrt(6 / (fan_in +
    fan_out))`; `VarianceScaling(1.0, "fan_avg", "uniform")`.

    Args:
        seed: An int, None or a `SeedGenerator` (see `RandomNormal`).

    Example:
        >>> import lamina
        >>> values = lamina.ops.convert_to_numpy(lamina.initializers.GlorotUniform(0)((4, 2)))
        >>> values.shape, bool((abs(values) <= 1.0).all())
        ((4, 2), True)
    """

    _preset = (1.0, "fan_avg", "uniform")


class GlorotNormal(_VarianceScalingPreset):
    """Glorot (Xavier) normal: truncated normal with stddev `sqrt(2 / (fan_in + fan_out))`;
    `VarianceScaling(1.0, "fan_avg", "truncated_normal")`.

    Args:
        seed: An int, None or a `SeedGenerator` (see `RandomNormal`).

    Example:
        >>> import lamina
        >>> lamina.ops.shape(lamina.initializers.GlorotNormal(seed=0)((3, 5)))
        (3, 5)
    """

    _preset = (1.0, "fan_avg", "truncated_normal")


class HeUniform(_VarianceScalingPreset):
    """He uniform: uniform on `[-limit, limit)`, `limit = sqrt(6 / fan_in)`;
    `VarianceScaling(2.0, "fan_in", "uniform")`.

    Args:
        seed: An int, None or a `SeedGenerator` (see `RandomNormal`).

    Example:
        >>> import lamina
        >>> values = lamina.ops.convert_to_numpy(lamina.initializers.HeUniform(0)((6, 2)))
        >>> values.shape, bool((abs(values) <= 1.0).all())
        ((6, 2), True)
    """

    _preset = (2.0, "fan_in", "uniform")


class HeNormal(_VarianceScalingPreset):
    """He normal: truncated normal with stddev `sqrt(2 / fan_in)`;
    `VarianceScaling(2.0, "fan_in", "truncated_normal")`.

    Args:
        seed: An int, None or a `SeedGenerator` (see `RandomNormal`).

    Example:
        >>> import lamina
        >>> lamina.ops.shape(lamina.initializers.HeNormal(seed=0)((3, 3, 4, 8)))
        (3, 3, 4, 8)
    """

    _preset = (2.0, "fan_in", "truncated_normal")


class LecunUniform(_VarianceScalingPreset):
    """LeCun uniform: uniform on `[-limit, limit)`, `limit = sqrt(3 / fan_in)`;
    `VarianceScaling(1.0, "fan_in", "uniform")`.

    Args:
        seed: An int, None or a `SeedGenerator` (see `RandomNormal`).

    Example:
        >>> import lamina
        >>> values = lamina.ops.convert_to_numpy(lamina.initializers.LecunUniform(0)((3, 2)))
        >>> values.shape, bool((abs(values) <= 1.0).all())
        ((3, 2), True)
    """

    _preset = (1.0, "fan_in", "uniform")


class LecunNormal(_VarianceScalingPreset):
    """LeCun normal: truncated normal with stddev `sqrt(1 / fan_in)`;
    `VarianceScaling(1.0, "fan_in", "truncated_normal")`.

    Args:
        seed: An int, None or a `SeedGenerator` (see `RandomNormal`).

    Example:
        >>> import lamina
        >>> lamina.ops.shape(lamina.initializers.LecunNormal(seed=0)((2, 7)))
        (2, 7)
    """

    _preset = (1.0, "fan_in", "truncated_normal")


def _compute_fans(shape: tuple[int, ...]) -> tuple[int, int]:
    if not shape:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive_field = math.prod(shape[:-2])
    return shape[-2] * receptive_field, shape[-1] * receptive_field
