"""get_data_adapter (data_adapters/__init__.py): the adapter for each kind of data."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import ops
from lamina.trainers.data_adapters import (
    ArrayDataAdapter,
    GeneratorDataAdapter,
    PyDatasetAdapter,
    get_data_adapter,
)
from lamina.utils import PyDataset


class Single(PyDataset):
    def __len__(self):
        return 1

    def __getitem__(self, index):
        return np.zeros(2), np.zeros(2)


def generator():
    yield np.zeros(2), np.zeros(2)


@pytest.mark.parametrize(
    "x",
    [np.zeros((4, 2)), [1.0, 2.0, 3.0, 4.0], {"a": np.zeros(4)}, (np.zeros(4), [0, 1, 2, 3])],
)
def test_arrays(x):
    adapter = get_data_adapter(x, np.zeros(4), batch_size=3, shuffle=True)
    assert isinstance(adapter, ArrayDataAdapter) and adapter.num_batches == 2


def test_engine_tensor():
    adapter = get_data_adapter(ops.ones((4, 2)), steps_per_epoch=2)
    assert isinstance(adapter, ArrayDataAdapter) and adapter.batch_size == 2


def test_other_kinds():
    assert isinstance(get_data_adapter(Single(), shuffle=True), PyDatasetAdapter)
    assert isinstance(get_data_adapter(generator()), GeneratorDataAdapter)
    assert isinstance(get_data_adapter(iter([(np.zeros(2),)])), GeneratorDataAdapter)
    adapter = ArrayDataAdapter(np.zeros(2))
    assert get_data_adapter(adapter) is adapter


def test_torch_data_loader():
    torch = pytest.importorskip("torch", reason="torch is not installed")
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.zeros(3)))
    assert type(get_data_adapter(loader, shuffle=True)).__name__ == "TorchDataLoaderAdapter"
    with pytest.raises(ValueError, match=r"`class_weight` is not supported when `x` is a torch"):
        get_data_adapter(loader, class_weight={0: 1.0})


def test_rejected_arguments():
    with pytest.raises(ValueError, match=r"`y` must be None when `x` is a PyDataset"):
        get_data_adapter(Single(), y=np.zeros(2))
    with pytest.raises(ValueError, match=r"`sample_weight` must be None when `x` is a Python gen"):
        get_data_adapter(generator(), sample_weight=np.zeros(2))
    with pytest.raises(ValueError, match=r"`class_weight` is not supported when `x` is a Python"):
        get_data_adapter(generator(), class_weight={0: 1.0})


def test_unrecognized_data():
    with pytest.raises(ValueError, match=r"get_data_adapter: unrecognized data `x` of type str"):
        get_data_adapter("data.csv")
