"""conv_transpose vs scatter-add loops and as the adjoint of conv; shapes, gradients, errors."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import ops
from tests.ops.conv_reference import conv_reference, from_last, to_last, transpose_valid_reference
from tests.support.op_check import check_gradient, check_op

RNG = np.random.default_rng(0)
FORMATS = ["channels_last", "channels_first"]


def _input(spatial, channels, data_format, batch=2):
    x = RNG.normal(size=(batch, *spatial, channels)).astype("float32")
    return from_last(x, data_format)


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize(
    ("spatial", "kernel_spatial", "strides", "output_padding", "dilation_rate"),
    [
        ((4,), (3,), 2, None, 1),
        ((3,), (2,), 3, None, 1),
        ((4,), (3,), 2, 1, 1),
        ((3, 4), (2, 3), (2, 1), None, (1, 2)),
        ((2, 3, 2), (2, 2, 2), 2, (1, 0, 1), 1),
    ],
)
def test_conv_transpose_valid_matches_scatter_add(
    data_format, spatial, kernel_spatial, strides, output_padding, dilation_rate
):
    x = _input(spatial, 3, data_format)
    kernel = RNG.normal(size=(*kernel_spatial, 2, 3)).astype("float32")

    def reference(a, k, strides, padding, output_padding, data_format, dilation_rate):
        result = transpose_valid_reference(
            to_last(a, data_format), k, strides, output_padding, dilation_rate
        )
        return from_last(result, data_format)

    kwargs = {
        "strides": strides,
        "padding": "valid",
        "output_padding": output_padding,
        "data_format": data_format,
        "dilation_rate": dilation_rate,
    }
    check_op(ops.conv_transpose, [x, kernel], reference, kwargs, "float32", 1e-4, 1e-5)


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize(
    ("spatial", "kernel_spatial", "strides", "padding", "output_padding"),
    [
        ((4,), (3,), 2, "same", None),
        ((4,), (4,), 2, "same", None),
        ((5,), (3,), 3, "same", 1),
        ((3,), (2,), 2, "same", 1),
        ((3, 4), (3, 2), (2, 1), "same", None),
        ((3, 2), (3, 2), 2, "valid", None),
        ((2, 2, 3), (2, 3, 2), (1, 2, 2), "same", None),
    ],
)
def test_conv_transpose_is_adjoint_of_conv(
    data_format, spatial, kernel_spatial, strides, padding, output_padding
):
    # <conv_transpose(y), x> == <y, conv(x)> for the same kernel, strides and padding.
    y = _input(spatial, 3, data_format).astype("float64")
    kernel = RNG.normal(size=(*kernel_spatial, 2, 3))
    kwargs = {"strides": strides, "padding": padding, "data_format": data_format}
    result = ops.convert_to_numpy(
        ops.conv_transpose(y, kernel, output_padding=output_padding, **kwargs)
    )
    x = RNG.normal(size=result.shape)
    forward = conv_reference(x, kernel, **kwargs)
    assert forward.shape == y.shape
    np.testing.assert_allclose(np.vdot(result, x), np.vdot(y, forward), rtol=1e-9)


@pytest.mark.parametrize(
    ("length", "size", "strides", "padding", "output_padding", "dilation_rate", "expected"),
    [
        (4, 3, 2, "same", None, 1, 8),
        (4, 3, 2, "valid", None, 1, 9),
        (4, 3, 2, "valid", 1, 1, 10),
        (4, 3, 2, "same", 1, 1, 8),
        (4, 2, 3, "valid", None, 1, 12),
        (4, 4, 2, "same", 0, 1, 6),
        (4, 3, 1, "valid", None, 2, 8),
    ],
)
def test_conv_transpose_output_length_follows_keras(
    length, size, strides, padding, output_padding, dilation_rate, expected
):
    x = np.ones((1, length, 1), "float32")
    kernel = np.ones((size, 1, 1), "float32")
    result = ops.conv_transpose(
        x, kernel, strides, padding, output_padding, "channels_last", dilation_rate
    )
    assert tuple(ops.shape(result)) == (1, expected, 1)


def test_conv_transpose_dtypes():
    x = RNG.integers(-3, 4, (1, 3, 2)).astype("int32")
    kernel = RNG.integers(-3, 4, (2, 4, 2)).astype("int32")
    kwargs = {"strides": 2, "data_format": "channels_last"}

    def reference(a, k, strides, data_format):
        return transpose_valid_reference(a, k.astype(np.float64), strides)

    check_op(ops.conv_transpose, [x, kernel], reference, kwargs, "float32")
    check_op(
        ops.conv_transpose,
        [x.astype("float16"), kernel.astype("float16")],
        reference,
        kwargs,
        "float16",
    )


def test_conv_transpose_gradient():
    x = RNG.normal(size=(1, 2, 3, 2))
    kernel = RNG.normal(size=(3, 2, 2, 2))
    kwargs = {"strides": 2, "padding": "same", "data_format": "channels_last"}
    check_gradient(ops.conv_transpose, [x, kernel], kwargs, argnums=(0, 1))


def test_conv_transpose_gradient_with_crop_fallback():
    # output_padding past torch's limit (stride) takes the crop-and-pad path there.
    x = RNG.normal(size=(1, 2, 3))
    kernel = RNG.normal(size=(2, 2, 2))
    kwargs = {"strides": 1, "output_padding": 2, "data_format": "channels_first"}
    check_gradient(ops.conv_transpose, [x, kernel], kwargs, argnums=(0, 1))


def test_conv_transpose_rejects_channel_mismatch():
    message = r"conv_transpose: the input has 3 channels .* \(kernel shape \(2, 4, 2\),"
    with pytest.raises(ValueError, match=message):
        ops.conv_transpose(np.ones((1, 5, 3)), np.ones((2, 4, 2)), data_format="channels_last")


def test_conv_transpose_rejects_wrong_ranks():
    with pytest.raises(ValueError, match=r"conv_transpose: expected inputs of rank 3, 4 or 5"):
        ops.conv_transpose(np.ones((5, 3)), np.ones((2, 4, 3)))
    with pytest.raises(
        ValueError, match=r"conv_transpose: expected a kernel of rank 3 .* \(4, 3\)"
    ):
        ops.conv_transpose(np.ones((1, 5, 3)), np.ones((4, 3)), data_format="channels_last")


def test_conv_transpose_rejects_bad_output_padding():
    message = r"conv_transpose: output_padding must be None, a non-negative int .* \(1, 1\)"
    with pytest.raises(ValueError, match=message):
        ops.conv_transpose(
            np.ones((1, 5, 3)),
            np.ones((2, 4, 3)),
            output_padding=(1, 1),
            data_format="channels_last",
        )
