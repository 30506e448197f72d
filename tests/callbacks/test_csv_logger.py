"""CSVLogger: the file it writes during fit, appending, separators and late columns."""

from __future__ import annotations

import csv

import numpy as np
import pytest

import lamina
from lamina.callbacks import CSVLogger
from tests.conftest import BACKEND

RNG = np.random.default_rng(0)
needs_training = pytest.mark.skipif(
    BACKEND not in ("torch", "jax"), reason="numpy backend is inference-only"
)


def _model() -> lamina.Model:
    model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(1)])
    model.compile(optimizer=lamina.optimizers.SGD(0.05), loss="mse", metrics=["mae"])
    return model


def _data(n: int) -> tuple[np.ndarray, np.ndarray]:
    return RNG.normal(size=(n, 3)).astype("float32"), RNG.normal(size=(n, 1)).astype("float32")


def _read(path, separator: str = ",") -> list[list[str]]:
    with open(path, newline="") as f:
        return list(csv.reader(f, delimiter=separator))


@needs_training
def test_fit_writes_a_header_and_a_row_per_epoch(tmp_path):
    path = tmp_path / "log.csv"
    x, y = _data(8)
    history = _model().fit(
        x, y, epochs=3, validation_data=_data(4), verbose=0, callbacks=[CSVLogger(path)]
    )
    rows = _read(path)
    assert rows[0] == ["epoch", "loss", "mae", "val_loss", "val_mae"]
    assert [row[0] for row in rows[1:]] == ["0", "1", "2"]
    columns = list(zip(*rows[1:], strict=True))
    for name, column in zip(rows[0][1:], columns[1:], strict=True):
        # Python floats are written exactly.
        assert [float(cell) for cell in column] == history.history[name]


@needs_training
def test_append_continues_the_file_without_a_second_header(tmp_path):
    path = tmp_path / "log.csv"
    x, y = _data(8)
    model = _model()
    model.fit(x, y, epochs=2, verbose=0, callbacks=[CSVLogger(path, append=True)])
    model.fit(x, y, epochs=4, initial_epoch=2, verbose=0, callbacks=[CSVLogger(path, append=True)])
    rows = _read(path)
    assert rows[0] == ["epoch", "loss", "mae"]
    assert [row[0] for row in rows[1:]] == ["0", "1", "2", "3"]


@needs_training
def test_without_append_the_file_is_overwritten(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("old,content\n1,2\n3,4\n")
    x, y = _data(8)
    _model().fit(x, y, epochs=1, verbose=0, callbacks=[CSVLogger(path)])
    rows = _read(path)
    assert rows[0] == ["epoch", "loss", "mae"] and len(rows) == 2


@needs_training
def test_validation_every_other_epoch_adds_its_columns_later(tmp_path):
    path = tmp_path / "log.csv"
    x, y = _data(8)
    history = _model().fit(
        x,
        y,
        epochs=3,
        validation_data=_data(4),
        validation_freq=2,
        verbose=0,
        callbacks=[CSVLogger(path)],
    )
    rows = _read(path)
    assert rows[0] == ["epoch", "loss", "mae", "val_loss", "val_mae"]
    assert [row[3] for row in rows[1:]] == ["NA", str(history.history["val_loss"][0]), "NA"]
    assert [float(row[1]) for row in rows[1:]] == history.history["loss"]


def test_separator_and_array_values(tmp_path):
    path = tmp_path / "log.tsv"
    logger = CSVLogger(str(path), separator="\t")
    logger.on_train_begin()
    logger.on_epoch_end(0, {"loss": 0.5, "per_class": np.array([1.0, 2.0]), "note": "a,b"})
    logger.on_train_end()
    assert path.read_text() == "epoch\tloss\tnote\tper_class\n0\t0.5\ta,b\t[1.0, 2.0]\n"


def test_append_uses_the_existing_columns_and_missing_values_are_na(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("epoch,loss,mae\n0,1.0,2.0\n")
    logger = CSVLogger(path, append=True)
    logger.on_train_begin()
    logger.on_epoch_end(1, {"loss": 0.5})
    logger.on_train_end()
    assert _read(path) == [["epoch", "loss", "mae"], ["0", "1.0", "2.0"], ["1", "0.5", "NA"]]


def test_rows_are_flushed_each_epoch(tmp_path):
    path = tmp_path / "log.csv"
    logger = CSVLogger(path)
    logger.on_train_begin()
    logger.on_epoch_end(0, {"loss": 0.5})
    assert _read(path) == [["epoch", "loss"], ["0", "0.5"]]  # Still open, already readable.
    logger.on_train_end()
    assert logger.csv_file is None


def test_rejects_bad_arguments():
    with pytest.raises(TypeError, match=r"CSVLogger: `filename` must be a path"):
        CSVLogger(3)
    with pytest.raises(ValueError, match=r"`separator` must be a single character, received ';;'"):
        CSVLogger("log.csv", separator=";;")
