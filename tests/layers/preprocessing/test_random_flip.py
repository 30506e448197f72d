"""RandomFlip: identity in inference, flips per image in training, seeds, formats, errors."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import layers
from tests.layers.preprocessing.image_checks import (
    check_image_layer,
    image_batch,
    to_numpy,
    training_outputs,
)

_FLIP_AXES = {"horizontal": (2,), "vertical": (1,), "horizontal_and_vertical": (1, 2)}


def test_random_flip_basics():
    images = image_batch()
    check_image_layer(
        layers.RandomFlip,
        {"mode": "horizontal", "seed": 3},
        images,
        expected_output_shape=images.shape,
        inference_reference=lambda x: x,
    )


@pytest.mark.parametrize("mode", sorted(_FLIP_AXES))
def test_random_flip_training_flips_whole_images(mode):
    images, outputs = training_outputs(layers.RandomFlip(mode, seed=5), image_batch())
    flipped = np.flip(images, axis=_FLIP_AXES[mode])
    was_flipped = []
    for image, output, mirror in zip(images, outputs, flipped):
        assert np.array_equal(output, image) or np.array_equal(output, mirror)
        was_flipped.append(np.array_equal(output, mirror))
    assert 0 < sum(was_flipped) < len(was_flipped)


def test_random_flip_default_call_trains_and_repeats_with_a_seed():
    images = image_batch()
    layer = layers.RandomFlip("horizontal", seed=11)
    first, second = to_numpy(layer(images)), to_numpy(layer(images))
    assert not np.array_equal(first, images)
    assert not np.array_equal(first, second)


def test_random_flip_channels_first_and_single_image():
    images = np.moveaxis(image_batch(), -1, 1)  # (batch, channels, height, width)
    layer = layers.RandomFlip("vertical", seed=2, data_format="channels_first")
    outputs = to_numpy(layer(images, training=True))
    for image, output in zip(images, outputs):
        assert np.array_equal(output, image) or np.array_equal(output, image[:, ::-1, :])
    single = to_numpy(layer(images[0], training=True))
    assert np.array_equal(single, images[0]) or np.array_equal(single, images[0][:, ::-1, :])


def test_random_flip_casts_integer_images_to_floats():
    output = layers.RandomFlip(seed=1)(np.ones((1, 2, 2, 3), "uint8"))
    assert str(to_numpy(output).dtype) == "float32"


def test_random_flip_rejects_unknown_mode():
    with pytest.raises(ValueError, match="RandomFlip 'f': mode must be one of"):
        layers.RandomFlip("diagonal", name="f")


def test_random_flip_rejects_wrong_rank():
    with pytest.raises(ValueError, match=r"expects a batch of images \(rank 4\)"):
        layers.RandomFlip()(np.ones((2, 3), "float32"))


def test_random_flip_rejects_unknown_data_format():
    with pytest.raises(ValueError, match="data_format must be one of"):
        layers.RandomFlip(data_format="channels_middle")
