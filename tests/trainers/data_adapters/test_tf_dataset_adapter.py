"""TFDatasetAdapter, tested with a stand-in class.

TensorFlow is not installed in lamina's test environment, so `FakeDataset` mimics the two
`tf.data.Dataset` methods the adapter uses (`as_numpy_iterator`, `cardinality`) and reports a
TensorFlow module name, the way the adapter detects datasets without importing TensorFlow.
"""

from __future__ import annotations

import numpy as np
import pytest

from lamina.trainers.data_adapters import TFDatasetAdapter, get_data_adapter, is_tf_dataset


class DatasetV2:
    def __init__(self, batches, cardinality):
        self._batches = batches
        self._cardinality = cardinality

    def as_numpy_iterator(self):
        return iter(self._batches)

    def cardinality(self):
        return np.int64(self._cardinality)


DatasetV2.__module__ = "tensorflow.python.data.ops.dataset_ops"


class FakeDataset(DatasetV2):
    """Like tf's `_BatchDataset`: a subclass of DatasetV2."""


FakeDataset.__module__ = "tensorflow.python.data.ops.batch_op"


def make(cardinality=2):
    batches = [(np.zeros((2, 3)), np.array([0, 1])), (np.ones((1, 3)), np.array([1]))]
    return FakeDataset(batches, cardinality)


def test_batches_and_cardinality():
    adapter = TFDatasetAdapter(make())
    assert adapter.num_batches == 2
    batches = list(adapter.get_numpy_iterator())
    assert [b[1].tolist() for b in batches] == [[0, 1], [1]]
    assert batches[1][0].tolist() == [[1.0, 1.0, 1.0]]
    # Restartable, as a tf.data.Dataset is.
    assert len(list(adapter.get_numpy_iterator())) == 2


@pytest.mark.parametrize("cardinality", [-1, -2])
def test_infinite_or_unknown_cardinality(cardinality):
    assert TFDatasetAdapter(make(cardinality)).num_batches is None


def test_class_weight():
    adapter = get_data_adapter(make(), class_weight={1: 2.5})
    assert isinstance(adapter, TFDatasetAdapter)
    assert [b[2].tolist() for b in adapter.get_numpy_iterator()] == [[1.0, 2.5], [2.5]]


def test_detection_and_errors():
    assert is_tf_dataset(make()) and not is_tf_dataset(np.zeros(2))
    with pytest.raises(TypeError, match=r"TFDatasetAdapter: expected a tf.data.Dataset"):
        TFDatasetAdapter(iter([]))
