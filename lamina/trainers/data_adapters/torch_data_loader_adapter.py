"""TorchDataLoaderAdapter: batches from a `torch.utils.data.DataLoader`, on any backend."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lamina.trainers.data_adapters import data_adapter_utils
from lamina.trainers.data_adapters.data_adapter import DataAdapter

_SOURCE = "TorchDataLoaderAdapter"


def is_torch_data_loader(value: Any) -> bool:
    """Returns whether `value` is a `torch.utils.data.DataLoader`, without importing torch."""
    return any(
        cls.__name__ == "DataLoader" and cls.__module__.startswith("torch.utils.data")
        for cls in type(value).__mro__
    )


class TorchDataLoaderAdapter(DataAdapter):
    """Batches of a torch DataLoader, with every tensor converted to a NumPy array.

    A batch that is a tuple or list of one to three elements is `(x,)`, `(x, y)` or
    `(x, y, sample_weight)` (the default collate turns a dataset's `(x, y)` samples into a
    list `[x, y]`); anything else (a tensor, a dict) is `x` alone. Shuffling is the
    DataLoader's own (`DataLoader(..., shuffle=True)`). Works on every lamina backend when
    torch is installed.

    Args:
        dataloader: A `torch.utils.data.DataLoader`.

    Example:
        >>> from lamina.trainers.data_adapters import TorchDataLoaderAdapter
        >>> from lamina.trainers.data_adapters import is_torch_data_loader
        >>> is_torch_data_loader([1, 2])
        False
        >>> import torch  # doctest: +SKIP
        >>> data = torch.utils.data.TensorDataset(torch.arange(5.0))  # doctest: +SKIP
        >>> loader = torch.utils.data.DataLoader(data, batch_size=2)  # doctest: +SKIP
        >>> adapter = TorchDataLoaderAdapter(loader)  # doctest: +SKIP
        >>> adapter.num_batches, adapter.partial_batch_size  # doctest: +SKIP
        (3, 1)
    """

    def __init__(self, dataloader: Any) -> None:
        if not is_torch_data_loader(dataloader):
            raise TypeError(
                f"{_SOURCE}: expected a torch.utils.data.DataLoader, received "
                f"{type(dataloader).__name__}."
            )
        self._dataloader = dataloader

    def get_numpy_iterator(self) -> Iterator[tuple]:
        for batch in self._dataloader:
            batch = data_adapter_utils.standardize_batch(batch, _SOURCE)
            yield data_adapter_utils.to_numpy_structure(batch, _SOURCE)

    @property
    def num_batches(self) -> int | None:
        try:
            return len(self._dataloader)
        except TypeError:
            return None  # An IterableDataset without __len__.

    @property
    def batch_size(self) -> int | None:
        return self._dataloader.batch_size

    @property
    def has_partial_batch(self) -> bool | None:
        size = self._dataset_size()
        if size is None or self.batch_size is None:
            return None
        return not self._dataloader.drop_last and size % self.batch_size != 0

    @property
    def partial_batch_size(self) -> int | None:
        size = self._dataset_size()
        if not self.has_partial_batch or size is None or self.batch_size is None:
            return None
        return size % self.batch_size

    def _dataset_size(self) -> int | None:
        try:
            return len(self._dataloader.dataset)
        except TypeError:
            return None
