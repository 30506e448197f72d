"""Checks shared by the image preprocessing layer tests: symbolic shapes, inference against a
NumPy reference (batched and single images), config round trip, use inside models, and
reproducible training-mode results from an int seed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import lamina
from lamina import ops

#: The image shape of the geometric (affine) tests: jax compiles one warp per shape and setting.
GEOMETRY_SHAPE = (2, 5, 5, 3)


def to_numpy(x: Any) -> np.ndarray:
    return np.asarray(ops.convert_to_numpy(x))


def image_batch(shape: tuple = (4, 6, 6, 3), seed: int = 0, high: float = 255.0) -> np.ndarray:
    """Random float32 pixels in [0, high)."""
    return (np.random.default_rng(seed).uniform(size=shape) * high).astype("float32")


def training_outputs(layer: Any, images: np.ndarray, calls: int = 3) -> tuple:
    """Calls `layer` on `images` in training mode `calls` times (fresh draws each time, same
    shapes for jax); returns `(inputs, outputs)`, each the batches stacked along axis 0."""
    outputs = [to_numpy(layer(images, training=True)) for _ in range(calls)]
    return np.concatenate([images] * calls), np.concatenate(outputs)


def check_image_layer(
    layer_cls: Callable[..., Any],
    init_kwargs: dict,
    images: np.ndarray,
    expected_output_shape: tuple,
    inference_reference: Callable[[np.ndarray], np.ndarray],
    atol: float = 1e-4,
) -> Any:
    """Runs the shared checks on `layer_cls(**init_kwargs)`; returns the layer."""
    layer = layer_cls(**init_kwargs)
    symbolic = layer(lamina.Input(images.shape[1:]))
    assert tuple(symbolic.shape) == (None, *expected_output_shape[1:])
    assert tuple(layer.compute_output_shape(images.shape)) == tuple(expected_output_shape)
    assert layer.weights == []

    expected = inference_reference(images)
    output = layer(images, training=False)
    assert ops.dtype(output) == symbolic.dtype
    np.testing.assert_allclose(to_numpy(output), expected, atol=atol, rtol=1e-5)
    single = layer(images[0], training=False)
    np.testing.assert_allclose(to_numpy(single), expected[0], atol=atol, rtol=1e-5)

    clone = type(layer).from_config(layer.get_config())
    assert clone.get_config() == {**layer.get_config(), "name": clone.name}
    np.testing.assert_allclose(to_numpy(clone(images, training=False)), expected, atol=atol)

    model = lamina.Sequential([lamina.Input(images.shape[1:]), layer])
    np.testing.assert_allclose(to_numpy(model(images, training=False)), expected, atol=atol)
    if "seed" in init_kwargs:
        first, second = layer_cls(**init_kwargs), layer_cls(**init_kwargs)
        a1, a2 = to_numpy(first(images, training=True)), to_numpy(first(images, training=True))
        np.testing.assert_array_equal(a1, to_numpy(second(images, training=True)))
        np.testing.assert_array_equal(a2, to_numpy(second(images, training=True)))
    return layer
