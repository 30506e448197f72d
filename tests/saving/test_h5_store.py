"""The HDF5 side: hostile files refused before reading, sharded saves in the Keras layout.

Sharding facts (Keras 3, `keras/src/saving/saving_lib.py`, `ShardedH5IOStore`, and the files
Keras 3.15.1 wrote with `max_shard_size`): the index `<base>.weights.json` is
`{"metadata": {"total_size": bytes}, "weight_map": {"/<path>/vars": shard or [shards]}}`,
shards are `<base>_00000.weights.h5`, `<base>_00001.weights.h5`, ... ; a `.weights.h5` name
with `max_shard_size` is written as `.weights.json` with a warning.
"""

from __future__ import annotations

import json
import os

import h5py
import ml_dtypes
import numpy as np
import pytest

import lamina
from lamina import layers
from lamina.saving import h5_store, load_weights, save_weights


def _model(units: int = 4):
    return lamina.Sequential(
        [lamina.Input(shape=(3,)), layers.Dense(units), layers.Dense(units), layers.Dense(2)]
    )


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "model.weights.h5"
    save_weights(_model(), path)
    return path


def _edit(path, change):
    with h5py.File(path, "a") as f:
        change(f)


def test_soft_link_is_refused(saved):
    def relink(f):
        del f["layers/dense/vars/0"]
        f["layers/dense/vars/0"] = h5py.SoftLink("/layers/dense_1/vars/0")

    _edit(saved, relink)
    with pytest.raises(ValueError, match=r"refusing .* a soft link at '/layers/dense/vars/0'"):
        load_weights(_model(), saved)


def test_external_link_anywhere_is_refused(saved, tmp_path):
    other = tmp_path / "secret.h5"
    with h5py.File(other, "w") as f:
        f["data"] = np.zeros((3, 4), "float32")
    _edit(saved, lambda f: f.__setitem__("unused", h5py.ExternalLink(str(other), "/data")))
    with pytest.raises(ValueError, match=r"refusing .* an external link at '/unused'"):
        load_weights(_model(), saved)


def test_virtual_dataset_is_refused(saved, tmp_path):
    def make_virtual(f):
        layout = h5py.VirtualLayout(shape=(3, 4), dtype="float32")
        layout[:] = h5py.VirtualSource(str(tmp_path / "elsewhere.h5"), "data", shape=(3, 4))
        del f["layers/dense/vars/0"]
        f["layers/dense/vars"].create_virtual_dataset("0", layout)

    _edit(saved, make_virtual)
    with pytest.raises(ValueError, match=r"refusing .* a virtual dataset at"):
        load_weights(_model(), saved)


def test_external_storage_is_refused(saved, tmp_path):
    (tmp_path / "raw.bin").write_bytes(bytes(48))

    def make_external(f):
        del f["layers/dense/vars/0"]
        f["layers/dense/vars"].create_dataset(
            "0", shape=(3, 4), dtype="float32", external=[(str(tmp_path / "raw.bin"), 0, 48)]
        )

    _edit(saved, make_external)
    with pytest.raises(ValueError, match=r"refusing .* stored in external files"):
        load_weights(_model(), saved)


def test_non_numeric_dataset_is_refused(saved):
    def make_text(f):
        del f["layers/dense/vars/1"]
        f["layers/dense/vars"].create_dataset("1", data=np.array([b"a", b"b", b"c", b"d"]))

    _edit(saved, make_text)
    with pytest.raises(ValueError, match=r"dataset '/layers/dense/vars/1' holds \|S1 data"):
        load_weights(_model(), saved)


def test_hard_link_cycle_does_not_hang(saved):
    _edit(saved, lambda f: f["layers/dense"].__setitem__("loop", f["layers"]))
    model = _model()
    load_weights(model, saved)


def test_shape_bomb_is_refused_before_reading(tmp_path):
    path = tmp_path / "bomb.weights.h5"
    with h5py.File(path, "w") as f:
        f.create_dataset("x", shape=(2**28,), dtype="float64", chunks=(4096,), compression="gzip")
    reader = h5_store.SafeH5File(str(path), str(path))
    try:
        with pytest.raises(ValueError, match=r"declares 2147483648 bytes but stores only 0"):
            h5_store.read_array(reader._file["x"], str(path))
    finally:
        reader.close()


