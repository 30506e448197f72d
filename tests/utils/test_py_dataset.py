"""PyDataset: Keras 3's constructor arguments, num_batches, and the abstract methods."""

from __future__ import annotations

import numpy as np
import pytest

from lamina.trainers.data_adapters import PyDatasetAdapter
from lamina.utils import PyDataset


class Halves(PyDataset):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.x = np.arange(7.0)

    def __len__(self):
        return 4

    def __getitem__(self, index):
        batch = self.x[index * 2 : (index + 1) * 2]
        return batch, batch / 2


def test_defaults_and_arguments():
    dataset = Halves()
    assert (dataset.workers, dataset.use_multiprocessing, dataset.max_queue_size) == (1, False, 10)
    dataset = Halves(workers=3, use_multiprocessing=True, max_queue_size=2)
    assert (dataset.workers, dataset.use_multiprocessing, dataset.max_queue_size) == (3, True, 2)
    dataset.workers = 2
    assert dataset.workers == 2 and dataset.num_batches == 4


def test_subclass_without_super_init_gets_defaults():
    class NoInit(PyDataset):
        def __init__(self):
            pass

    assert (NoInit().workers, NoInit().use_multiprocessing, NoInit().max_queue_size) == (
        1,
        False,
        10,
    )


def test_workers_give_batches_in_order():
    batches = list(PyDatasetAdapter(Halves(workers=2)).get_numpy_iterator())
    assert [x.tolist() for x, _ in batches] == [[0, 1], [2, 3], [4, 5], [6]]
    assert batches[3][1].tolist() == [3.0]


def test_missing_methods_and_bad_arguments():
    with pytest.raises(NotImplementedError, match=r"PyDataset must implement `__getitem__"):
        PyDataset()[0]
    with pytest.raises(NotImplementedError, match=r"must implement `__len__` .* or a `num_batch"):
        _ = PyDataset().num_batches
    with pytest.raises(ValueError, match=r"Halves: `workers` must be a non-negative int, .* -1"):
        Halves(workers=-1)
    with pytest.raises(ValueError, match=r"`max_queue_size` must be a non-negative int"):
        Halves(max_queue_size=1.5)
