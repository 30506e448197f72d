"""BackupAndRestore: an interrupted fit resumes from its last completed epoch."""

from __future__ import annotations

import os

import numpy as np
import pytest

import lamina
from lamina import layers
from tests.conftest import BACKEND

trains = pytest.mark.skipif(
    BACKEND == "numpy", reason="numpy backend is inference-only (fit cannot run)"
)


class Interrupt(Exception):
    pass


class InterruptAt(lamina.callbacks.Callback):
    def __init__(self, epoch: int) -> None:
        super().__init__()
        self.epoch = epoch

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == self.epoch:
            raise Interrupt(f"stopped at epoch {epoch}")


def _model() -> lamina.Model:
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(1, kernel_initializer="ones")])
    model.compile(optimizer=lamina.optimizers.SGD(0.05, momentum=0.9), loss="mse")
    return model


def _data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(24, 3)).astype("float32")
    return x, x @ np.array([[1.0], [-2.0], [0.5]], "float32")


@trains
def test_resumed_fit_matches_an_uninterrupted_one(tmp_path):
    x, y = _data()
    reference = _model()
    reference.fit(x, y, epochs=4, batch_size=8, shuffle=False, verbose=0)

    backup = lamina.callbacks.BackupAndRestore(str(tmp_path / "backup"))
    model = _model()
    with pytest.raises(Interrupt):
        model.fit(
            x,
            y,
            epochs=4,
            batch_size=8,
            shuffle=False,
            verbose=0,
            callbacks=[backup, InterruptAt(2)],
        )
    assert os.path.exists(tmp_path / "backup" / "latest.weights.h5")
    resumed = _model()
    history = resumed.fit(
        x, y, epochs=4, batch_size=8, shuffle=False, verbose=0, callbacks=[backup]
    )
    assert history.epoch == [2, 3]
    assert int(resumed.optimizer.iterations) == int(reference.optimizer.iterations)
    for got, want in zip(resumed.get_weights(), reference.get_weights()):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    assert not os.path.exists(tmp_path / "backup")  # delete_checkpoint=True at the end


@trains
def test_damaged_latest_backup_falls_back_to_the_previous(tmp_path):
    x, y = _data()
    folder = tmp_path / "backup"
    backup = lamina.callbacks.BackupAndRestore(
        str(folder), double_checkpoint=True, delete_checkpoint=False
    )
    model = _model()
    model.fit(x, y, epochs=3, batch_size=8, shuffle=False, verbose=0, callbacks=[backup])
    (folder / "latest.weights.h5").write_bytes(b"not an hdf5 file")
    resumed = _model()
    history = resumed.fit(
        x, y, epochs=4, batch_size=8, shuffle=False, verbose=0, callbacks=[backup]
    )
    assert history.epoch == [2, 3]  # the previous backup holds epoch index 1


def test_rejects_bad_save_freq(tmp_path):
    with pytest.raises(ValueError, match=r"save_freq must be 'epoch', False or a positive int"):
        lamina.callbacks.BackupAndRestore(str(tmp_path), save_freq=-1)
