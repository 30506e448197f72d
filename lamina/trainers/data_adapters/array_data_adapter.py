"""ArrayDataAdapter: batches sliced from NumPy arrays, engine tensors and lists of numbers."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from lamina import backend
from lamina.backend.common.symbolic_tensor import flatten, map_structure, pack_sequence_as
from lamina.trainers.data_adapters import data_adapter_utils
from lamina.trainers.data_adapters.data_adapter import DataAdapter

_DEFAULT_BATCH_SIZE = 32


class ArrayDataAdapter(DataAdapter):
    """Batches of in-memory arrays: `x`, `y` and `sample_weight` sliced along their first axis.

    Engine tensors and lists of numbers are converted to NumPy once, here; float arrays are
    cast to `lamina.backend.floatx()` once (as Keras does), so batches are slices of those
    arrays. Each epoch's order is drawn from NumPy's global RNG when the epoch's iterator is
    created, so `lamina.utils.set_random_seed` repeats it.

    Args:
        x: An array, or a dict / list / tuple of arrays (several inputs).
        y: Targets nested like the model's outputs, or None.
        sample_weight: Per-sample weights: one array, or one per output in `y`.
        batch_size: Samples per batch. Defaults to `ceil(num_samples / steps_per_epoch)` when
            `steps_per_epoch` is given, else 32. The last batch keeps the remaining samples.
        steps_per_epoch: Only used to pick the default `batch_size`; the epoch loop
            (`EpochIterator`) is what stops an epoch after that many batches.
        shuffle: False keeps the order; True draws a new permutation of all samples each
            epoch; "batch" shuffles only inside consecutive batch-sized chunks.
        class_weight: A dict from class index to weight, turned into sample weights from `y`
            (a single output only; not together with `sample_weight`).

    Example:
        >>> import numpy as np
        >>> from lamina.trainers.data_adapters import ArrayDataAdapter
        >>> adapter = ArrayDataAdapter(np.arange(5.0), np.arange(5), batch_size=2)
        >>> adapter.num_batches, adapter.partial_batch_size
        (3, 1)
        >>> [(x.tolist(), y.tolist()) for x, y in adapter.get_numpy_iterator()]
        [([0.0, 1.0], [0, 1]), ([2.0, 3.0], [2, 3]), ([4.0], [4])]
    """

    def __init__(
        self,
        x: Any,
        y: Any = None,
        sample_weight: Any = None,
        batch_size: int | None = None,
        steps_per_epoch: int | None = None,
        shuffle: bool | str = False,
        class_weight: dict | None = None,
    ) -> None:
        if shuffle not in (True, False, "batch"):
            raise ValueError(
                f"ArrayDataAdapter: `shuffle` must be True, False or 'batch', received {shuffle!r}."
            )
        _check_positive_int("batch_size", batch_size)
        _check_positive_int("steps_per_epoch", steps_per_epoch)
        source = "ArrayDataAdapter"
        x = _cast_floats(data_adapter_utils.to_numpy_structure(x, source))
        y = _cast_floats(data_adapter_utils.to_numpy_structure(y, source))
        sample_weight = _cast_floats(data_adapter_utils.to_numpy_structure(sample_weight, source))
        sample_weight = _standardize_sample_weight(y, sample_weight, class_weight)
        num_samples = data_adapter_utils.check_data_cardinality((x, y, sample_weight))
        if sample_weight is not None:
            self._data: tuple = (x, y, sample_weight)
        else:
            self._data = (x,) if y is None else (x, y)
        self._leaves = flatten(self._data)
        self._flat = not any(isinstance(part, (list, tuple, dict)) for part in self._data)
        if batch_size is None:
            batch_size = (
                max(1, math.ceil(num_samples / steps_per_epoch))
                if steps_per_epoch
                else _DEFAULT_BATCH_SIZE
            )
        self._num_samples = num_samples
        self._batch_size = batch_size
        self._shuffle = shuffle

    @property
    def num_batches(self) -> int:
        return math.ceil(self._num_samples / self._batch_size)

    @property
    def batch_size(self) -> int:
        return self._batch_size

    @property
    def has_partial_batch(self) -> bool:
        return self._num_samples % self._batch_size != 0

    @property
    def partial_batch_size(self) -> int | None:
        return self._num_samples % self._batch_size or None

    def get_numpy_iterator(self) -> Iterator[tuple]:
        """Returns an iterator over one epoch; a shuffled order is drawn now, not lazily."""
        order = self._epoch_order()
        return self._iterate(order)

    def _epoch_order(self) -> np.ndarray | None:
        if not self._shuffle:
            return None
        if self._shuffle != "batch":
            return np.random.permutation(self._num_samples)
        order = np.arange(self._num_samples)
        for start in range(0, self._num_samples, self._batch_size):
            chunk = order[start : start + self._batch_size]
            chunk[:] = chunk[np.random.permutation(len(chunk))]
        return order

    def _iterate(self, order: np.ndarray | None) -> Iterator[tuple]:
        for start in range(0, self._num_samples, self._batch_size):
            stop = min(start + self._batch_size, self._num_samples)
            if order is None:
                # Contiguous slices are views: no copy of the data.
                sliced = [None if leaf is None else leaf[start:stop] for leaf in self._leaves]
            else:
                indices = order[start:stop]
                sliced = [
                    None if leaf is None else np.take(leaf, indices, axis=0)
                    for leaf in self._leaves
                ]
            # Flat data (one array each for x, y, sample_weight) needs no repacking.
            yield tuple(sliced) if self._flat else pack_sequence_as(self._data, sliced)


def _check_positive_int(name: str, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(
            f"ArrayDataAdapter: `{name}` must be a positive int or None, received {value!r}."
        )


def _cast_floats(data: Any) -> Any:
    floatx = backend.floatx()

    def cast(array: Any) -> Any:
        if array is None:
            return array
        is_float = array.dtype.kind == "f" or array.dtype.name == "bfloat16"
        return array.astype(floatx) if is_float and array.dtype.name != floatx else array

    return map_structure(cast, data)


def _standardize_sample_weight(y: Any, sample_weight: Any, class_weight: dict | None) -> Any:
    """Returns sample weights nested like `y`: replicated per output, or from class_weight."""
    nested_y = isinstance(y, (dict, list, tuple))
    if class_weight is not None:
        if sample_weight is not None:
            raise ValueError(
                "ArrayDataAdapter: pass either `class_weight` or `sample_weight`, not both."
            )
        if y is None:
            raise ValueError("ArrayDataAdapter: `class_weight` needs targets `y`; received None.")
        if nested_y:
            raise ValueError(
                "ArrayDataAdapter: `class_weight` is only supported for a single output, but "
                f"`y` is a {type(y).__name__}. Pass one `sample_weight` array per output instead."
            )
        return data_adapter_utils.class_weight_to_sample_weights(y, class_weight)
    if sample_weight is None or not nested_y or isinstance(sample_weight, (dict, list, tuple)):
        return sample_weight
    if sample_weight.ndim > 2 or (sample_weight.ndim == 2 and sample_weight.shape[1] != 1):
        raise ValueError(
            "ArrayDataAdapter: with several outputs, a single `sample_weight` array must hold "
            f"one weight per sample (shape (n,)), received shape {sample_weight.shape}. For "
            "other shapes pass one array per output, nested like `y`."
        )
    return map_structure(lambda _: sample_weight, y)
