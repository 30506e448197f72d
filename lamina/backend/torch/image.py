"""Torch backend: image ops (resize, affine_transform, map_coordinates).

Resizing uses `F.interpolate` where torch's kernel computes what `jax.image.resize` does:
"bilinear" (half-pixel centers, with or without antialiasing) and "bicubic" when antialiasing
or upsampling (torch's antialiased bicubic is Keys' a = -0.5 kernel with edge-normalized
weights). The other cases contract each spatial axis with the weight matrix of
`common.image_sampling`; "nearest" gathers the same indices on every backend. Sampling at
arbitrary coordinates is a gather of the one (order 0) or two (order 1) taps per axis: unlike
`grid_sample` it supports every fill mode and rounds half away from zero, as jax does.
"""

from __future__ import annotations

import itertools
from typing import Any

import torch
import torch.nn.functional as F

from lamina.backend.common.config import standardize_data_format
from lamina.backend.common.image_sampling import (
    affine_order,
    check_coordinates,
    check_fill_mode,
    check_images,
    check_resize_interpolation,
    expand_like,
    fix_index,
    is_downsampling,
    nearest_indices,
    resize_weights,
)
from lamina.backend.torch.core import convert_to_tensor

_INT_DTYPES = (torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64)


def _to_batched_first(x: torch.Tensor, data_format: str) -> tuple[torch.Tensor, bool]:
    """NCHW view of `x` (a permutation, no copy)."""
    batched = x.ndim == 4
    if not batched:
        x = x.unsqueeze(0)
    if data_format == "channels_last":
        x = x.permute(0, 3, 1, 2)
    return x, batched


def _from_batched_first(x: torch.Tensor, batched: bool, data_format: str) -> torch.Tensor:
    if data_format == "channels_last":
        x = x.permute(0, 2, 3, 1)
    return x if batched else x.squeeze(0)


def _compute_dtype(*dtypes: torch.dtype) -> torch.dtype:
    return torch.float64 if torch.float64 in dtypes else torch.float32


