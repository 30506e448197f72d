"""The variable budget of a `.keras` load: a hostile config asking for variables far larger
than the weights file holds is refused before their memory is allocated."""

from __future__ import annotations

import io
import json
import os
import zipfile

import h5py
import numpy as np
import pytest

import lamina
from lamina.layers.layer import Layer
from lamina.saving import allocation_guard, keras_archive
from lamina.saving.allocation_guard import (
    VariableBudget,
    check_new_variable,
    declared_sizes,
    variable_budget,
)
from lamina.saving.serialization_lib import deserialize_keras_object

# Far above what the file holds plus the slack, yet only ~24 MB should the guard fail.
HOSTILE_UNITS = 2_000_000


def _archives(folder):
    model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(2, name="dense")])
    honest = os.path.join(folder, "honest.keras")
    model.save(honest)
    with zipfile.ZipFile(honest) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    config = json.loads(members["config.json"])
    config["config"]["layers"][1]["config"]["units"] = HOSTILE_UNITS
    members["config.json"] = json.dumps(config).encode()
    hostile = os.path.join(folder, "hostile.keras")
    with zipfile.ZipFile(hostile, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return honest, hostile


def _guarded_add_weight(monkeypatch):
    """What the loader's wiring does: `Layer.add_weight` charges each variable first."""
    original = Layer.add_weight

    def add_weight(self, shape=None, *args, **kwargs):
        check_new_variable(self.name, kwargs.get("name") or "variable", shape or ())
        return original(self, shape, *args, **kwargs)

    monkeypatch.setattr(Layer, "add_weight", add_weight)


def _load_under_budget(path):
    reader = keras_archive.ArchiveReader(path)
    try:
        config = reader.read_json(keras_archive.CONFIG)
        with reader.open_weights() as weights, variable_budget(weights, path) as budget:
            model = deserialize_keras_object(config)
    finally:
        reader.close()
    return model, budget


def test_hostile_config_is_refused_naming_layer_and_shape(tmp_path, monkeypatch):
    _, hostile = _archives(str(tmp_path))
    _guarded_add_weight(monkeypatch)
    expected = rf"refusing to create variable 'kernel' of shape \(3, {HOSTILE_UNITS}\)"
    with pytest.raises(ValueError, match=expected + r" .*for layer 'dense'"):
        _load_under_budget(hostile)


def test_honest_archive_builds_within_its_budget(tmp_path, monkeypatch):
    honest, _ = _archives(str(tmp_path))
    _guarded_add_weight(monkeypatch)
    model, budget = _load_under_budget(honest)
    assert (budget.declared, budget.largest) == (3 * 2 + 2, 6)
    assert budget.declared <= budget.used <= budget.declared + budget.slack
    assert model.layers[0].kernel.shape == (3, 2)


def test_budget_is_only_active_inside_the_block():
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as file:
        file.create_dataset("vars/0", data=np.zeros(4, "float32"))
    with variable_budget(buffer, "w.h5"):
        check_new_variable("layer", "small", (4,))
        with pytest.raises(ValueError, match=r"'huge' of shape \(4000000,\)"):
            check_new_variable("layer", "huge", (4_000_000,))
    check_new_variable("layer", "huge", (4_000_000,))
    assert buffer.tell() == 0


def test_total_beyond_the_file_is_refused():
    budget = VariableBudget(declared=10, largest=10, label="w.h5", slack=0)
    budget.charge("a", "kernel", (10,))
    with pytest.raises(ValueError, match=r"holds 10 values in all .* 10 are already used"):
        budget.charge("b", "kernel", (1,))


def test_shape_bombs_back_nothing():
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as file:
        file.create_dataset("vars/0", data=np.zeros(3, "float32"))
        # Declares 8 GB, stores nothing: read_array refuses it, so it counts for nothing.
        file.create_dataset("vars/1", shape=(1 << 31,), dtype="float32", chunks=(1024,))
    assert declared_sizes(buffer, "w.h5") == (3, 3)


def test_load_model_refuses_the_hostile_archive(tmp_path):
    honest, hostile = _archives(str(tmp_path))
    with pytest.raises(ValueError, match=r"refusing to create variable 'kernel'"):
        lamina.saving.load_model(hostile)
    assert lamina.saving.load_model(honest).layers[0].units == 2
    assert allocation_guard._stack() == []


def test_a_model_compiled_but_not_trained_loads(tmp_path):
    # Its file holds no optimizer slots; building them on load mirrors checked variables and
    # is not charged (600,000 weights + 1,200,000 Adam slots exceed the 1M-value slack).
    model = lamina.Sequential([lamina.Input((300,)), lamina.layers.Dense(2000)])
    model.compile(optimizer="adam", loss="mse")
    model.save(tmp_path / "compiled.keras")
    loaded = lamina.saving.load_model(tmp_path / "compiled.keras")
    assert loaded.optimizer.built and loaded.layers[0].kernel.shape == (300, 2000)
