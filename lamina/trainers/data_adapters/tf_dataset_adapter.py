"""TFDatasetAdapter: batches from a `tf.data.Dataset`, read as NumPy arrays."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lamina.trainers.data_adapters import data_adapter_utils
from lamina.trainers.data_adapters.data_adapter import DataAdapter

_SOURCE = "TFDatasetAdapter"
_DATASET_CLASS_NAMES = ("DatasetV2", "Dataset")


def is_tf_dataset(value: Any) -> bool:
    """Returns whether `value` is a `tf.data.Dataset`, without importing TensorFlow."""
    return any(
        cls.__name__ in _DATASET_CLASS_NAMES and cls.__module__.startswith("tensorflow")
        for cls in type(value).__mro__
    )


class TFDatasetAdapter(DataAdapter):
    """Batches of a batched `tf.data.Dataset`, read through `as_numpy_iterator()`.

    Each element is a batch: `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`. The dataset
    decides batch size and order (shuffle it with `dataset.shuffle(...)`). The number of
    batches is the dataset's `cardinality()` when known.

    Args:
        dataset: A batched `tf.data.Dataset`.
        class_weight: A dict from class index to weight, turned into sample weights from
            each batch's targets.

    Example:
        >>> from lamina.trainers.data_adapters import TFDatasetAdapter, is_tf_dataset
        >>> is_tf_dataset([1, 2])
        False
        >>> import tensorflow as tf  # doctest: +SKIP
        >>> dataset = tf.data.Dataset.range(5).batch(2)  # doctest: +SKIP
        >>> TFDatasetAdapter(dataset).num_batches  # doctest: +SKIP
        3
    """

    def __init__(self, dataset: Any, class_weight: dict | None = None) -> None:
        if not is_tf_dataset(dataset):
            raise TypeError(
                f"{_SOURCE}: expected a tf.data.Dataset, received {type(dataset).__name__}."
            )
        self._dataset = dataset
        self._class_weight = class_weight

    def get_numpy_iterator(self) -> Iterator[tuple]:
        for batch in self._dataset.as_numpy_iterator():
            batch = data_adapter_utils.standardize_batch(batch, _SOURCE)
            batch = data_adapter_utils.to_numpy_structure(batch, _SOURCE)
            yield data_adapter_utils.apply_class_weight(batch, self._class_weight, _SOURCE)

    @property
    def num_batches(self) -> int | None:
        # -1 is tf.data.INFINITE_CARDINALITY, -2 tf.data.UNKNOWN_CARDINALITY.
        cardinality = int(self._dataset.cardinality())
        return cardinality if cardinality >= 0 else None
