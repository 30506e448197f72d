"""PyDatasetAdapter: batches from a `lamina.utils.PyDataset`, optionally loaded ahead."""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any, NoReturn

import numpy as np

from lamina.trainers.data_adapters import data_adapter_utils
from lamina.trainers.data_adapters.data_adapter import DataAdapter
from lamina.utils.py_dataset import PyDataset

_SOURCE = "PyDatasetAdapter"


class PyDatasetAdapter(DataAdapter):
    """Batches `dataset[0]`, `dataset[1]`, ... of a `PyDataset`, converted to NumPy.

    With `workers > 1` a thread pool (or, with `use_multiprocessing=True`, a process pool)
    loads up to `max_queue_size` batches ahead; batches still come out in index order. An
    error in `__getitem__` is raised again with the failing index in its message.

    Args:
        dataset: The `PyDataset`.
        shuffle: Whether to visit the indices in a new random order each epoch (drawn from
            NumPy's global RNG). Ignored for an endless dataset (`num_batches` None).
        class_weight: A dict from class index to weight, turned into sample weights from
            each batch's targets.

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> from lamina.trainers.data_adapters import PyDatasetAdapter
        >>> class Ranges(lamina.utils.PyDataset):
        ...     def __len__(self):
        ...         return 3
        ...     def __getitem__(self, index):
        ...         return np.arange(index, index + 2), np.array([index, index])
        >>> adapter = PyDatasetAdapter(Ranges(workers=2))
        >>> [x.tolist() for x, _ in adapter.get_numpy_iterator()]
        [[0, 1], [1, 2], [2, 3]]
    """

    def __init__(
        self, dataset: PyDataset, shuffle: bool | str = False, class_weight: dict | None = None
    ) -> None:
        if not isinstance(dataset, PyDataset):
            raise TypeError(
                f"{_SOURCE}: expected a lamina.utils.PyDataset, received {type(dataset).__name__}."
            )
        self._dataset = dataset
        self._shuffle = bool(shuffle)
        self._class_weight = class_weight

    @property
    def num_batches(self) -> int | None:
        return self._dataset.num_batches

    def on_epoch_begin(self) -> None:
        self._dataset.on_epoch_begin()

    def on_epoch_end(self) -> None:
        self._dataset.on_epoch_end()

    def get_numpy_iterator(self) -> Iterator[tuple]:
        """Returns an iterator over one epoch; a shuffled order is drawn now, not lazily."""
        num_batches = self.num_batches
        indices: Iterable[int]
        if num_batches is None:
            indices = itertools.count()
        elif self._shuffle:
            indices = np.random.permutation(num_batches).tolist()
        else:
            indices = range(num_batches)
        return self._iterate(indices)

    def _iterate(self, indices: Iterable[int]) -> Iterator[tuple]:
        dataset = self._dataset
        owner = type(dataset).__name__
        if dataset.use_multiprocessing:
            executor: Executor = ProcessPoolExecutor(
                max_workers=max(1, dataset.workers),
                mp_context=_process_context(dataset),
                initializer=_set_worker_dataset,
                initargs=(dataset,),
            )
            items = _ordered_prefetch(
                executor, _get_worker_item, indices, dataset.max_queue_size, owner
            )
        elif dataset.workers > 1:
            executor = ThreadPoolExecutor(max_workers=dataset.workers)
            items = _ordered_prefetch(
                executor, dataset.__getitem__, indices, dataset.max_queue_size, owner
            )
        else:
            items = _in_order(dataset, indices)
        for batch in items:
            yield self._standardize(batch)

    def _standardize(self, batch: Any) -> tuple:
        batch = data_adapter_utils.standardize_batch(batch, _SOURCE)
        batch = data_adapter_utils.to_numpy_structure(batch, _SOURCE)
        return data_adapter_utils.apply_class_weight(batch, self._class_weight, _SOURCE)


def _in_order(dataset: PyDataset, indices: Iterable[int]) -> Iterator[Any]:
    for index in indices:
        try:
            batch = dataset[index]
        except Exception as error:
            _raise_with_index(error, type(dataset).__name__, index)
        yield batch


def _ordered_prefetch(
    executor: Executor,
    fetch: Callable[[int], Any],
    indices: Iterable[int],
    max_in_flight: int,
    owner: str,
) -> Iterator[Any]:
    """Yields `fetch(index)` for each index in order, keeping `max_in_flight` calls running."""
    index_iterator = iter(indices)
    pending: deque = deque()
    try:
        for index in itertools.islice(index_iterator, max(1, max_in_flight)):
            pending.append((index, executor.submit(fetch, index)))
        while pending:
            index, future = pending.popleft()
            next_index = next(index_iterator, None)
            if next_index is not None:
                pending.append((next_index, executor.submit(fetch, next_index)))
            try:
                batch = future.result()
            except Exception as error:
                _raise_with_index(error, owner, index)
            yield batch
    finally:
        # Also runs when the consumer stops early: drop the batches nobody will read.
        executor.shutdown(wait=True, cancel_futures=True)


def _raise_with_index(error: Exception, owner: str, index: int) -> NoReturn:
    message = f"{owner}.__getitem__({index}) failed: {type(error).__name__}: {error}"
    try:
        new_error = type(error)(message)
    except Exception:
        new_error = RuntimeError(message)
    raise new_error from error


def _process_context(dataset: PyDataset) -> Any:
    """Returns a start method that is safe with a multithreaded engine loaded (not "fork").

    "forkserver" (where available) starts one clean server process that imports the
    dataset's module once and forks cheap workers from it for every epoch; "spawn" (Windows)
    starts each worker from scratch.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    module = type(dataset).__module__
    if module != "__main__":
        # Only takes effect before the server's first start; later datasets import their
        # module in each worker (fast, as lamina is then already loaded in the server).
        context.set_forkserver_preload(["__main__", module])
    return context


# The dataset held by each worker process, set once when the process starts.
_WORKER_DATASET: PyDataset | None = None


def _set_worker_dataset(dataset: PyDataset) -> None:
    global _WORKER_DATASET
    _WORKER_DATASET = dataset


def _get_worker_item(index: int) -> Any:
    assert _WORKER_DATASET is not None
    return _WORKER_DATASET[index]
