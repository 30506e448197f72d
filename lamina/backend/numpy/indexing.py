"""NumPy backend: gathers, selection, sorting and `x[key]`."""

from __future__ import annotations

from typing import Any

import numpy as np

from lamina.backend.common.variables import Variable
from lamina.backend.numpy.core import convert_to_tensor, promote


def _bool(x: Any) -> np.ndarray:
    x = convert_to_tensor(x)
    return x if x.dtype == np.bool_ else x != 0


def take(x: Any, indices: Any, axis: Any = None) -> np.ndarray:
    return np.asarray(np.take(convert_to_tensor(x), convert_to_tensor(indices), axis=axis))


def take_along_axis(x: Any, indices: Any, axis: Any = None) -> np.ndarray:
    x = convert_to_tensor(x)
    return np.take_along_axis(x, convert_to_tensor(indices), axis=axis)


def where(condition: Any, x1: Any = None, x2: Any = None) -> np.ndarray:
    x1, x2 = promote(x1, x2)
    return np.asarray(np.where(_bool(condition), x1, x2))


def select(condlist: Any, choicelist: Any, default: Any = 0) -> np.ndarray:
    *choices, default = promote(*choicelist, default)
    return np.asarray(np.select([_bool(c) for c in condlist], choices, default))


def sort(x: Any, axis: Any = -1) -> np.ndarray:
    return np.sort(convert_to_tensor(x), axis=axis)


def argsort(x: Any, axis: Any = -1) -> np.ndarray:
    return np.argsort(convert_to_tensor(x), axis=axis, kind="stable").astype(np.int32)


def searchsorted(sorted_sequence: Any, values: Any, side: str = "left") -> np.ndarray:
    sorted_sequence, values = promote(sorted_sequence, values)
    result = np.searchsorted(sorted_sequence, values, side=side)  # type: ignore[call-overload]
    return np.asarray(result, dtype=np.int32)


def _key_entry(entry: Any) -> Any:
    if isinstance(entry, Variable):
        return entry.value
    if isinstance(entry, list):
        return np.asarray(entry)
    return entry


def get_item(x: Any, key: Any) -> np.ndarray:
    x = convert_to_tensor(x)
    if isinstance(key, tuple):
        key = tuple(_key_entry(entry) for entry in key)
    else:
        key = _key_entry(key)
    return np.asarray(x[key])
