"""NumPy backend: shape manipulation, joining, splitting, tiling and padding."""

from __future__ import annotations

from typing import Any

import numpy as np

from lamina.backend.numpy.core import convert_to_tensor, promote


def _axis(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, list) else axis


def reshape(x: Any, newshape: Any) -> np.ndarray:
    return np.reshape(convert_to_tensor(x), newshape)


def transpose(x: Any, axes: Any = None) -> np.ndarray:
    return np.transpose(convert_to_tensor(x), axes)


def moveaxis(x: Any, source: Any, destination: Any) -> np.ndarray:
    return np.moveaxis(convert_to_tensor(x), source, destination)


def swapaxes(x: Any, axis1: int, axis2: int) -> np.ndarray:
    return np.swapaxes(convert_to_tensor(x), axis1, axis2)


def expand_dims(x: Any, axis: Any) -> np.ndarray:
    return np.expand_dims(convert_to_tensor(x), _axis(axis))


def squeeze(x: Any, axis: Any = None) -> np.ndarray:
    return np.squeeze(convert_to_tensor(x), _axis(axis))


def broadcast_to(x: Any, shape: tuple[int, ...]) -> np.ndarray:
    return np.broadcast_to(convert_to_tensor(x), shape)


def ravel(x: Any) -> np.ndarray:
    return np.ravel(convert_to_tensor(x))


def flip(x: Any, axis: Any = None) -> np.ndarray:
    return np.flip(convert_to_tensor(x), _axis(axis))


def roll(x: Any, shift: Any, axis: Any = None) -> np.ndarray:
    return np.roll(convert_to_tensor(x), shift, _axis(axis))


def copy(x: Any) -> np.ndarray:
    return np.array(convert_to_tensor(x), copy=True)


def concatenate(xs: Any, axis: int = 0) -> np.ndarray:
    return np.concatenate(promote(*xs), axis=axis)


def stack(x: Any, axis: int = 0) -> np.ndarray:
    return np.stack(promote(*x), axis=axis)


def hstack(xs: Any) -> np.ndarray:
    return np.hstack(promote(*xs))


def vstack(xs: Any) -> np.ndarray:
    return np.vstack(promote(*xs))


def split(x: Any, indices_or_sections: Any, axis: int = 0) -> list[np.ndarray]:
    return np.split(convert_to_tensor(x), indices_or_sections, axis=axis)


def array_split(x: Any, indices_or_sections: Any, axis: int = 0) -> list[np.ndarray]:
    return np.array_split(convert_to_tensor(x), indices_or_sections, axis=axis)


def tile(x: Any, repeats: Any) -> np.ndarray:
    return np.tile(convert_to_tensor(x), repeats)


def repeat(x: Any, repeats: Any, axis: Any = None) -> np.ndarray:
    return np.repeat(convert_to_tensor(x), np.asarray(repeats), axis=axis)


def pad(x: Any, pad_width: Any, mode: str = "constant", constant_values: Any = None) -> np.ndarray:
    x = convert_to_tensor(x)
    if mode == "constant":
        value = 0 if constant_values is None else constant_values
        return np.pad(x, pad_width, mode="constant", constant_values=value)
    return np.pad(x, pad_width, mode=mode)  # type: ignore[call-overload]
