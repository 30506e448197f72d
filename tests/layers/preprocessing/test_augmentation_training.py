"""Augmentation inside models: a model with RandomFlip and Rescaling trains with fit (random
layers active, their seed state carried by the compiled step), predicts deterministically,
and saves and loads as a .keras file."""

from __future__ import annotations

import os

import numpy as np
import pytest

import lamina
from lamina import layers
from tests.layers.preprocessing.image_checks import image_batch, to_numpy
from tests.support.op_check import BACKEND, DIFFERENTIABLE_BACKENDS


def _model():
    return lamina.Sequential(
        [
            lamina.Input((4, 4, 3)),
            layers.RandomFlip("horizontal", seed=1),
            layers.Rescaling(1 / 255),
            layers.RandomContrast(0.2, value_range=(0, 1), seed=2),
            layers.Flatten(),
            layers.Dense(2),
        ]
    )


@pytest.mark.skipif(
    BACKEND not in DIFFERENTIABLE_BACKENDS, reason="the numpy backend is inference-only"
)
def test_model_with_augmentation_trains_with_fit():
    x = image_batch((16, 4, 4, 3))
    y = np.random.default_rng(1).integers(0, 2, size=(16,))
    model = _model()
    flip = model.layers[0]
    seed_before = flip.seed_generator.state.numpy().copy()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    history = model.fit(x, y, batch_size=8, epochs=2, verbose=0)
    assert np.all(np.isfinite(history.history["loss"]))
    assert not np.array_equal(flip.seed_generator.state.numpy(), seed_before)
    first, second = model.predict(x, verbose=0), model.predict(x, verbose=0)
    np.testing.assert_array_equal(first, second)


def test_model_with_preprocessing_saves_and_loads(tmp_path):
    normalization = layers.Normalization()
    normalization.adapt(image_batch((8, 4, 4, 3)))
    model = lamina.Sequential(
        [
            lamina.Input((6, 6, 3)),
            layers.CenterCrop(4, 4),
            layers.RandomCrop(4, 4, seed=3),
            normalization,
            layers.RandomBrightness(0.1, seed=4),
            layers.RandomGrayscale(0.3, seed=5),
            layers.Flatten(),
            layers.Dense(2),
        ]
    )
    path = os.path.join(tmp_path, "model.keras")
    model.save(path)
    loaded = lamina.saving.load_model(path)
    x = image_batch((2, 6, 6, 3))
    np.testing.assert_allclose(
        to_numpy(loaded(x, training=False)), to_numpy(model(x, training=False)), rtol=1e-5
    )
    assert [type(layer).__name__ for layer in loaded.layers] == [
        type(layer).__name__ for layer in model.layers
    ]
