"""Loading weights files: check every entry against the model first, then assign.

A failed load (a shape that differs, a layer the file lacks, a hostile file) raises before
any variable changes, so the model stays as it was.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np

from lamina.layers.layer import Layer
from lamina.optimizers.optimizer import Optimizer
from lamina.saving import h5_store, keras_layout

_KERAS_WEIGHTS_MEMBER = "model.weights.h5"


def load_into(model: Layer, path: str, skip_mismatch: bool) -> None:
    """Loads the weights file at `path` (checked to exist) into the built `model`."""
    with _reader(path) as reader:
        loader = _Loader(model, reader, skip_mismatch)
        for entry_path, obj in keras_layout.walk(model):
            loader.plan(entry_path, obj)
        loader.apply()


@contextlib.contextmanager
def _reader(path: str) -> Iterator[Any]:
    with contextlib.ExitStack() as stack:
        if path.endswith(".weights.json"):
            reader: Any = h5_store.ShardedH5Reader(path)
        elif path.endswith(".weights.h5"):
            reader = h5_store.SafeH5File(path, path)
        else:
            from lamina.saving.keras_archive import ArchiveReader

            archive = ArchiveReader(path)
            stack.callback(archive.close)
            weights = stack.enter_context(archive.open_weights())
            reader = h5_store.SafeH5File(weights, f"{path}::model.weights.h5")
        stack.callback(reader.close)
        yield reader


class _Loader:
    """Checks every entry against the file first (`plan`), then assigns (`apply`)."""

    def __init__(self, model: Layer, reader: Any, skip_mismatch: bool) -> None:
        self._model = model
        self._reader = reader
        self._skip = skip_mismatch
        self._assignments: list[tuple[Any, np.ndarray]] = []
        self._custom: list[tuple[Any, _ReadStore]] = []

    def plan(self, path: str, obj: Any) -> None:
        group = self._reader.entry(path)
        if not keras_layout.uses_default_storage(obj, "load_own_variables"):
            self._custom.append((obj, _ReadStore(group or {}, self._reader.label)))
            return
        if isinstance(obj, Optimizer):
            if group is None or not self._optimizer_fits(obj, group):
                return
        variables = keras_layout.own_variables(obj)
        what = _describe(path, obj)
        if group is None:
            if variables:
                self._problem(
                    f"{what} has {len(variables)} variables, but the file holds none for it "
                    f"(no group '{h5_store.group_key(path)}')."
                )
            return
        expected = {str(index) for index in range(len(variables))}
        if set(group) != expected:
            self._problem(
                f"{what} has {len(variables)} variables, but the file holds "
                f"{len(group)} for it ({sorted(group, key=_natural)})."
            )
            return
        mismatches = []
        for index, variable in enumerate(variables):
            dataset = group[str(index)]
            if tuple(dataset.shape) != tuple(variable.shape):
                mismatches.append(
                    f"variable {index} ('{variable.path}') has shape {tuple(variable.shape)} "
                    f"in the model but {tuple(dataset.shape)} in the file"
                )
                continue
            self._assignments.append((variable, h5_store.read_array(dataset, self._reader.label)))
        if mismatches:
            self._problem(f"{what}: {'; '.join(mismatches)}.")

    def apply(self) -> None:
        for variable, array in self._assignments:
            variable.assign(array)
        for obj, store in self._custom:
            obj.load_own_variables(store)

    def _optimizer_fits(self, optimizer: Optimizer, group: dict) -> bool:
        if not optimizer.built and len(group) > len(optimizer.variables):
            # Its slots do not exist until it is built; build it for the model's variables as
            # training would, so that a resumed run continues from the saved state.
            optimizer.build(self._model.trainable_variables)
        if len(group) == len(optimizer.variables):
            return True
        warnings.warn(
            f"load_weights: the optimizer state in '{self._reader.label}' was not loaded: "
            f"{type(optimizer).__name__} '{optimizer.name}' has {len(optimizer.variables)} "
            f"variables but the file holds {len(group)}. Compile the model with the same "
            "optimizer as the saved one to restore its state.",
            stacklevel=5,
        )
        return False

    def _problem(self, message: str) -> None:
        where = f"load_weights('{self._reader.label}'): {message}"
        if self._skip:
            warnings.warn(f"{where} Skipped (skip_mismatch=True).", stacklevel=5)
            return
        raise ValueError(
            f"{where} Load weights saved from a model with the same architecture, or pass "
            "skip_mismatch=True to skip what does not match."
        )


class _ReadStore:
    """The store a custom `load_own_variables` reads from: `store["0"]` is an array."""

    def __init__(self, group: dict, label: str) -> None:
        self._group = group
        self._label = label

    def keys(self) -> list[str]:
        return sorted(self._group, key=_natural)

    def __len__(self) -> int:
        return len(self._group)

    def __contains__(self, key: object) -> bool:
        return key in self._group

    def __getitem__(self, key: str) -> np.ndarray:
        return h5_store.read_array(self._group[key], self._label)

    def items(self) -> list[tuple[str, np.ndarray]]:
        return [(key, self[key]) for key in self.keys()]

    def values(self) -> list[np.ndarray]:
        return [self[key] for key in self.keys()]


def _describe(path: str, obj: Any) -> str:
    kind = "optimizer" if isinstance(obj, Optimizer) else "layer"
    where = f"{kind} at '{path}'" if path else "the model itself"
    return f"{where} ({type(obj).__name__} '{getattr(obj, 'name', '?')}')"


def _natural(key: str) -> tuple[int, str]:
    return (int(key), key) if key.isdigit() else (1 << 62, key)
