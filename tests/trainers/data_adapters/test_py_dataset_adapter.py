"""PyDatasetAdapter: index order, shuffling, prefetching workers (threads and processes)."""

from __future__ import annotations

import itertools
import threading
import time

import numpy as np
import pytest

from lamina.trainers.data_adapters import PyDatasetAdapter
from lamina.utils import PyDataset, set_random_seed


class Indexed(PyDataset):
    """Batch `i` is `(full(2, i), [i, i])`; later indices answer faster (to scramble threads)."""

    def __init__(self, size=6, delay=0.0, fail_at=None, **kwargs):
        super().__init__(**kwargs)
        self.size, self.delay, self.fail_at = size, delay, fail_at
        self.calls = 0
        self.events = []
        self._lock = threading.Lock()

    def __len__(self):
        return self.size

    def __getitem__(self, index):
        with self._lock:
            self.calls += 1
        if index == self.fail_at:
            raise KeyError("no such batch")
        time.sleep(self.delay * (self.size - index))
        return np.full(2, float(index)), np.array([index, index])

    def on_epoch_begin(self):
        self.events.append("begin")

    def on_epoch_end(self):
        self.events.append("end")


class Picklable(PyDataset):
    """Module-level, so that spawned worker processes can unpickle it."""

    def __len__(self):
        return 5

    def __getitem__(self, index):
        return np.arange(index, index + 3), np.array([index] * 3)


def labels(adapter):
    return [int(batch[1][0]) for batch in adapter.get_numpy_iterator()]


def test_batches_in_index_order():
    adapter = PyDatasetAdapter(Indexed())
    assert adapter.num_batches == 6
    batches = list(adapter.get_numpy_iterator())
    assert [b[0].tolist() for b in batches[:2]] == [[0.0, 0.0], [1.0, 1.0]]
    assert [int(b[1][0]) for b in batches] == list(range(6))


def test_thread_workers_keep_the_order():
    dataset = Indexed(size=8, delay=0.002, workers=2)
    assert labels(PyDatasetAdapter(dataset)) == list(range(8))


def test_prefetch_keeps_at_most_max_queue_size_batches_in_flight():
    dataset = Indexed(size=30, workers=2, max_queue_size=3)
    iterator = PyDatasetAdapter(dataset).get_numpy_iterator()
    next(iterator)
    time.sleep(0.05)
    assert dataset.calls <= 4  # The batch handed out plus 3 in flight.
    iterator.close()


def test_process_workers_keep_the_order():
    dataset = Picklable(workers=2, use_multiprocessing=True)
    batches = list(PyDatasetAdapter(dataset).get_numpy_iterator())
    assert [b[0].tolist() for b in batches] == [[i, i + 1, i + 2] for i in range(5)]


def test_shuffle_visits_each_index_once_and_repeats_with_the_seed():
    adapter = PyDatasetAdapter(Indexed(size=20), shuffle=True)
    set_random_seed(5)
    first = labels(adapter)
    assert sorted(first) == list(range(20)) and first != list(range(20))
    assert labels(adapter) != first
    set_random_seed(5)
    assert labels(adapter) == first


def test_epoch_hooks_reach_the_dataset():
    dataset = Indexed()
    adapter = PyDatasetAdapter(dataset)
    adapter.on_epoch_begin()
    adapter.on_epoch_end()
    assert dataset.events == ["begin", "end"]


def test_class_weight_and_dict_batches():
    adapter = PyDatasetAdapter(Indexed(size=3), class_weight={1: 4.0})
    assert [b[2].tolist() for b in adapter.get_numpy_iterator()] == [[1, 1], [4, 4], [1, 1]]

    class Dicts(PyDataset):
        def __len__(self):
            return 1

        def __getitem__(self, index):
            return {"a": np.zeros(2)}

    ((batch,),) = list(PyDatasetAdapter(Dicts()).get_numpy_iterator())
    assert list(batch) == ["a"]


def test_endless_dataset():
    class Endless(Indexed):
        @property
        def num_batches(self):
            return None

    adapter = PyDatasetAdapter(Endless(size=100), shuffle=True)
    assert adapter.num_batches is None
    iterator = adapter.get_numpy_iterator()
    assert [int(b[1][0]) for b in itertools.islice(iterator, 4)] == [0, 1, 2, 3]


@pytest.mark.parametrize("workers", [1, 2])
def test_getitem_errors_name_the_index(workers):
    adapter = PyDatasetAdapter(Indexed(fail_at=3, workers=workers))
    with pytest.raises(KeyError, match=r"Indexed.__getitem__\(3\) failed: KeyError: 'no such"):
        list(adapter.get_numpy_iterator())


def test_rejects_other_objects():
    with pytest.raises(TypeError, match=r"expected a lamina.utils.PyDataset, received list"):
        PyDatasetAdapter([1, 2])
