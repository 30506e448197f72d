"""HDF5 access for weights files: writers (one file, or Keras-style shards) and safe readers.

Layout (Keras 3, `keras/src/saving/saving_lib.py`, `H5IOStore` and `ShardedH5IOStore`): each
object's variables are datasets `"0"`, `"1"`, ... in the group `<path>/vars`, whose attribute
`name` holds the object's name; bfloat16 arrays are stored as 2-byte opaque data with the
dataset attribute `dtype = "bfloat16"`. The root group has no attributes.

Sharded files (`max_shard_size`, in GB): `<base>.weights.json` holds
`{"metadata": {"total_size": <bytes>}, "weight_map": {"/<path>/vars": <shard file name or
list of names>}}` and the data lives in `<base>_00000.weights.h5`, `<base>_00001.weights.h5`,
... next to it; a new shard starts when the next array would overflow the current one.

Reading is safe by construction: before anything is read, the whole file is scanned and
refused if it holds soft, external or user-defined links, datasets stored in external
files, or virtual datasets (anything that would make h5py read outside the file); datasets
must hold numbers and may not declare far more data than the file stores.
"""

from __future__ import annotations

import json
import math
import os
from typing import Any

import h5py
import numpy as np

_MAX_OBJECTS = 1_000_000
_MAX_INDEX_BYTES = 64 * 1024 * 1024
# A dataset may declare at most this many times the bytes it stores (beyond a floor), so a
# tiny file cannot make the loader allocate gigabytes ("shape bombs").
_BOMB_FLOOR_BYTES = 1 << 30
_BOMB_MAX_EXPANSION = 1000


def group_key(path: str) -> str:
    """The absolute HDF5 name of an object's variable group: `/vars`, `/layers/dense/vars`."""
    return f"/{path}/vars" if path else "/vars"


# -- writing ---------------------------------------------------------------------------------


class H5Writer:
    """Writes the entries of one `.weights.h5` file (already opened for writing)."""

    def __init__(self, file: h5py.File) -> None:
        self._file = file
        self._group: Any = None

    def begin(self, path: str, name: str | None) -> None:
        """Starts the variable group of the object at `path`."""
        self._group = _make_group(self._file, path, name)

    def put(self, key: str, array: np.ndarray) -> None:
        """Writes one array of the current object."""
        _write_dataset(self._group, key, array)


class ShardedH5Writer:
    """Writes entries over shard files of at most `max_bytes` each, Keras-style.

    `open_shard(index)` returns the path to write shard `index` at (the caller makes it a
    temporary path and renames it later); `index_content()` is the JSON index text.
    """

    def __init__(self, base_name: str, max_bytes: float, open_shard: Any) -> None:
        self._base_name = base_name
        self._max_bytes = max_bytes
        self._open_shard = open_shard
        self._files: list[h5py.File] = []
        self._names: list[str] = []
        self._used = 0.0
        self._total = 0.0
        self._weight_map: dict[str, Any] = {}
        self._path = ""
        self._name: str | None = None
        self._group: Any = None
        self._new_shard()

    @property
    def shard_count(self) -> int:
        return len(self._names)

    def begin(self, path: str, name: str | None) -> None:
        self._path, self._name = path, name
        self._group = _make_group(self._files[-1], path, name)

    def put(self, key: str, array: np.ndarray) -> None:
        size = float(array.nbytes)
        if size > self._max_bytes:
            raise ValueError(
                f"save_weights: variable {key} of '{self._path or '/'}' takes {size:.0f} bytes, "
                f"more than max_shard_size ({self._max_bytes / 1024**3:g} GB). Increase "
                "max_shard_size to at least the size of the largest variable."
            )
        self._total += size
        self._used += size
        if self._used > self._max_bytes:
            self._new_shard()
            self._used = size
            self._group = _make_group(self._files[-1], self._path, self._name)
        _write_dataset(self._group, key, array)
        self._record(group_key(self._path), self._names[-1])

    def close(self) -> None:
        for file in self._files:
            if file.id.valid:
                file.close()

    def index_content(self) -> str:
        index = {"metadata": {"total_size": self._total}, "weight_map": self._weight_map}
        return json.dumps(index, indent=4)

    def _new_shard(self) -> None:
        if self._files:
            self._files[-1].close()
        name = shard_file_name(self._base_name, len(self._names))
        self._files.append(h5py.File(self._open_shard(len(self._names)), "w"))
        self._names.append(name)

    def _record(self, key: str, shard: str) -> None:
        # As Keras 3 writes it: a group's first shard as a string, a list once it has several.
        known = self._weight_map.get(key)
        if known is None:
            self._weight_map[key] = shard
            return
        shards = known if isinstance(known, list) else [known]
        if shard not in shards:
            shards.append(shard)
        self._weight_map[key] = shards