def test_bfloat16_is_written_and_read_as_keras_does(tmp_path):
    path = tmp_path / "bf16.weights.h5"
    values = np.array([1.5, -2.25, 3.0], dtype=ml_dtypes.bfloat16)
    with h5py.File(path, "w") as f:
        writer = h5_store.H5Writer(f)
        writer.begin("layers/dense", "dense")
        writer.put("0", values)
    with h5py.File(path, "r") as f:
        dataset = f["layers/dense/vars/0"]
        assert dataset.attrs["dtype"] == "bfloat16" and dataset.dtype == np.dtype("V2")
    reader = h5_store.SafeH5File(str(path), str(path))
    try:
        array = h5_store.read_array(reader.entry("layers/dense")["0"], str(path))
    finally:
        reader.close()
    assert array.dtype == ml_dtypes.bfloat16
    assert array.astype("float32").tolist() == [1.5, -2.25, 3.0]


# -- sharding ----------------------------------------------------------------------------------

_TINY_SHARD_GB = 100 / 1024**3  # 100 bytes: a few variables per shard


def test_sharded_save_layout_and_round_trip(tmp_path):
    source, target = _model(), _model()
    index = tmp_path / "model.weights.json"
    save_weights(source, index, max_shard_size=_TINY_SHARD_GB)
    names = sorted(os.listdir(tmp_path))
    assert names[0] == "model.weights.json"
    assert names[1:] == [f"model_{i:05d}.weights.h5" for i in range(len(names) - 1)]
    assert len(names) > 3
    content = json.loads(index.read_text())
    assert set(content) == {"metadata", "weight_map"}
    total = sum(int(np.prod(v.shape)) * 4 for v in source.weights)
    assert content["metadata"]["total_size"] == float(total)
    assert set(content["weight_map"]) == {
        "/layers/dense/vars",
        "/layers/dense_1/vars",
        "/layers/dense_2/vars",
    }
    load_weights(target, index)
    for saved, loaded in zip(source.get_weights(), target.get_weights()):
        np.testing.assert_array_equal(loaded, saved)


def test_sharded_save_to_h5_name_writes_json_with_a_warning(tmp_path):
    with pytest.warns(UserWarning, match=r"written as '.*model\.weights\.json'"):
        save_weights(_model(), tmp_path / "model.weights.h5", max_shard_size=1.0)
    assert sorted(os.listdir(tmp_path)) == ["model.weights.json", "model_00000.weights.h5"]


def test_smaller_sharded_save_removes_stale_shards(tmp_path):
    index = tmp_path / "model.weights.json"
    save_weights(_model(units=8), index, max_shard_size=300 / 1024**3)
    assert len(os.listdir(tmp_path)) > 3
    save_weights(_model(), index, max_shard_size=1.0)
    assert sorted(os.listdir(tmp_path)) == ["model.weights.json", "model_00000.weights.h5"]


def test_variable_larger_than_a_shard_is_an_error(tmp_path):
    with pytest.raises(ValueError, match=r"takes 48 bytes, more than max_shard_size"):
        save_weights(_model(), tmp_path / "model.weights.json", max_shard_size=40 / 1024**3)
    assert os.listdir(tmp_path) == []


def test_shard_names_outside_the_folder_are_refused(tmp_path):
    index = tmp_path / "model.weights.json"
    save_weights(_model(), index, max_shard_size=1.0)
    content = json.loads(index.read_text())
    content["weight_map"]["/layers/dense/vars"] = "../elsewhere.weights.h5"
    index.write_text(json.dumps(content))
    with pytest.raises(ValueError, match=r"shard name '\.\./elsewhere\.weights\.h5' is not"):
        load_weights(_model(), index)


def test_missing_shard_is_named(tmp_path):
    index = tmp_path / "model.weights.json"
    save_weights(_model(), index, max_shard_size=_TINY_SHARD_GB)
    os.remove(tmp_path / "model_00001.weights.h5")
    with pytest.raises(FileNotFoundError, match=r"lists the shard 'model_00001\.weights\.h5'"):
        load_weights(_model(), index)
