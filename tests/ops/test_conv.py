"""conv, depthwise_conv and separable_conv against loop references, specs, gradients, errors."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.signal

import lamina
from lamina import ops
from tests.ops.conv_reference import conv_reference, depthwise_reference
from tests.support.op_check import check_gradient, check_op

RNG = np.random.default_rng(0)
FORMATS = ["channels_last", "channels_first"]


def _input(spatial, channels, data_format, batch=2, dtype="float32"):
    shape = (batch, *spatial, channels)
    if data_format == "channels_first":
        shape = (batch, channels, *spatial)
    return RNG.normal(size=shape).astype(dtype)


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize(
    ("spatial", "kernel_spatial", "strides", "padding", "dilation_rate"),
    [
        ((7,), (3,), 1, "valid", 1),
        ((8,), (4,), 2, "same", 1),
        ((9,), (3,), 1, "same", 2),
        ((5, 6), (2, 2), 1, "same", 1),
        ((7, 5), (3, 2), (2, 1), "valid", 1),
        ((6, 7), (3, 3), 1, "valid", (2, 1)),
        ((5, 5), (4, 3), 3, "same", 1),
        ((4, 5, 3), (2, 3, 2), (1, 2, 1), "same", 1),
        ((5, 4, 4), (3, 2, 2), 1, "valid", (2, 1, 1)),
    ],
)
def test_conv_matches_loops(data_format, spatial, kernel_spatial, strides, padding, dilation_rate):
    x = _input(spatial, 3, data_format)
    kernel = RNG.normal(size=(*kernel_spatial, 3, 4)).astype("float32")
    kwargs = {
        "strides": strides,
        "padding": padding,
        "data_format": data_format,
        "dilation_rate": dilation_rate,
    }
    check_op(ops.conv, [x, kernel], conv_reference, kwargs, "float32", rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize(("channels", "group_channels", "out_channels"), [(4, 2, 6), (6, 1, 6)])
def test_grouped_conv_matches_loops(data_format, channels, group_channels, out_channels):
    x = _input((6, 5), channels, data_format)
    kernel = RNG.normal(size=(3, 2, group_channels, out_channels)).astype("float32")
    kwargs = {"padding": "same", "data_format": data_format}
    check_op(ops.conv, [x, kernel], conv_reference, kwargs, "float32", rtol=1e-4, atol=1e-5)


def test_conv_matches_scipy_correlate():
    image = RNG.normal(size=(6, 7))
    kernel = RNG.normal(size=(3, 2))
    result = ops.conv(
        image[None, :, :, None], kernel[:, :, None, None], data_format="channels_last"
    )
    expected = scipy.signal.correlate(image, kernel, mode="valid")
    np.testing.assert_allclose(ops.convert_to_numpy(result)[0, :, :, 0], expected, rtol=1e-10)


@pytest.mark.parametrize(
    ("dtype", "kernel_dtype", "expected", "tolerance"),
    [
        ("float16", "float16", "float16", 1e-2),
        ("bfloat16", "bfloat16", "bfloat16", 5e-2),
        ("float64", "float64", "float64", 1e-10),
        ("int32", "int32", "float32", 1e-5),
        ("float16", "float32", "float32", 1e-5),
    ],
)
def test_conv_dtypes(dtype, kernel_dtype, expected, tolerance):
    import ml_dtypes

    def make(shape, name):
        values = RNG.integers(-3, 4, shape).astype("float64")
        return values.astype(ml_dtypes.bfloat16 if name == "bfloat16" else name)

    x, kernel = make((1, 5, 4, 2), dtype), make((2, 2, 2, 3), kernel_dtype)
    check_op(
        ops.conv,
        [x, kernel],
        lambda a, k, **kw: conv_reference(a.astype(np.float64), k.astype(np.float64), **kw),
        {"padding": "same", "data_format": "channels_last"},
        expected,
        rtol=tolerance,
        atol=tolerance,
    )


def test_conv_uses_global_data_format():
    x = _input((5,), 2, "channels_first")
    kernel = RNG.normal(size=(2, 2, 3)).astype("float32")
    previous = lamina.backend.image_data_format()
    lamina.backend.set_image_data_format("channels_first")
    try:
        result = ops.convert_to_numpy(ops.conv(x, kernel))
    finally:
        lamina.backend.set_image_data_format(previous)
    expected = conv_reference(x, kernel, data_format="channels_first")
    np.testing.assert_allclose(result, expected, rtol=1e-4, atol=1e-5)


def test_conv_empty_batch():
    x = np.zeros((0, 5, 5, 2), "float32")
    kernel = RNG.normal(size=(3, 3, 2, 4)).astype("float32")
    check_op(ops.conv, [x, kernel], conv_reference, {"data_format": "channels_last"})


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize(
    ("spatial", "kernel_spatial", "strides", "padding", "dilation_rate"),
    [
        ((7,), (3,), 2, "same", 1),
        ((6, 5), (2, 2), 1, "same", 1),
        ((7, 6), (3, 3), 1, "valid", 2),
        ((4, 4, 3), (2, 2, 2), 2, "valid", 1),
    ],
)
def test_depthwise_conv_matches_loops(
    data_format, spatial, kernel_spatial, strides, padding, dilation_rate
):
    x = _input(spatial, 3, data_format)
    kernel = RNG.normal(size=(*kernel_spatial, 3, 2)).astype("float32")
    kwargs = {
        "strides": strides,
        "padding": padding,
        "data_format": data_format,
        "dilation_rate": dilation_rate,
    }
    check_op(ops.depthwise_conv, [x, kernel], depthwise_reference, kwargs, "float32", 1e-4, 1e-5)


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize(
    ("spatial", "strides", "padding"), [((7,), 1, "valid"), ((6, 5), 2, "same")]
)
def test_separable_conv_matches_loops(data_format, spatial, strides, padding):
    rank = len(spatial)
    x = _input(spatial, 3, data_format)
    depthwise = RNG.normal(size=(*(3,) * rank, 3, 2)).astype("float32")
    pointwise = RNG.normal(size=(*(1,) * rank, 6, 4)).astype("float32")

    def reference(a, dk, pk, strides, padding, data_format):
        hidden = depthwise_reference(a, dk, strides, padding, data_format)
        return conv_reference(hidden, pk, data_format=data_format)

    kwargs = {"strides": strides, "padding": padding, "data_format": data_format}
    check_op(
        ops.separable_conv, [x, depthwise, pointwise], reference, kwargs, "float32", 1e-4, 1e-5
    )


def test_conv_gradient():
    x = RNG.normal(size=(1, 4, 3, 2))
    kernel = RNG.normal(size=(2, 2, 2, 2))
    kwargs = {"strides": 2, "padding": "same", "data_format": "channels_last"}
    check_gradient(ops.conv, [x, kernel], kwargs, argnums=(0, 1))


def test_grouped_conv_gradient_channels_first():
    x = RNG.normal(size=(1, 4, 5))
    kernel = RNG.normal(size=(3, 2, 4))
    kwargs = {"padding": "same", "data_format": "channels_first", "dilation_rate": 2}
    check_gradient(ops.conv, [x, kernel], kwargs, argnums=(0, 1))


def test_depthwise_and_separable_gradients():
    x = RNG.normal(size=(1, 5, 2))
    depthwise = RNG.normal(size=(2, 2, 2))
    pointwise = RNG.normal(size=(1, 4, 3))
    kwargs = {"padding": "same", "data_format": "channels_last"}
    check_gradient(ops.depthwise_conv, [x, depthwise], kwargs, argnums=(0, 1))
    check_gradient(ops.separable_conv, [x, depthwise, pointwise], kwargs, argnums=(0, 1, 2))


def test_conv_rejects_kernel_larger_than_valid_input():
    x, kernel = np.ones((1, 3, 3, 1), "float32"), np.ones((4, 2, 1, 1), "float32")
    message = r"conv: the window's \(dilated\) spatial size \(4, 2\) is larger than the input's"
    with pytest.raises(ValueError, match=message):
        ops.conv(x, kernel, data_format="channels_last")
    with pytest.raises(ValueError, match=r"spatial size \(5, 3\)"):
        ops.conv(x, np.ones((3, 2, 1, 1)), dilation_rate=2, data_format="channels_last")


def test_conv_rejects_wrong_ranks():
    with pytest.raises(ValueError, match=r"conv: expected inputs of rank 3, 4 or 5 .* \(4, 3\)"):
        ops.conv(np.ones((4, 3)), np.ones((1, 3, 2)))
    with pytest.raises(ValueError, match=r"conv: expected a kernel of rank 4 .* \(3, 3, 2\)"):
        ops.conv(np.ones((1, 5, 5, 3)), np.ones((3, 3, 2)), data_format="channels_last")


def test_conv_rejects_channel_mismatch():
    message = r"conv: the input's 3 channels \(inputs shape \(1, 5, 5, 3\), channels_last\)"
    with pytest.raises(ValueError, match=message):
        ops.conv(np.ones((1, 5, 5, 3)), np.ones((3, 3, 2, 4)), data_format="channels_last")
    with pytest.raises(ValueError, match=r"conv: the input's 4 channels .* \(3, 3, 2, 3\)"):
        ops.conv(np.ones((1, 5, 5, 4)), np.ones((3, 3, 2, 3)), data_format="channels_last")
    symbolic = lamina.SymbolicTensor((None, 3, 5, 5))
    with pytest.raises(ValueError, match=r"conv: the input's 3 channels .* channels_first"):
        ops.conv(symbolic, np.ones((3, 3, 2, 4)), data_format="channels_first")


def test_conv_rejects_bad_arguments():
    x, kernel = np.ones((1, 5, 1), "float32"), np.ones((2, 1, 1), "float32")
    with pytest.raises(ValueError, match=r"conv: strides must be a positive int .* \(1, 2\)"):
        ops.conv(x, kernel, strides=(1, 2), data_format="channels_last")
    with pytest.raises(ValueError, match=r"conv: dilation_rate must be a positive int .* 0"):
        ops.conv(x, kernel, dilation_rate=0, data_format="channels_last")
    with pytest.raises(ValueError, match=r"conv: padding must be 'valid' or 'same'.*'full'"):
        ops.conv(x, kernel, padding="full", data_format="channels_last")


def test_depthwise_conv_rejects_channel_mismatch():
    message = r"depthwise_conv: the input has 2 channels .* \(kernel shape \(2, 1, 2\)\)"
    with pytest.raises(ValueError, match=message):
        ops.depthwise_conv(np.ones((1, 3, 2)), np.ones((2, 1, 2)), data_format="channels_last")
    message = r"depthwise_conv: expected a depthwise kernel of rank 3 .* \(2, 2\)"
    with pytest.raises(ValueError, match=message):
        ops.depthwise_conv(np.ones((1, 3, 2)), np.ones((2, 2)), data_format="channels_last")


def test_separable_conv_rejects_bad_pointwise_kernel():
    x, depthwise = np.ones((1, 5, 2)), np.ones((2, 2, 3))
    message = r"separable_conv: expected a pointwise kernel of shape \(1, 6, 4\) .* \(1, 5, 4\)"
    with pytest.raises(ValueError, match=message):
        ops.separable_conv(x, depthwise, np.ones((1, 5, 4)), data_format="channels_last")
    with pytest.raises(ValueError, match=r"of shape \(1, 6, 4\) .* received \(2, 6, 4\)"):
        ops.separable_conv(x, depthwise, np.ones((2, 6, 4)), data_format="channels_last")