def shard_file_name(base_name: str, index: int) -> str:
    """The name of shard `index` of a sharded save, as Keras 3 names it."""
    return f"{base_name}_{index:05d}.weights.h5"


def _make_group(file: h5py.File, path: str, name: str | None) -> Any:
    parent = file.require_group(path) if path else file
    group = parent.require_group("vars")
    if name is not None:
        group.attrs["name"] = name
    return group


def _write_dataset(group: Any, key: str, array: np.ndarray) -> None:
    if array.dtype.name == "bfloat16":
        dataset = group.create_dataset(key, data=array)
        dataset.attrs["dtype"] = "bfloat16"
    else:
        group.create_dataset(key, data=array)


# -- reading ---------------------------------------------------------------------------------


class SafeH5File:
    """A weights file opened for reading after a safety scan of its whole tree."""

    def __init__(self, source: Any, label: str) -> None:
        self.label = label
        self._file = h5py.File(source, "r")
        try:
            _scan(self._file, label)
        except BaseException:
            self._file.close()
            raise

    def entry(self, path: str) -> dict[str, h5py.Dataset] | None:
        """The datasets in the object's group `<path>/vars`, or None when there is none."""
        node: Any = self._file
        for part in [p for p in path.split("/") if p] + ["vars"]:
            if not isinstance(node, h5py.Group) or part not in node:
                return None
            node = node[part]
        if not isinstance(node, h5py.Group):
            return None
        datasets = {}
        for key, value in node.items():
            if not isinstance(value, h5py.Dataset):
                raise ValueError(
                    f"load_weights: '{self.label}' is malformed: '{group_key(path)}/{key}' "
                    "should be a dataset (an array) but is a group."
                )
            datasets[key] = value
        return datasets

    def close(self) -> None:
        self._file.close()


class ShardedH5Reader:
    """Reads a sharded save through its `.weights.json` index."""

    def __init__(self, index_path: str) -> None:
        self.label = index_path
        self._files: list[SafeH5File] = []
        try:
            for name in _shard_names(index_path):
                shard = os.path.join(os.path.dirname(os.path.abspath(index_path)), name)
                if not os.path.isfile(shard):
                    raise FileNotFoundError(
                        f"load_weights: the index '{index_path}' lists the shard '{name}', "
                        f"but there is no file '{shard}'. Copy all shard files along with "
                        "the index."
                    )
                self._files.append(SafeH5File(shard, shard))
        except BaseException:
            self.close()
            raise

    def entry(self, path: str) -> dict[str, h5py.Dataset] | None:
        """The datasets of `<path>/vars` gathered from every shard holding part of it."""
        found: dict[str, h5py.Dataset] | None = None
        for file in self._files:
            part = file.entry(path)
            if part is None:
                continue
            found = found or {}
            for key, dataset in part.items():
                if key in found:
                    raise ValueError(
                        f"load_weights: the shards of '{self.label}' disagree: variable "
                        f"'{group_key(path)}/{key}' is stored in more than one shard."
                    )
                found[key] = dataset
        return found

    def close(self) -> None:
        for file in self._files:
            file.close()


