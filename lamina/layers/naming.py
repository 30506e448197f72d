"""Default layer names: the class name in snake case, made unique per base name."""

from __future__ import annotations

import re
import threading

_names = threading.local()


def to_snake_case(name: str) -> str:
    """Returns a class name in snake case: `"GlobalMaxPooling2D"` -> `"global_max_pooling2d"`."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def unique_name(base: str) -> str:
    """Returns `base`, then `base_1`, `base_2`, ... on later calls with the same base."""
    counts = getattr(_names, "counts", None)
    if counts is None:
        counts = _names.counts = {}
    count = counts.get(base, 0)
    counts[base] = count + 1
    return base if count == 0 else f"{base}_{count}"
