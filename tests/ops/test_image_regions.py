"""crop_images, pad_images and extract_patches against NumPy slicing, padding and loops."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import lamina
from lamina.ops import image
from tests.support.op_check import check_op

RNG = np.random.default_rng(0)


def _spatial_axes(x, data_format):
    return (x.ndim - 3, x.ndim - 2) if data_format == "channels_last" else (x.ndim - 2, x.ndim - 1)


def _pad_reference(x, top, left, bottom, right, target_height, target_width, data_format):
    h, w = _spatial_axes(x, data_format)
    top = target_height - x.shape[h] - bottom if top is None else top
    bottom = target_height - x.shape[h] - top if bottom is None else bottom
    left = target_width - x.shape[w] - right if left is None else left
    right = target_width - x.shape[w] - left if right is None else right
    widths = [(0, 0)] * x.ndim
    widths[h], widths[w] = (top, bottom), (left, right)
    return np.pad(x, widths)


def _crop_reference(x, top, left, bottom, right, target_height, target_width, data_format):
    h, w = _spatial_axes(x, data_format)
    top = x.shape[h] - target_height - bottom if top is None else top
    left = x.shape[w] - target_width - right if left is None else left
    height = x.shape[h] - top - bottom if target_height is None else target_height
    width = x.shape[w] - left - right if target_width is None else target_width
    window = [slice(None)] * x.ndim
    window[h], window[w] = slice(top, top + height), slice(left, left + width)
    return x[tuple(window)]


# (top, left, bottom, right, target_height, target_width): each axis gives two of three.
REGIONS = [(1, 2, 0, 3, None, None), (None, 1, 2, None, 7, 8), (2, None, None, 0, 6, 5)]


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("region", REGIONS)
def test_pad_images_matches_numpy(region, data_format):
    x = RNG.normal(size=(2, 3, 4, 5)).astype("float32")
    check_op(image.pad_images, [x, *region, data_format], _pad_reference, expected_dtype="float32")
    single = RNG.integers(0, 9, (3, 4, 5)).astype("int32")
    check_op(image.pad_images, [single, *region, data_format], _pad_reference)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("region", [(1, 2, 0, 3, None, None), (None, 1, 2, None, 3, 4)])
def test_crop_images_matches_numpy(region, data_format):
    x = RNG.normal(size=(2, 6, 9, 9)).astype("float32")
    check_op(
        image.crop_images, [x, *region, data_format], _crop_reference, expected_dtype="float32"
    )
    single = RNG.integers(0, 9, (6, 9, 9)).astype("uint8")
    check_op(image.crop_images, [single, *region, data_format], _crop_reference)


def test_pad_and_crop_specs_with_unknown_sizes():
    x = lamina.SymbolicTensor((None, None, 6, 3), "float32")
    padded = image.pad_images(x, 1, 2, target_height=9, right_padding=0)
    assert padded.shape == (None, 9, 8, 3)
    cropped = image.crop_images(x, 1, 2, bottom_cropping=1, target_width=3)
    assert cropped.shape == (None, None, 3, 3)


def test_pad_and_crop_errors():
    x = np.zeros((4, 5, 3), "float32")
    with pytest.raises(ValueError, match="pad_images: give exactly two of top_padding"):
        image.pad_images(x, 1, 1, 1, 1, target_height=8)
    with pytest.raises(ValueError, match="pad_images: left_padding must be >= 0"):
        image.pad_images(x, 1, -1, 1, 1)
    with pytest.raises(ValueError, match="pad_images: top_padding would be -1"):
        image.pad_images(x, None, 1, 2, 1, target_height=5)
    with pytest.raises(ValueError, match="crop_images: give exactly two of left_cropping"):
        image.crop_images(x, 1, None, 1, None, target_width=None)
    with pytest.raises(ValueError, match="crop_images: target_height would be -1"):
        image.crop_images(x, 3, 0, 2, 0)
    with pytest.raises(ValueError, match="crop_images: expected images of rank 3"):
        image.crop_images(np.zeros((4, 5)), 1, 1, 1, 1)


def _patches_reference(x, size, strides=None, dilation_rate=1, padding="valid", data_format=None):
    rank = 2 if isinstance(size, int) else len(size)
    sizes = (size,) * rank if isinstance(size, int) else tuple(size)
    strides = sizes if strides is None else strides
    strides = (strides,) * rank if isinstance(strides, int) else tuple(strides)
    dilations = (dilation_rate,) * rank
    batched = x if x.ndim == rank + 2 else x[None]
    if data_format == "channels_first":
        batched = np.moveaxis(batched, 1, -1)
    spatial = batched.shape[1:-1]
    if padding == "same":
        outs = [-(-n // s) for n, s in zip(spatial, strides)]
        shapes = zip(outs, strides, sizes, dilations, spatial)
        totals = [max((o - 1) * s + (k - 1) * d + 1 - n, 0) for o, s, k, d, n in shapes]
        batched = np.pad(batched, [(0, 0), *[(t // 2, t - t // 2) for t in totals], (0, 0)])
    else:
        shapes = zip(spatial, sizes, dilations, strides)
        outs = [(n - (k - 1) * d - 1) // s + 1 for n, k, d, s in shapes]
    result = np.zeros((len(batched), *outs, int(np.prod(sizes)) * batched.shape[-1]), x.dtype)
    for position in itertools.product(*(range(o) for o in outs)):
        window = tuple(
            slice(p * s, p * s + (k - 1) * d + 1, d)
            for p, s, k, d in zip(position, strides, sizes, dilations)
        )
        patch = batched[(slice(None), *window, slice(None))]
        result[(slice(None), *position)] = patch.reshape(len(batched), -1)
    if data_format == "channels_first":
        result = np.moveaxis(result, -1, 1)
    return result if x.ndim == rank + 2 else result[0]


PATCH_CASES = [
    ((2, 7, 8, 3), 3, None, 1, "valid", "channels_last"),
    ((2, 7, 8, 3), (2, 3), (1, 2), 1, "same", "channels_first"),
    ((2, 7, 8, 3), (2, 2), 1, 2, "valid", "channels_last"),
    ((7, 8, 3), (3, 2), (2, 3), 1, "same", "channels_first"),
    ((2, 4, 5, 6, 2), (2, 3, 2), None, 1, "valid", "channels_first"),
    ((4, 5, 6, 2), (2, 2, 3), (1, 2, 2), 1, "same", "channels_last"),
]


@pytest.mark.parametrize(
    ("shape", "size", "strides", "dilation", "padding", "data_format"), PATCH_CASES
)
def test_extract_patches_matches_loops(shape, size, strides, dilation, padding, data_format):
    x = RNG.normal(size=shape).astype("float32")
    rank = 2 if isinstance(size, int) else len(size)
    if data_format == "channels_first":
        x = np.moveaxis(x, -1, 1 if len(shape) == rank + 2 else 0)
    kwargs = {"data_format": data_format}
    check_op(
        image.extract_patches, [x, size, strides, dilation, padding], _patches_reference, kwargs
    )


def test_extract_patches_keeps_integer_dtypes():
    x = RNG.integers(0, 100, (2, 6, 6, 2)).astype("int32")
    result = check_op(image.extract_patches, [x, 2], _patches_reference, expected_dtype="int32")
    assert result.shape == (2, 3, 3, 8)


def test_extract_patches_errors():
    x = np.zeros((2, 5, 5, 3), "float32")
    with pytest.raises(ValueError, match="extract_patches: size must be an int or a tuple"):
        image.extract_patches(x, (2, 2, 2, 2))
    with pytest.raises(ValueError, match="extract_patches: 3D patches need inputs of rank 4"):
        image.extract_patches(np.zeros((5, 5, 3)), (2, 2, 2))
    with pytest.raises(ValueError, match="extract_patches: patches spanning"):
        image.extract_patches(x, 6)
    with pytest.raises(ValueError, match="extract_patches: padding must be 'valid' or 'same'"):
        image.extract_patches(x, 2, padding="full")
