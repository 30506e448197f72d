"""UpSampling2D through check_layer against the direct-loop references (nearest-neighbour and
half-pixel bilinear), in both data formats with odd sizes; its gradient and errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers, ops
from tests.layers.pooling.pool_reference import layout, upsample_bilinear, upsample_nearest
from tests.support.layer_check import check_layer
from tests.support.op_check import check_gradient

REFERENCES = {"nearest": upsample_nearest, "bilinear": upsample_bilinear}


@pytest.mark.parametrize("interpolation", ["nearest", "bilinear"])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("size", [2, (3, 2), (1, 4)])
def test_up_sampling2d_matches_reference(size, data_format, interpolation):
    sizes = (size,) * 2 if isinstance(size, int) else size

    def reference(x, weights):
        return REFERENCES[interpolation](x, sizes, data_format)

    shape = layout(2, (5, 3), 3, data_format)
    layer = check_layer(
        layers.UpSampling2D,
        {"size": size, "data_format": data_format, "interpolation": interpolation},
        input_shape=shape,
        expected_output_shape=layout(2, (5 * sizes[0], 3 * sizes[1]), 3, data_format),
        expected_num_weights=0,
        reference=reference,
    )
    config = layer.get_config()
    assert (config["size"], config["interpolation"]) == (sizes, interpolation)


def test_up_sampling2d_keras_example():
    x = np.arange(12).reshape(2, 2, 1, 3)
    y = layers.UpSampling2D(size=(1, 2))(x)
    np.testing.assert_array_equal(ops.convert_to_numpy(y), np.repeat(x, 2, axis=2))


def test_up_sampling2d_bilinear_interpolates_integers_in_floatx():
    layer = layers.UpSampling2D((1, 2), interpolation="BILINEAR")
    y = layer(np.array([[[[0], [4]]]], "int32"))
    assert ops.dtype(y) == "float32"
    assert layer(lamina.SymbolicTensor((None, 1, 2, 1), "int32")).dtype == "float32"
    assert ops.convert_to_numpy(y)[0, 0, :, 0].tolist() == [0.0, 1.0, 3.0, 4.0]


def test_up_sampling2d_bilinear_gradient():
    layer = layers.UpSampling2D((2, 3), interpolation="bilinear", dtype="float64")

    def upsampled(inputs):
        return layer(inputs)

    check_gradient(upsampled, [np.random.default_rng(0).normal(size=(1, 3, 2, 2))])


@pytest.mark.parametrize("interpolation", ["bicubic", "area", None])
def test_up_sampling2d_rejects_unknown_interpolation(interpolation):
    match = r"UpSampling2D 'up': interpolation must be 'nearest' or 'bilinear', received "
    with pytest.raises(ValueError, match=match + repr(interpolation)):
        layers.UpSampling2D(interpolation=interpolation, name="up")


def _engine_bilinear(x, size):
    """The active engine's own bilinear resize of a channels-last batch (Keras's backends
    resize with these)."""
    if lamina.backend.backend() == "torch":
        import torch

        images = torch.as_tensor(np.moveaxis(x, -1, 1))
        out = torch.nn.functional.interpolate(
            images, scale_factor=size, mode="bilinear", align_corners=False
        )
        return np.moveaxis(out.numpy(), 1, -1)
    import jax

    shape = (x.shape[0], x.shape[1] * size[0], x.shape[2] * size[1], x.shape[3])
    return np.asarray(jax.image.resize(x, shape, method="bilinear"))


def test_up_sampling2d_bilinear_agrees_with_the_engine_resize():
    if lamina.backend.backend() == "numpy":
        pytest.skip("the numpy backend has no engine resize to compare with")
    x = np.random.default_rng(3).normal(size=(2, 5, 4, 3)).astype("float32")
    y = layers.UpSampling2D((3, 2), interpolation="bilinear")(x)
    np.testing.assert_allclose(ops.convert_to_numpy(y), _engine_bilinear(x, (3, 2)), atol=1e-5)