def _cast_back(x: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    if dtype in _INT_DTYPES or dtype == torch.bool:
        x = _round_half_away(x)
        if dtype in _INT_DTYPES:
            info = torch.iinfo(dtype)
            x = x.clamp(info.min, info.max)
    return x.to(dtype)


def _round_half_away(x: torch.Tensor) -> torch.Tensor:
    whole = torch.trunc(x)
    return torch.where((x - whole).abs() == 0.5, whole + torch.sign(x), torch.round(x))


def resize(
    images: Any,
    size: Any,
    interpolation: str = "bilinear",
    antialias: bool = False,
    data_format: str | None = None,
) -> torch.Tensor:
    data_format = standardize_data_format(data_format)
    interpolation = check_resize_interpolation("resize", interpolation)
    x = convert_to_tensor(images)
    check_images("resize", x)
    dtype = x.dtype
    x, batched = _to_batched_first(x, data_format)
    in_size = (int(x.shape[2]), int(x.shape[3]))
    out_size = (int(size[0]), int(size[1]))
    if interpolation == "nearest":
        rows = _nearest_tensor(in_size[0], out_size[0], x.device)
        cols = _nearest_tensor(in_size[1], out_size[1], x.device)
        result = x.index_select(2, rows).index_select(3, cols)
        return _from_batched_first(result, batched, data_format)
    x = x.to(_compute_dtype(dtype))
    if interpolation == "bilinear" or (
        interpolation == "bicubic"
        and (antialias or not is_downsampling(in_size, out_size))
        and in_size != out_size
    ):
        result = F.interpolate(
            x,
            size=out_size,
            mode=interpolation,
            align_corners=False,
            antialias=bool(antialias) or interpolation == "bicubic",
        )
    else:
        result = _resize_by_weights(x, in_size, out_size, interpolation, bool(antialias))
    return _from_batched_first(_cast_back(result, dtype), batched, data_format)


# The host-side tables are NumPy: torch.compile must not trace into them (a graph break).
@torch.compiler.disable
def _nearest_tensor(in_size: int, out_size: int, device: torch.device) -> torch.Tensor:
    return torch.from_numpy(nearest_indices(in_size, out_size).copy()).to(device)


@torch.compiler.disable
def _weights_tensor(
    in_size: int, out_size: int, interpolation: str, antialias: bool, like: torch.Tensor
) -> torch.Tensor | None:
    weights = resize_weights(in_size, out_size, interpolation, antialias)
    if weights is None:
        return None
    return torch.from_numpy(weights.copy()).to(device=like.device, dtype=like.dtype)


def _resize_by_weights(
    x: torch.Tensor,
    in_size: tuple[int, int],
    out_size: tuple[int, int],
    interpolation: str,
    antialias: bool,
) -> torch.Tensor:
    rows = _weights_tensor(in_size[0], out_size[0], interpolation, antialias, x)
    if rows is not None:
        x = torch.einsum("oh,nchw->ncow", rows, x)
    cols = _weights_tensor(in_size[1], out_size[1], interpolation, antialias, x)
    if cols is not None:
        x = torch.einsum("pw,nchw->nchp", cols, x)
    return x


def _taps(coordinate: torch.Tensor, order: int) -> list[tuple[torch.Tensor, Any]]:
    """The (integer index, weight) pairs that interpolate at `coordinate` along one axis."""
    if order == 0:
        return [(_round_half_away(coordinate).long(), None)]
    lower = torch.floor(coordinate)
    upper_weight = coordinate - lower
    index = lower.long()
    return [(index, 1.0 - upper_weight), (index + 1, upper_weight)]


def _blend(
    gather: Any,
    taps: list[list[tuple[torch.Tensor, Any]]],
    sizes: tuple[int, ...],
    fill_mode: str,
    fill_value: torch.Tensor,
    compute: torch.dtype,
) -> torch.Tensor:
    """Sums weight * `gather(fixed indices)` over every combination of per-axis taps."""
    result: Any = None
    for combination in itertools.product(*taps):
        indices = [fix_index(index, n, fill_mode) for (index, _), n in zip(combination, sizes)]
        value = gather(indices)
        if fill_mode == "constant":
            inside = [(index >= 0) & (index < n) for (index, _), n in zip(combination, sizes)]
            mask = torch.stack(inside).all(dim=0)
            value = torch.where(expand_like(mask, value), value, fill_value)
        weights = [w for _, w in combination if w is not None]
        if weights:
            weight = torch.stack(weights).prod(dim=0)
            value = expand_like(weight, value) * value.to(compute)
        result = value if result is None else result + value
    return result


def map_coordinates(
    inputs: Any, coordinates: Any, order: int, fill_mode: str = "constant", fill_value: Any = 0
) -> torch.Tensor:
    fill_mode = check_fill_mode("map_coordinates", fill_mode)
    x = convert_to_tensor(inputs)
    coords = [convert_to_tensor(c).to(x.device) for c in coordinates]
    check_coordinates(x, coords, order)
    compute = _compute_dtype(x.dtype, *(c.dtype for c in coords))
    taps = [_taps(c.to(compute), order) for c in coords]
    fill = torch.as_tensor(fill_value, device=x.device).to(x.dtype)
    result = _blend(lambda idx: x[tuple(idx)], taps, tuple(x.shape), fill_mode, fill, compute)
    return _cast_back(result, x.dtype)


def affine_transform(
    images: Any,
    transform: Any,
    interpolation: str = "bilinear",
    fill_mode: str = "constant",
    fill_value: Any = 0,
    data_format: str | None = None,
) -> torch.Tensor:
    data_format = standardize_data_format(data_format)
    order = affine_order(interpolation)
    fill_mode = check_fill_mode("affine_transform", fill_mode)
    x = convert_to_tensor(images)
    check_images("affine_transform", x)
    dtype = x.dtype
    x, batched = _to_batched_first(x, data_format)
    batch, channels, height, width = (int(d) for d in x.shape)
    x = x.permute(0, 2, 3, 1)  # gathers pick whole pixels: channels last
    transform = convert_to_tensor(transform).to(x.device)
    compute = _compute_dtype(dtype, transform.dtype)
    rows, cols = _source_coordinates(transform.to(compute), height, width)
    rows = rows.expand(batch, height, width)
    cols = cols.expand(batch, height, width)
    flat = x.reshape(batch, height * width, channels)
    batch_index = torch.arange(batch, device=x.device)[:, None, None]

    def gather(indices: list[torch.Tensor]) -> torch.Tensor:
        return flat[batch_index, indices[0] * width + indices[1]]

    taps = [_taps(rows, order), _taps(cols, order)]
    fill = torch.as_tensor(fill_value, device=x.device).to(dtype)
    result = _blend(gather, taps, (height, width), fill_mode, fill, compute)
    result = _cast_back(result, dtype).permute(0, 3, 1, 2)
    return _from_batched_first(result, batched, data_format)


def _source_coordinates(
    transform: torch.Tensor, height: int, width: int
) -> tuple[torch.Tensor, torch.Tensor]:
    """Input (row, col) sampled by each output pixel: `(batch or 1, height, width)` each."""
    transform = transform.reshape(-1, 8)[:, :, None, None]
    y = torch.arange(height, dtype=transform.dtype, device=transform.device)[:, None]
    x = torch.arange(width, dtype=transform.dtype, device=transform.device)[None, :]
    a0, a1, a2, b0, b1, b2, c0, c1 = (transform[:, i] for i in range(8))
    k = c0 * x + c1 * y + 1.0
    return (b0 * x + b1 * y + b2) / k, (a0 * x + a1 * y + a2) / k
