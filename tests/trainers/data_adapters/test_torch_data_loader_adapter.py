"""TorchDataLoaderAdapter: DataLoader batches as NumPy, on every backend."""

from __future__ import annotations

import numpy as np
import pytest

from lamina.trainers.data_adapters import TorchDataLoaderAdapter, is_torch_data_loader

torch = pytest.importorskip("torch", reason="torch is not installed")
data = torch.utils.data


def test_tensor_dataset_batches_become_numpy_tuples():
    x = torch.arange(10.0).reshape(5, 2)
    y = torch.arange(5)
    loader = data.DataLoader(data.TensorDataset(x, y), batch_size=2)
    adapter = TorchDataLoaderAdapter(loader)
    assert (adapter.num_batches, adapter.batch_size) == (3, 2)
    assert adapter.has_partial_batch and adapter.partial_batch_size == 1
    batches = list(adapter.get_numpy_iterator())
    assert all(isinstance(b, tuple) and len(b) == 2 for b in batches)
    assert isinstance(batches[0][0], np.ndarray)
    np.testing.assert_array_equal(np.concatenate([b[0] for b in batches]), x.numpy())
    assert [b[1].tolist() for b in batches] == [[0, 1], [2, 3], [4]]


def test_dict_samples_and_drop_last():
    class Samples(data.Dataset):
        def __len__(self):
            return 5

        def __getitem__(self, index):
            return {"a": torch.full((2,), float(index))}, torch.tensor(index)

    loader = data.DataLoader(Samples(), batch_size=2, drop_last=True)
    adapter = TorchDataLoaderAdapter(loader)
    assert adapter.num_batches == 2 and adapter.has_partial_batch is False
    batches = list(adapter.get_numpy_iterator())
    assert batches[1][0]["a"].tolist() == [[2.0, 2.0], [3.0, 3.0]]
    assert batches[1][1].tolist() == [2, 3]


def test_iterable_dataset_has_unknown_size():
    class Stream(data.IterableDataset):
        def __iter__(self):
            return iter(torch.arange(6.0).reshape(3, 2))

    adapter = TorchDataLoaderAdapter(data.DataLoader(Stream(), batch_size=None))
    assert adapter.num_batches is None and adapter.has_partial_batch is None
    assert [b[0].tolist() for b in adapter.get_numpy_iterator()] == [[0, 1], [2, 3], [4, 5]]


def test_detection_and_errors():
    assert is_torch_data_loader(data.DataLoader(data.TensorDataset(torch.zeros(2))))
    assert not is_torch_data_loader(data.TensorDataset(torch.zeros(2)))
    with pytest.raises(TypeError, match=r"expected a torch.utils.data.DataLoader, received list"):
        TorchDataLoaderAdapter([1, 2])