def read_array(dataset: h5py.Dataset, label: str) -> np.ndarray:
    """Reads a dataset that holds numbers (bfloat16 included), after checking its size."""
    dtype = dataset.dtype
    is_bfloat16 = dtype == np.dtype("V2") and _attribute(dataset, "dtype") == "bfloat16"
    if dtype.kind not in "biufc" and not is_bfloat16:
        raise ValueError(
            f"load_weights: refusing to load '{label}': dataset '{dataset.name}' holds "
            f"{dtype} data, not numbers."
        )
    declared = math.prod(dataset.shape or ()) * dtype.itemsize
    stored = dataset.id.get_storage_size()
    if declared > _BOMB_FLOOR_BYTES and declared > _BOMB_MAX_EXPANSION * stored:
        raise ValueError(
            f"load_weights: refusing to load '{label}': dataset '{dataset.name}' declares "
            f"{declared} bytes but stores only {stored}."
        )
    array = np.asarray(dataset[()])
    if is_bfloat16:
        import ml_dtypes

        array = array.view(ml_dtypes.bfloat16)
    return array


def _attribute(dataset: h5py.Dataset, name: str) -> Any:
    value = dataset.attrs.get(name)
    return value.decode() if isinstance(value, bytes) else value


def _scan(file: h5py.File, label: str) -> None:
    """Refuses links and datasets that would make h5py read outside the file."""
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[str, h5py.Group]] = [("", file)]
    count = 0
    while stack:
        where, group = stack.pop()
        for name in group:
            location = f"{where}/{name}"
            _check_link(group, name, location, label)
            count += 1
            if count > _MAX_OBJECTS:
                raise _refusal(label, f"more than {_MAX_OBJECTS} objects")
            item = group[name]
            if isinstance(item, h5py.Group):
                info = h5py.h5o.get_info(item.id)
                if (info.fileno, info.addr) not in seen:
                    seen.add((info.fileno, info.addr))
                    stack.append((location, item))
            elif isinstance(item, h5py.Dataset):
                if item.is_virtual:
                    raise _refusal(label, f"a virtual dataset at '{location}'")
                if item.external:
                    raise _refusal(label, f"a dataset stored in external files at '{location}'")


def _check_link(group: h5py.Group, name: str, location: str, label: str) -> None:
    try:
        link = group.get(name, getlink=True)
    except (TypeError, KeyError, OSError) as error:
        raise _refusal(label, f"an unreadable link at '{location}'") from error
    if isinstance(link, h5py.SoftLink):
        raise _refusal(label, f"a soft link at '{location}' (to '{link.path}')")
    if isinstance(link, h5py.ExternalLink):
        raise _refusal(
            label, f"an external link at '{location}' (to '{link.filename}:{link.path}')"
        )
    if not isinstance(link, h5py.HardLink):
        raise _refusal(label, f"a user-defined link at '{location}'")


def _refusal(label: str, what: str) -> ValueError:
    return ValueError(
        f"load_weights: refusing to load '{label}': it contains {what}. Weights files must "
        "be self-contained (no links, external or virtual storage); lamina does not follow "
        "them, so that loading a file never reads other files. Re-save the weights with "
        "save_weights()."
    )


def _shard_names(index_path: str) -> list[str]:
    """The shard file names listed by a sharded save's index, checked to be plain names."""
    if os.path.getsize(index_path) > _MAX_INDEX_BYTES:
        raise ValueError(f"load_weights: the index '{index_path}' is too large to be one.")
    with open(index_path, encoding="utf-8") as f:
        try:
            index = json.load(f)
        except json.JSONDecodeError as error:
            raise ValueError(
                f"load_weights: '{index_path}' is not a JSON index of sharded weights."
            ) from error
    weight_map = index.get("weight_map") if isinstance(index, dict) else None
    if not isinstance(weight_map, dict):
        raise ValueError(
            f"load_weights: '{index_path}' is not an index of sharded weights: it has no "
            "'weight_map' object."
        )
    names: list[str] = []
    for value in weight_map.values():
        for name in value if isinstance(value, list) else [value]:
            if (
                not isinstance(name, str)
                or os.path.basename(name) != name
                or name in ("", ".", "..")
                or not name.endswith(".h5")
            ):
                raise ValueError(
                    f"load_weights: refusing to load '{index_path}': its shard name {name!r} "
                    "is not a plain '.h5' file name in the index's folder."
                )
            if name not in names:
                names.append(name)
    return names
