"""resize, affine_transform and map_coordinates against loop and SciPy references, specs,
gradients and errors."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import ops
from lamina.ops import image
from tests.support.op_check import check_gradient, check_op

RNG = np.random.default_rng(0)
FORMATS = ["channels_last", "channels_first"]
# SciPy's names for the fill modes (its plain "constant" and "wrap" treat the edges differently).
SCIPY_MODES = {
    "constant": "grid-constant",
    "nearest": "nearest",
    "wrap": "grid-wrap",
    "mirror": "mirror",
    "reflect": "reflect",
}


def _kernel(method):
    if method == "bilinear":
        return lambda x: max(0.0, 1.0 - abs(x))
    if method == "bicubic":  # Keys, a = -0.5
        return lambda x: (
            1.5 * abs(x) ** 3 - 2.5 * abs(x) ** 2 + 1
            if abs(x) < 1
            else (-0.5 * abs(x) ** 3 + 2.5 * abs(x) ** 2 - 4 * abs(x) + 2 if abs(x) < 2 else 0.0)
        )
    radius = int(method[-1])
    return lambda x: float(np.sinc(x) * np.sinc(x / radius)) if abs(x) < radius else 0.0


def _resize_axis(x, axis, out, method, antialias):
    """Resizes one axis pixel by pixel: half-pixel centers, weights renormalized at the edges."""
    n = x.shape[axis]
    if n == out:
        return x
    scale = n / out
    rows = []
    for i in range(out):
        if method == "nearest":
            weights = np.eye(n)[(2 * i + 1) * n // (2 * out)]
        elif method == "area":  # the overlap of [i, i + 1) * scale with each input pixel
            weights = np.array(
                [max(0.0, min((i + 1) * scale, j + 1) - max(i * scale, j)) for j in range(n)]
            )
        else:
            width = max(scale, 1.0) if antialias else 1.0
            center = (i + 0.5) * scale - 0.5
            weights = np.array([_kernel(method)((center - j) / width) for j in range(n)])
        rows.append(np.tensordot(weights / weights.sum(), x, axes=([0], [axis])))
    return np.stack(rows, axis=axis)


def _resize_reference(
    x, size, interpolation="bilinear", antialias=False, data_format=None, **aspect_args
):
    last = data_format in (None, "channels_last")
    axes = (x.ndim - 3, x.ndim - 2) if last else (x.ndim - 2, x.ndim - 1)
    result = x.astype(np.float64)
    for axis, out in zip(axes, size):
        result = _resize_axis(result, axis, out, interpolation, antialias)
    return result.astype(x.dtype)


# Each method once, plus the paths a backend may treat apart: antialiased downsampling, and
# bicubic upsampling (torch's own kernel) vs downsampling (weight matrices).
RESIZE_CASES = [
    ("nearest", (3, 8), False),
    ("bilinear", (3, 8), False),
    ("bilinear", (10, 4), True),
    ("bicubic", (3, 8), False),
    ("bicubic", (3, 8), True),
    ("bicubic", (10, 8), False),
    ("lanczos3", (10, 4), True),
    ("lanczos5", (3, 8), False),
    ("area", (3, 8), False),
]


@pytest.mark.parametrize(("method", "size", "antialias"), RESIZE_CASES)
def test_resize_matches_pixel_loops(method, size, antialias):
    x = RNG.normal(size=(2, 5, 6, 3)).astype("float32")
    kwargs = {"interpolation": method, "antialias": antialias, "data_format": "channels_last"}
    check_op(image.resize, [x, size], _resize_reference, kwargs, "float32", 1e-5, 1e-5)


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("method", ["nearest", "bilinear", "bicubic"])
def test_resize_unbatched_and_channels_first(method, data_format):
    x = RNG.normal(size=(3, 5, 6)).astype("float32")
    kwargs = {"interpolation": method, "data_format": data_format}
    check_op(image.resize, [x, (4, 9)], _resize_reference, kwargs, "float32", 1e-5, 1e-5)


def test_resize_area_downsampling_by_two_is_a_block_mean():
    x = RNG.normal(size=(1, 4, 6, 2))
    y = ops.convert_to_numpy(image.resize(x, (2, 3), "area", data_format="channels_last"))
    np.testing.assert_allclose(y, x.reshape(1, 2, 2, 3, 2, 2).mean(axis=(2, 4)), atol=1e-12)


def test_resize_keeps_integer_dtypes():
    x = RNG.integers(0, 256, (5, 6, 3)).astype("uint8")
    nearest = image.resize(x, (3, 8), "nearest", data_format="channels_last")
    check_op(image.resize, [x, (3, 8)], _resize_reference, {"interpolation": "nearest"}, "uint8")
    smooth = image.resize(x, (3, 8), "bicubic", data_format="channels_last")
    assert ops.dtype(nearest) == ops.dtype(smooth) == "uint8"
    reference = _resize_reference(x.astype("float64"), (3, 8), "bicubic", False, "channels_last")
    expected = np.clip(np.round(reference), 0, 255)
    assert np.abs(ops.convert_to_numpy(smooth).astype(float) - expected).max() <= 1


@pytest.mark.parametrize("data_format", FORMATS)
def test_resize_crop_and_pad_to_aspect_ratio(data_format):
    x = RNG.normal(size=(2, 4, 9, 3)).astype("float32")
    if data_format == "channels_first":
        x = np.moveaxis(x, -1, 1)
    kwargs = {"data_format": data_format, "interpolation": "nearest"}
    h, w = (1, 2) if data_format == "channels_last" else (2, 3)

    def cropped(a, size, **kw):  # a centered 4 x 4 window: columns 2 to 5
        window = [slice(None)] * 4
        window[w] = slice(2, 6)
        return _resize_reference(a[tuple(window)], size, **kw)

    crop_kwargs = {**kwargs, "crop_to_aspect_ratio": True}
    check_op(image.resize, [x, (2, 2)], cropped, crop_kwargs, "float32")

    def padded(a, size, **kw):  # two rows of 0.5 above and below: 8 x 9, near 1:1
        widths = [(0, 0)] * 4
        widths[h] = (2, 2)
        return _resize_reference(np.pad(a, widths, constant_values=0.5), size, **kw)

    pad_kwargs = {**kwargs, "pad_to_aspect_ratio": True, "fill_value": 0.5}
    check_op(image.resize, [x, (3, 3)], padded, pad_kwargs, "float32")


def test_resize_gradient():
    x = RNG.normal(size=(1, 3, 4, 1))
    check_gradient(image.resize, [x, (5, 2)], {"data_format": "channels_last"})
    check_gradient(image.resize, [x, (2, 3)], {"interpolation": "bicubic", "antialias": True})


def test_resize_errors():
    x = np.zeros((4, 4, 3), "float32")
    with pytest.raises(ValueError, match="resize: interpolation must be one of"):
        image.resize(x, (2, 2), interpolation="cubic")
    with pytest.raises(ValueError, match=r"resize: size must be a \(height, width\) pair"):
        image.resize(x, (2, 2, 2))
    with pytest.raises(ValueError, match="resize: size must have a positive height"):
        image.resize(x, (0, 2))
    with pytest.raises(ValueError, match="resize: expected images of rank 3"):
        image.resize(np.zeros((4, 4)), (2, 2))
    with pytest.raises(ValueError, match="resize: only one of crop_to_aspect_ratio"):
        image.resize(x, (2, 2), crop_to_aspect_ratio=True, pad_to_aspect_ratio=True)
    with pytest.raises(ValueError, match="resize: fill_mode must be 'constant'"):
        image.resize(x, (2, 2), pad_to_aspect_ratio=True, fill_mode="reflect")


def _affine_reference(
    x, transform, interpolation="bilinear", fill_mode="constant", fill_value=0.0, data_format=None
):
    ndimage = pytest.importorskip("scipy.ndimage", reason="SciPy computes the reference")
    batched = x if x.ndim == 4 else x[None]
    if data_format == "channels_first":
        batched = np.moveaxis(batched, 1, -1)
    rows = np.broadcast_to(np.asarray(transform, np.float64).reshape(-1, 8), (len(batched), 8))
    result = np.empty(batched.shape, np.float64)
    for b, (a0, a1, a2, b0, b1, b2, _, _) in enumerate(rows):
        for c in range(batched.shape[-1]):
            result[b, ..., c] = ndimage.affine_transform(
                batched[b, ..., c].astype(np.float64),
                np.array([[b1, b0], [a1, a0]]),
                offset=(b2, a2),
                order=0 if interpolation == "nearest" else 1,
                mode=SCIPY_MODES[fill_mode],
                cval=fill_value,
            )
    if data_format == "channels_first":
        result = np.moveaxis(result, -1, 1)
    return (result if x.ndim == 4 else result[0]).astype(x.dtype)


# Rotation + zoom + shift, and shear + shift: no sample lands on a rounding tie.
TRANSFORMS = np.array(
    [[0.93, -0.31, 1.7, 0.29, 1.12, -1.3, 0, 0], [1.07, 0.41, -2.2, -0.13, 0.88, 2.6, 0, 0]]
)


@pytest.mark.parametrize("interpolation", ["nearest", "bilinear"])
@pytest.mark.parametrize("fill_mode", list(SCIPY_MODES))
def test_affine_transform_matches_scipy(fill_mode, interpolation):
    x = RNG.normal(size=(2, 6, 7, 3)).astype("float32")
    kwargs = {
        "interpolation": interpolation,
        "fill_mode": fill_mode,
        "fill_value": 0.5,
        "data_format": "channels_last",
    }
    check_op(
        image.affine_transform, [x, TRANSFORMS], _affine_reference, kwargs, "float32", 1e-5, 1e-5
    )


@pytest.mark.parametrize("data_format", FORMATS)
def test_affine_transform_unbatched_shared_and_integer(data_format):
    x = RNG.normal(size=(3, 6, 7)).astype("float32")
    kwargs = {"data_format": data_format, "fill_mode": "reflect"}
    check_op(
        image.affine_transform, [x, TRANSFORMS[0]], _affine_reference, kwargs, "float32", 1e-5, 1e-5
    )
    batch = RNG.integers(0, 256, (2, 3, 6, 7)).astype("uint8")
    kwargs = {"data_format": data_format, "interpolation": "nearest", "fill_value": 7}
    check_op(image.affine_transform, [batch, TRANSFORMS[1:]], _affine_reference, kwargs, "uint8")


def test_affine_transform_projective_rows():
    x = RNG.normal(size=(5, 6, 1))
    transform = np.array([1.1, 0.2, 0.3, -0.1, 0.9, 0.4, 0.02, -0.03])
    got = ops.convert_to_numpy(image.affine_transform(x, transform, data_format="channels_last"))
    cols, rows = np.meshgrid(np.arange(6.0), np.arange(5.0))
    k = 0.02 * cols - 0.03 * rows + 1
    source = [(-0.1 * cols + 0.9 * rows + 0.4) / k, (1.1 * cols + 0.2 * rows + 0.3) / k]
    ndimage = pytest.importorskip("scipy.ndimage", reason="SciPy computes the reference")
    expected = ndimage.map_coordinates(x[..., 0], source, order=1, mode="grid-constant")
    np.testing.assert_allclose(got[..., 0], expected, atol=1e-12)


def test_affine_transform_gradient():
    x = RNG.normal(size=(1, 4, 3, 2))
    kwargs = {"fill_mode": "constant", "data_format": "channels_last"}
    check_gradient(image.affine_transform, [x, TRANSFORMS[0]], kwargs)


def test_affine_transform_errors():
    x = np.zeros((2, 4, 4, 3), "float32")
    with pytest.raises(ValueError, match="affine_transform: interpolation must be 'nearest'"):
        image.affine_transform(x, TRANSFORMS, interpolation="bicubic")
    with pytest.raises(ValueError, match="affine_transform: fill_mode must be one of"):
        image.affine_transform(x, TRANSFORMS, fill_mode="edge")
    with pytest.raises(ValueError, match=r"affine_transform: expected a transform of shape \(8,\)"):
        image.affine_transform(x, np.zeros((3, 8)))
    with pytest.raises(ValueError, match="affine_transform: expected images of rank 3"):
        image.affine_transform(np.zeros((4, 4)), TRANSFORMS[0])


@pytest.mark.parametrize("order", [0, 1])
@pytest.mark.parametrize("fill_mode", list(SCIPY_MODES))
def test_map_coordinates_matches_scipy(fill_mode, order):
    ndimage = pytest.importorskip("scipy.ndimage", reason="SciPy computes the reference")
    x = RNG.normal(size=(5, 6)).astype("float32")
    coordinates = RNG.uniform(-4.0, 9.0, size=(2, 3, 7)).astype("float32")

    def reference(a, c, order, fill_mode, fill_value):
        mode = SCIPY_MODES[fill_mode]
        return ndimage.map_coordinates(a, c, order=order, mode=mode, cval=fill_value)

    check_op(
        image.map_coordinates,
        [x, coordinates, order, fill_mode, 1.5],
        reference,
        rtol=1e-5,
        atol=1e-5,
    )


def test_map_coordinates_rounds_half_away_from_zero_and_keeps_ints():
    x = np.arange(10, dtype="int32").reshape(1, 10) * 10
    coordinates = np.array([[0.0, 0.0, 0.0, 0.0], [2.5, 3.5, 0.25, -0.5]])
    nearest = image.map_coordinates(x, coordinates, 0, fill_mode="nearest")
    assert ops.convert_to_numpy(nearest).tolist() == [30, 40, 0, 0]
    linear = image.map_coordinates(x, coordinates, 1, fill_mode="constant", fill_value=-10)
    assert ops.dtype(linear) == "int32"
    assert ops.convert_to_numpy(linear).tolist() == [25, 35, 3, -5]


def test_map_coordinates_errors():
    x = np.zeros((4, 5), "float32")
    with pytest.raises(ValueError, match="map_coordinates: expected coordinates of shape"):
        image.map_coordinates(x, np.zeros((3, 2)), 1)
    with pytest.raises(ValueError, match="map_coordinates: order must be 0 or 1"):
        image.map_coordinates(x, np.zeros((2, 2)), 3)
    with pytest.raises(ValueError, match="map_coordinates: fill_mode must be one of"):
        image.map_coordinates(x, np.zeros((2, 2)), 1, fill_mode="grid-wrap")
