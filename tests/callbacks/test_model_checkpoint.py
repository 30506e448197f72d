"""ModelCheckpoint: weights files per epoch / per batch, save_best_only, atomic writes."""

from __future__ import annotations

import os
import pathlib

import numpy as np
import pytest

import lamina
from lamina import layers
from tests.conftest import BACKEND

trains = pytest.mark.skipif(
    BACKEND == "numpy", reason="numpy backend is inference-only (fit cannot run)"
)


def _model() -> lamina.Model:
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(1)])
    model.compile(optimizer=lamina.optimizers.SGD(0.05), loss="mse")
    return model


def _data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 3)).astype("float32")
    return x, x @ np.array([[1.0], [-2.0], [0.5]], "float32")


@trains
def test_saves_one_file_per_epoch_with_formatted_names(tmp_path):
    x, y = _data()
    model = _model()
    pattern = str(tmp_path / "ckpt-{epoch:02d}-{loss:.3f}.weights.h5")
    callback = lamina.callbacks.ModelCheckpoint(pattern, monitor="loss", save_weights_only=True)
    history = model.fit(
        x, y, epochs=3, batch_size=8, shuffle=False, verbose=0, callbacks=[callback]
    )
    names = sorted(os.listdir(tmp_path))
    expected = [
        f"ckpt-{e + 1:02d}-{loss:.3f}.weights.h5" for e, loss in enumerate(history.history["loss"])
    ]
    assert names == expected
    restored = _model()
    restored.load_weights(str(tmp_path / expected[-1]))
    np.testing.assert_array_equal(restored.get_weights()[0], model.get_weights()[0])


@trains
def test_save_best_only_keeps_the_best_epoch(tmp_path):
    x, y = _data()
    model = _model()
    path = str(tmp_path / "best.weights.h5")
    seen = []

    class Record(lamina.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            seen.append((logs["val_loss"], self.model.get_weights()[0].copy()))

    callback = lamina.callbacks.ModelCheckpoint(path, save_best_only=True, save_weights_only=True)
    model.fit(
        x,
        y,
        epochs=4,
        batch_size=8,
        validation_data=(x[:8], y[:8] + 5.0 * np.arange(8)[:, None]),
        shuffle=False,
        verbose=0,
        callbacks=[Record(), callback],
    )
    best_loss, best_kernel = min(seen, key=lambda item: item[0])
    restored = _model()
    restored.load_weights(path)
    np.testing.assert_array_equal(restored.get_weights()[0], best_kernel)
    assert callback.best == pytest.approx(best_loss)


@trains
def test_save_freq_in_batches(tmp_path):
    x, y = _data()
    model = _model()
    pattern = str(tmp_path / "e{epoch}-b{batch}.weights.h5")
    callback = lamina.callbacks.ModelCheckpoint(pattern, save_weights_only=True, save_freq=3)
    model.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0, callbacks=[callback])
    # 4 batches per epoch, a save every 3rd batch overall: batches 3 (epoch 1) and 2 (epoch 2).
    assert sorted(os.listdir(tmp_path)) == ["e1-b3.weights.h5", "e2-b2.weights.h5"]


@trains
def test_a_failed_save_leaves_the_previous_file(tmp_path, monkeypatch):
    x, y = _data()
    model = _model()
    path = str(tmp_path / "model.weights.h5")
    callback = lamina.callbacks.ModelCheckpoint(path, monitor="loss", save_weights_only=True)
    model.fit(x, y, epochs=1, batch_size=8, verbose=0, callbacks=[callback])
    before = pathlib.Path(path).read_bytes()

    from lamina.saving import h5_store

    def broken(self, key, array):
        raise OSError("disk full")

    monkeypatch.setattr(h5_store.H5Writer, "put", broken)
    with pytest.raises(OSError, match="disk full"):
        model.fit(x, y, epochs=1, batch_size=8, verbose=0, callbacks=[callback])
    assert pathlib.Path(path).read_bytes() == before
    assert os.listdir(tmp_path) == ["model.weights.h5"]


def test_weights_only_needs_a_weights_suffix():
    with pytest.raises(ValueError, match=r"must end in '.weights.h5'"):
        lamina.callbacks.ModelCheckpoint("model.h5", save_weights_only=True)


def test_whole_model_checkpoint_needs_a_keras_suffix():
    with pytest.raises(ValueError, match=r"filepath must end in '.keras'"):
        lamina.callbacks.ModelCheckpoint("model.h5")


@trains
def test_whole_model_checkpoint_loads_and_predicts_the_same(tmp_path):
    x, y = _data()
    model = _model()
    path = str(tmp_path / "model-{epoch}.keras")
    callback = lamina.callbacks.ModelCheckpoint(path)
    model.fit(x, y, epochs=2, batch_size=8, verbose=0, callbacks=[callback])
    loaded = lamina.models.load_model(str(tmp_path / "model-2.keras"))
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)


def test_bad_save_freq():
    with pytest.raises(ValueError, match=r"save_freq must be 'epoch' or a positive int"):
        lamina.callbacks.ModelCheckpoint("m.weights.h5", save_weights_only=True, save_freq=0)
