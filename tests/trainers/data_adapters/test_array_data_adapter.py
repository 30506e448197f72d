"""ArrayDataAdapter: batch contents, shuffling, nesting, weights and errors against NumPy."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import ops
from lamina.trainers.data_adapters import ArrayDataAdapter
from lamina.utils import set_random_seed

RNG = np.random.default_rng(0)


def epoch(adapter):
    return list(adapter.get_numpy_iterator())


def test_batches_in_order_with_a_partial_last_batch():
    x = RNG.normal(size=(10, 3)).astype("float32")
    y = np.arange(10)
    adapter = ArrayDataAdapter(x, y, batch_size=4)
    assert (adapter.num_batches, adapter.batch_size) == (3, 4)
    assert adapter.has_partial_batch and adapter.partial_batch_size == 2
    batches = epoch(adapter)
    assert [len(b) for b in batches] == [2, 2, 2]
    np.testing.assert_array_equal(np.concatenate([b[0] for b in batches]), x)
    assert [b[1].tolist() for b in batches] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    # Without shuffling, batches are views of the data: no copy.
    assert np.shares_memory(batches[0][0], x)


def test_batch_size_defaults():
    assert ArrayDataAdapter(np.zeros(100)).batch_size == 32
    adapter = ArrayDataAdapter(np.zeros(100), steps_per_epoch=3)
    assert (adapter.batch_size, adapter.num_batches) == (34, 3)
    full = ArrayDataAdapter(np.zeros(8), batch_size=4)
    assert not full.has_partial_batch and full.partial_batch_size is None
    assert [b[0].shape for b in epoch(ArrayDataAdapter(np.zeros(3)))] == [(3,)]


def test_shuffle_permutes_every_sample_once_and_repeats_with_the_seed():
    x = np.arange(50)
    adapter = ArrayDataAdapter(x, x * 10, batch_size=8, shuffle=True)
    set_random_seed(3)
    first = [b for b in epoch(adapter)]
    order = np.concatenate([b[0] for b in first])
    assert sorted(order.tolist()) == x.tolist() and order.tolist() != x.tolist()
    np.testing.assert_array_equal(np.concatenate([b[1] for b in first]), order * 10)
    second = np.concatenate([b[0] for b in epoch(adapter)])
    assert second.tolist() != order.tolist()
    set_random_seed(3)
    assert np.concatenate([b[0] for b in epoch(adapter)]).tolist() == order.tolist()


def test_batch_shuffle_stays_inside_each_chunk():
    x = np.arange(10)
    batches = [b[0] for b in epoch(ArrayDataAdapter(x, batch_size=4, shuffle="batch"))]
    assert [sorted(b.tolist()) for b in batches] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert np.concatenate(batches).tolist() != x.tolist()


def test_dict_and_list_inputs_keep_their_nesting():
    x = {"image": RNG.normal(size=(5, 2)), "ids": np.arange(5)}
    y = [np.arange(5), np.arange(5) * 2.0]
    sample_weight = np.linspace(0.0, 1.0, 5)
    batches = epoch(ArrayDataAdapter(x, y, sample_weight=sample_weight, batch_size=3))
    bx, by, bsw = batches[1]
    assert list(bx) == ["image", "ids"] and isinstance(by, list)
    np.testing.assert_allclose(bx["image"], x["image"][3:], rtol=1e-6)
    assert by[1].tolist() == [6.0, 8.0]
    # One sample_weight array for several outputs is given to each output.
    assert isinstance(bsw, list) and len(bsw) == 2
    np.testing.assert_allclose(bsw[0], sample_weight[3:], rtol=1e-6)


def test_tensors_and_number_lists_become_numpy_with_floatx_floats():
    x = ops.convert_to_tensor(np.arange(6.0).reshape(3, 2))
    y = [0.5, 1.5, 2.5]
    ((bx, by),) = epoch(ArrayDataAdapter(x, y))
    assert isinstance(bx, np.ndarray) and bx.tolist() == [[0, 1], [2, 3], [4, 5]]
    assert by.dtype == np.float32 and by.tolist() == y
    (only_x,) = epoch(ArrayDataAdapter(np.arange(3, dtype="float64")))
    assert only_x[0].dtype == np.float32 and len(only_x) == 1


def test_class_weight_becomes_sample_weights():
    y = np.array([0, 1, 2, 1, 0])
    batches = epoch(ArrayDataAdapter(np.zeros((5, 1)), y, batch_size=2, class_weight={1: 3.0}))
    weights = np.concatenate([b[2] for b in batches])
    assert weights.tolist() == [1.0, 3.0, 1.0, 3.0, 1.0]


def test_class_weight_errors():
    x, y = np.zeros(4), np.zeros(4)
    with pytest.raises(ValueError, match="either `class_weight` or `sample_weight`, not both"):
        ArrayDataAdapter(x, y, sample_weight=y, class_weight={0: 1.0})
    with pytest.raises(ValueError, match=r"only supported for a single output, but `y` is a dict"):
        ArrayDataAdapter(x, {"a": y, "b": y}, class_weight={0: 1.0})
    with pytest.raises(ValueError, match="`class_weight` needs targets `y`; received None"):
        ArrayDataAdapter(x, class_weight={0: 1.0})


def test_mismatched_lengths_fail_at_construction():
    with pytest.raises(ValueError, match=r"x sizes: 10, y sizes: 9, sample_weight sizes: 10"):
        ArrayDataAdapter(np.zeros(10), np.zeros(9), sample_weight=np.zeros(10))


def test_argument_errors():
    with pytest.raises(ValueError, match=r"`shuffle` must be True, False or 'batch', received 'x'"):
        ArrayDataAdapter(np.zeros(4), shuffle="x")
    with pytest.raises(ValueError, match=r"`batch_size` must be a positive int or None, .* 0"):
        ArrayDataAdapter(np.zeros(4), batch_size=0)
    with pytest.raises(ValueError, match=r"`steps_per_epoch` must be a positive int or None"):
        ArrayDataAdapter(np.zeros(4), steps_per_epoch=2.5)
    with pytest.raises(TypeError, match=r"ArrayDataAdapter: expected NumPy arrays.* type str"):
        ArrayDataAdapter(np.zeros(4), "labels")
    with pytest.raises(ValueError, match=r"one weight per sample \(shape \(n,\)\), .* \(4, 2\)"):
        ArrayDataAdapter(np.zeros(4), [np.zeros(4), np.zeros(4)], sample_weight=np.zeros((4, 2)))
