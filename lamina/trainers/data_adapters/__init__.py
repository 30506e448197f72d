"""Data adapters: one interface over arrays, generators, PyDatasets, DataLoaders, tf.data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lamina.trainers.data_adapters import data_adapter_utils
from lamina.trainers.data_adapters.array_data_adapter import ArrayDataAdapter as ArrayDataAdapter
from lamina.trainers.data_adapters.data_adapter import DataAdapter as DataAdapter
from lamina.trainers.data_adapters.data_adapter_utils import (
    check_data_cardinality as check_data_cardinality,
)
from lamina.trainers.data_adapters.data_adapter_utils import (
    class_weight_to_sample_weights as class_weight_to_sample_weights,
)
from lamina.trainers.data_adapters.data_adapter_utils import (
    pack_x_y_sample_weight as pack_x_y_sample_weight,
)
from lamina.trainers.data_adapters.data_adapter_utils import (
    train_validation_split as train_validation_split,
)
from lamina.trainers.data_adapters.data_adapter_utils import (
    unpack_x_y_sample_weight as unpack_x_y_sample_weight,
)
from lamina.trainers.data_adapters.generator_data_adapter import (
    GeneratorDataAdapter as GeneratorDataAdapter,
)
from lamina.trainers.data_adapters.py_dataset_adapter import PyDatasetAdapter as PyDatasetAdapter
from lamina.trainers.data_adapters.tf_dataset_adapter import TFDatasetAdapter as TFDatasetAdapter
from lamina.trainers.data_adapters.tf_dataset_adapter import is_tf_dataset as is_tf_dataset
from lamina.trainers.data_adapters.torch_data_loader_adapter import (
    TorchDataLoaderAdapter as TorchDataLoaderAdapter,
)
from lamina.trainers.data_adapters.torch_data_loader_adapter import (
    is_torch_data_loader as is_torch_data_loader,
)
from lamina.utils.py_dataset import PyDataset

__all__ = [
    "ArrayDataAdapter",
    "DataAdapter",
    "GeneratorDataAdapter",
    "PyDatasetAdapter",
    "TFDatasetAdapter",
    "TorchDataLoaderAdapter",
    "check_data_cardinality",
    "class_weight_to_sample_weights",
    "get_data_adapter",
    "is_tf_dataset",
    "is_torch_data_loader",
    "pack_x_y_sample_weight",
    "train_validation_split",
    "unpack_x_y_sample_weight",
]


def get_data_adapter(
    x: Any,
    y: Any = None,
    sample_weight: Any = None,
    batch_size: int | None = None,
    steps_per_epoch: int | None = None,
    shuffle: bool | str = False,
    class_weight: dict | None = None,
) -> DataAdapter:
    """Returns the adapter for `x`'s kind of data, checking the arguments it cannot use.

    Arrays (NumPy, engine tensors, lists of numbers, and dicts / lists / tuples of them) give
    an `ArrayDataAdapter`; a `PyDataset`, a torch `DataLoader`, a `tf.data.Dataset` and a
    Python generator or iterator give their own adapters, which take no `y` or
    `sample_weight` (those come inside the batches). `shuffle` is ignored for DataLoaders,
    tf.data datasets and generators, which decide their own order. A `DataAdapter` is
    returned as it is.

    Example:
        >>> import numpy as np
        >>> from lamina.trainers.data_adapters import get_data_adapter
        >>> type(get_data_adapter(np.zeros((10, 2)), np.zeros(10))).__name__
        'ArrayDataAdapter'
        >>> type(get_data_adapter(iter([(np.zeros((4, 2)), np.zeros(4))]))).__name__
        'GeneratorDataAdapter'
    """
    if isinstance(x, DataAdapter):
        return x
    if data_adapter_utils.can_convert_arrays(x):
        # A bad `y` or `sample_weight` next to array `x` is reported by the adapter.
        return ArrayDataAdapter(
            x,
            y,
            sample_weight=sample_weight,
            batch_size=batch_size,
            steps_per_epoch=steps_per_epoch,
            shuffle=shuffle,
            class_weight=class_weight,
        )
    if isinstance(x, PyDataset):
        _reject_targets("PyDataset", y, sample_weight)
        return PyDatasetAdapter(x, shuffle=shuffle, class_weight=class_weight)
    if is_tf_dataset(x):
        _reject_targets("tf.data.Dataset", y, sample_weight)
        return TFDatasetAdapter(x, class_weight=class_weight)
    if is_torch_data_loader(x):
        _reject_targets("torch DataLoader", y, sample_weight)
        _reject_class_weight("torch DataLoader", class_weight)
        return TorchDataLoaderAdapter(x)
    if isinstance(x, Iterator):
        _reject_targets("Python generator", y, sample_weight)
        _reject_class_weight("Python generator", class_weight)
        return GeneratorDataAdapter(x)
    raise ValueError(
        "get_data_adapter: unrecognized data `x` of type "
        f"{type(x).__name__}. Expected NumPy arrays or tensors (possibly in a dict, list or "
        "tuple), a lamina.utils.PyDataset, a torch DataLoader, a tf.data.Dataset, or a Python "
        "generator."
    )


def _reject_targets(kind: str, y: Any, sample_weight: Any) -> None:
    for name, value in (("y", y), ("sample_weight", sample_weight)):
        if value is not None:
            raise ValueError(
                f"get_data_adapter: `{name}` must be None when `x` is a {kind}: its batches "
                f"already hold the targets and weights as `(x, y, sample_weight)`. Received "
                f"{name} of type {type(value).__name__}."
            )


def _reject_class_weight(kind: str, class_weight: Any) -> None:
    if class_weight is not None:
        raise ValueError(
            f"get_data_adapter: `class_weight` is not supported when `x` is a {kind}. Yield "
            "per-sample weights in the batches instead: `(x, y, sample_weight)`."
        )
