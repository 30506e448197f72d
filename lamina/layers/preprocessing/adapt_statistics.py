"""Host-side statistics for `adapt()`: iterating over the batches of the data a preprocessing
layer learns from, and merging their per-batch moments."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from lamina import ops


def batches_of(layer: Any, data: Any) -> Iterator[np.ndarray]:
    """Yields the batches of `data` as float64 NumPy arrays.

    `data` is one array or tensor (a single batch holding every sample), a
    `lamina.utils.PyDataset`, or an iterable of batches; a batch that is a tuple `(x, y, ...)`
    contributes its `x`.
    """
    from lamina.utils.py_dataset import PyDataset

    if isinstance(data, np.ndarray) or ops.is_tensor(data):
        yield _as_array(layer, data)
        return
    if isinstance(data, PyDataset):
        for index in range(len(data)):  # type: ignore[arg-type]
            yield _as_array(layer, _first_of(data[index]))
        return
    if isinstance(data, (str, bytes, dict)) or not hasattr(data, "__iter__"):
        raise TypeError(
            f"{type(layer).__name__} '{layer.name}'.adapt expects a NumPy array, a tensor, a "
            f"PyDataset or an iterable of batches, received {type(data).__name__}."
        )
    for batch in data:
        yield _as_array(layer, _first_of(batch))


def _first_of(batch: Any) -> Any:
    if isinstance(batch, tuple) and batch:
        return batch[0]
    return batch


def _as_array(layer: Any, batch: Any) -> np.ndarray:
    if ops.is_tensor(batch):
        batch = ops.convert_to_numpy(batch)
    try:
        return np.asarray(batch, dtype="float64")
    except (TypeError, ValueError):
        raise TypeError(
            f"{type(layer).__name__} '{layer.name}'.adapt expects batches of numbers, "
            f"received a batch of type {type(batch).__name__}."
        ) from None


class RunningMoments:
    """Mean and (population) variance over `reduce_axes`, merged batch by batch.

    Merging uses the pairwise update of Chan et al., which stays accurate when batches have
    different sizes and means far from zero.
    """

    def __init__(self, reduce_axes: tuple[int, ...]) -> None:
        self.reduce_axes = reduce_axes
        self.count = 0
        self.mean: Any = 0.0
        self._sum_squares: Any = 0.0

    def update(self, batch: np.ndarray) -> None:
        batch_count = int(np.prod([batch.shape[d] for d in self.reduce_axes], dtype=np.int64))
        if batch_count == 0:
            return
        batch_mean = np.mean(batch, axis=self.reduce_axes)
        batch_sum_squares = np.var(batch, axis=self.reduce_axes) * batch_count
        total = self.count + batch_count
        delta = batch_mean - self.mean
        self.mean = self.mean + delta * (batch_count / total)
        self._sum_squares = (
            self._sum_squares + batch_sum_squares + delta**2 * (self.count * batch_count / total)
        )
        self.count = total

    @property
    def variance(self) -> np.ndarray:
        return np.asarray(self._sum_squares / max(self.count, 1))
