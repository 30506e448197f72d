"""A tiny CNN learns a small image task with `fit`: its loss falls and its accuracy rises.

The task: a 12x12 image holds one bright 3x3 blob on faint noise; the label says whether the blob
sits in the left half (0) or the right half (1). A convolution finds the blob and the flattened
feature map keeps where it was, so a few epochs solve it. Each test compiles one model on jax,
with full batches only, to keep the jax run to a few seconds.
"""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers

pytestmark = pytest.mark.skipif(
    lamina.backend.backend() == "numpy", reason="the numpy backend is inference-only"
)

SIZE = 12
BATCH = 32


def _blob_images(num_images: int, seed: int, data_format: str) -> tuple[np.ndarray, np.ndarray]:
    """Images `(n, 12, 12, 1)` (or channels first) and labels: 1 where the blob is on the right."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, size=num_images).astype("int32")
    # Blob centres keep the whole 3x3 blob on one side of the middle (columns 0-5 | 6-11).
    columns = np.where(labels == 1, rng.integers(7, 11, num_images), rng.integers(1, 5, num_images))
    rows = rng.integers(1, SIZE - 1, num_images)
    images = rng.uniform(0.0, 0.2, size=(num_images, SIZE, SIZE)).astype("float32")
    for image, row, column in zip(images, rows, columns):
        image[row - 1 : row + 2, column - 1 : column + 2] = 1.0
    axis = 1 if data_format == "channels_first" else -1
    return np.expand_dims(images, axis), labels


def _tiny_cnn(data_format: str) -> lamina.Model:
    input_shape = (1, SIZE, SIZE) if data_format == "channels_first" else (SIZE, SIZE, 1)
    model = lamina.Sequential(
        [
            lamina.Input(shape=input_shape),
            layers.Conv2D(4, 3, activation="relu", data_format=data_format),
            layers.MaxPooling2D(2, data_format=data_format),
            layers.Flatten(data_format=data_format),
            layers.Dense(2, activation="softmax"),
        ]
    )
    model.compile(
        optimizer=lamina.optimizers.Adam(learning_rate=1e-2),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_tiny_cnn_learns_blob_side(data_format: str) -> None:
    if data_format == "channels_first" and lamina.backend.backend() != "torch":
        pytest.skip("channels_first is checked on torch only: on jax it costs another compile")
    lamina.utils.set_random_seed(0)
    x_train, y_train = _blob_images(8 * BATCH, seed=1, data_format=data_format)
    x_test, y_test = _blob_images(2 * BATCH, seed=2, data_format=data_format)
    model = _tiny_cnn(data_format)
    # Held-out loss and accuracy from an eager call, in NumPy: `evaluate` would compile a
    # second step on jax for no extra coverage.
    initial_loss, initial_accuracy = _loss_and_accuracy(model, x_test, y_test)

    history = model.fit(x_train, y_train, batch_size=BATCH, epochs=4, verbose=0).history
    loss, accuracy = _loss_and_accuracy(model, x_test, y_test)

    assert history["loss"][-1] < 0.5 * history["loss"][0]
    assert history["accuracy"][-1] > history["accuracy"][0]
    assert loss < 0.5 * initial_loss
    assert accuracy >= 0.9 and accuracy > initial_accuracy


def _loss_and_accuracy(model: lamina.Model, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Mean sparse categorical cross-entropy and accuracy of the model's softmax outputs."""
    probabilities = lamina.ops.convert_to_numpy(model(x)).astype("float64")
    probabilities = np.clip(probabilities, 1e-7, 1.0)  # As the Keras loss clips.
    loss = -np.mean(np.log(probabilities[np.arange(len(y)), y]))
    accuracy = np.mean(np.argmax(probabilities, axis=-1) == y)
    return float(loss), float(accuracy)
