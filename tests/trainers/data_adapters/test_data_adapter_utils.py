"""Batch packing, cardinality checks, validation splits and class weights."""

from __future__ import annotations

import numpy as np
import pytest

from lamina.trainers.data_adapters import data_adapter_utils as utils

RNG = np.random.default_rng(0)


def test_unpack_reads_tuples_and_lists_as_x_y_sample_weight():
    x, y, sw = np.zeros(2), np.ones(2), np.full(2, 3.0)
    assert utils.unpack_x_y_sample_weight((x,)) == (x, None, None)
    assert utils.unpack_x_y_sample_weight((x, y)) == (x, y, None)
    assert utils.unpack_x_y_sample_weight((x, y, sw)) == (x, y, sw)
    assert utils.unpack_x_y_sample_weight([x, y]) == (x, y, None)
    assert utils.unpack_x_y_sample_weight(x) == (x, None, None)
    assert utils.unpack_x_y_sample_weight({"a": x}) == ({"a": x}, None, None)


def test_unpack_rejects_four_elements():
    with pytest.raises(ValueError, match=r"unpack_x_y_sample_weight: .* received a tuple of 4"):
        utils.unpack_x_y_sample_weight((1, 2, 3, 4))


def test_pack_wraps_only_when_needed():
    x = np.zeros(2)
    assert utils.pack_x_y_sample_weight(x) is x
    assert utils.pack_x_y_sample_weight([x, x]) == ([x, x],)
    assert utils.pack_x_y_sample_weight(x, 1) == (x, 1)
    assert utils.pack_x_y_sample_weight(x, 1, 2) == (x, 1, 2)
    assert utils.pack_x_y_sample_weight(x, None, 2) == (x, None, 2)


def test_check_data_cardinality_returns_the_common_size():
    data = ({"a": np.zeros((5, 2)), "b": np.zeros(5)}, np.zeros(5), None)
    assert utils.check_data_cardinality(data) == 5


def test_check_data_cardinality_lists_every_size():
    data = (np.zeros((100, 2)), np.zeros(90), None)
    with pytest.raises(ValueError, match=r"ambiguous: x sizes: 100, y sizes: 90\. Make sure"):
        utils.check_data_cardinality(data)
    data = ([np.zeros(4), np.zeros(3)], np.zeros(4), np.zeros(4))
    with pytest.raises(ValueError, match=r"x sizes: 4, 3, y sizes: 4, sample_weight sizes: 4"):
        utils.check_data_cardinality(data)


def test_check_data_cardinality_rejects_scalars_and_empty_data():
    with pytest.raises(ValueError, match=r"need a batch \(first\) dimension; .* shape \(\)"):
        utils.check_data_cardinality((np.float32(1.0), None, None))
    with pytest.raises(ValueError, match="Data contains no arrays"):
        utils.check_data_cardinality((None, None, None))


def test_train_validation_split_takes_the_last_fraction():
    x = {"a": RNG.normal(size=(10, 2)), "b": list(range(10))}
    y = np.arange(10)
    (train_x, train_y, train_sw), (val_x, val_y, val_sw) = utils.train_validation_split(
        (x, y, None), validation_split=0.2
    )
    np.testing.assert_array_equal(train_x["a"], x["a"][:8])
    np.testing.assert_array_equal(val_x["a"], x["a"][8:])
    assert val_x["b"].tolist() == [8, 9]
    assert train_y.tolist() == list(range(8))
    assert train_sw is None and val_sw is None


def test_train_validation_split_errors():
    with pytest.raises(ValueError, match=r"only supported for NumPy arrays.*type generator"):
        utils.train_validation_split(((i for i in range(3)), None), 0.2)
    with pytest.raises(ValueError, match=r"strictly between 0 and 1, received 1\.5"):
        utils.train_validation_split(np.zeros(10), 1.5)
    with pytest.raises(ValueError, match=r"3 samples cannot be split with validation_split=0\.9"):
        utils.train_validation_split(np.zeros(3), 0.9)


def test_class_weight_from_labels_and_one_hot():
    weights = {0: 0.5, 2: 4.0}
    expected = [0.5, 1.0, 4.0, 0.5]
    labels = np.array([0, 1, 2, 0])
    assert utils.class_weight_to_sample_weights(labels, weights).tolist() == expected
    assert utils.class_weight_to_sample_weights(labels[:, None], weights).tolist() == expected
    one_hot = np.eye(3)[labels]
    assert utils.class_weight_to_sample_weights(one_hot, weights).tolist() == expected
    assert utils.class_weight_to_sample_weights(labels, {"2": 3}).tolist() == [1, 1, 3, 1]
    assert utils.class_weight_to_sample_weights(labels, weights).dtype == np.float32


def test_class_weight_errors():
    with pytest.raises(ValueError, match=r"class_weight must be a dict .* received list"):
        utils.class_weight_to_sample_weights(np.zeros(2), [1.0])
    with pytest.raises(ValueError, match=r"integer class indices .* entry 'cat': 1\.0"):
        utils.class_weight_to_sample_weights(np.zeros(2), {"cat": 1.0})
    with pytest.raises(ValueError, match=r"one label per sample: .* shape \(2, 3, 4\)"):
        utils.class_weight_to_sample_weights(np.zeros((2, 3, 4)), {0: 1.0})


def test_apply_class_weight_appends_weights_and_checks_the_batch():
    x, y = np.zeros(3), np.array([0, 1, 1])
    batch = utils.apply_class_weight((x, y), {1: 2.0}, "Src")
    assert batch[2].tolist() == [1.0, 2.0, 2.0]
    assert utils.apply_class_weight((x, y), None, "Src") == (x, y)
    with pytest.raises(ValueError, match=r"Src: class_weight needs .* also holds sample weights"):
        utils.apply_class_weight((x, y, y), {1: 2.0}, "Src")
    with pytest.raises(ValueError, match=r"Src: class_weight needs .* holds no targets"):
        utils.apply_class_weight((x,), {1: 2.0}, "Src")
    with pytest.raises(ValueError, match=r"Src: class_weight is only supported for a single"):
        utils.apply_class_weight((x, {"a": y}), {1: 2.0}, "Src")


def test_standardize_batch():
    x = np.zeros(2)
    assert utils.standardize_batch(x, "Src") == (x,)
    assert utils.standardize_batch([x, x], "Src") == (x, x)
    with pytest.raises(ValueError, match=r"Src: a batch must be .* a tuple of 4 elements"):
        utils.standardize_batch((x, x, x, x), "Src")


def test_to_numpy_structure_converts_leaves_and_rejects_others():
    data = {"a": [1.0, 2.0], "b": ([[1, 2]], None)}
    converted = utils.to_numpy_structure(data, "Src")
    assert isinstance(converted["a"], np.ndarray) and converted["a"].tolist() == [1.0, 2.0]
    assert converted["b"][0].shape == (1, 2) and converted["b"][1] is None
    with pytest.raises(TypeError, match=r"Src: expected NumPy arrays.* leaf of type str"):
        utils.to_numpy_structure({"a": "text"}, "Src")


def test_to_numpy_converts_engine_tensors():
    torch = pytest.importorskip("torch", reason="needs torch installed")
    tensor = torch.arange(3.0, requires_grad=True)
    assert utils.to_numpy(tensor).tolist() == [0.0, 1.0, 2.0]
    half = utils.to_numpy(torch.ones(2, dtype=torch.bfloat16))
    assert half.dtype.name == "bfloat16"
