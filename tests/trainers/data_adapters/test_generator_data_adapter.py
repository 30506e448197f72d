"""GeneratorDataAdapter: peeked first batch, continuation across iterators, exhaustion."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import ops
from lamina.trainers.data_adapters import GeneratorDataAdapter


def batches(count, start=0):
    for i in range(start, start + count):
        yield np.full((2, 1), float(i)), np.array([i, i])


def first_labels(iterator):
    return [int(batch[1][0]) for batch in iterator]


def test_yields_every_batch_including_the_peeked_one():
    adapter = GeneratorDataAdapter(batches(4))
    assert adapter.num_batches is None and adapter.batch_size is None
    out = list(adapter.get_numpy_iterator())
    assert first_labels(out) == [0, 1, 2, 3]
    assert out[2][0].tolist() == [[2.0], [2.0]]


def test_iterators_continue_the_same_generator_then_fail_once_exhausted():
    adapter = GeneratorDataAdapter(batches(5))
    iterator = adapter.get_numpy_iterator()
    assert first_labels(next(iterator) for _ in range(2)) == [0, 1]
    assert first_labels(adapter.get_numpy_iterator()) == [2, 3, 4]
    with pytest.raises(ValueError, match=r"generator is exhausted: .* \(`while True:`\)"):
        adapter.get_numpy_iterator()


def test_batch_forms_are_standardized_to_tuples():
    x = np.zeros((2, 3))
    forms = iter([x, [x, np.ones(2)], {"a": x}, (x, np.ones(2), np.ones(2))])
    out = list(GeneratorDataAdapter(forms).get_numpy_iterator())
    assert [len(batch) for batch in out] == [1, 2, 1, 3]
    assert isinstance(out[2][0], dict)


def test_engine_tensors_become_numpy():
    tensors = iter([(ops.convert_to_tensor(np.ones((2, 2))), [1.0, 2.0])])
    ((x, y),) = list(GeneratorDataAdapter(tensors).get_numpy_iterator())
    assert isinstance(x, np.ndarray) and x.tolist() == [[1.0, 1.0], [1.0, 1.0]]
    assert isinstance(y, np.ndarray) and y.tolist() == [1.0, 2.0]


def test_errors():
    with pytest.raises(TypeError, match=r"expected a generator or iterator, received list"):
        GeneratorDataAdapter([1, 2])
    with pytest.raises(ValueError, match="the generator yielded no batch"):
        GeneratorDataAdapter(iter([]))
    with pytest.raises(ValueError, match=r"GeneratorDataAdapter: a batch must be .* 4 elements"):
        GeneratorDataAdapter(iter([(1, 2, 3, 4)]))
    with pytest.raises(TypeError, match=r"GeneratorDataAdapter: expected NumPy arrays.* str"):
        GeneratorDataAdapter(iter([("text", np.zeros(2))]))
