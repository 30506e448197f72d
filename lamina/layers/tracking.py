"""Finding a layer's sublayers and variables by looking through its attributes.

Layers and variables are found wherever a layer keeps them: plain attributes, lists, tuples and
dicts (nested too), in the order the attributes were first set. Nothing is registered at
assignment time, so lists mutated later are still seen; the scan runs only when a property such
as `weights` is read, never on the call path.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lamina.backend.common.variables import Variable


def iter_attribute_values(obj: Any) -> Iterator[Any]:
    """Yields the leaves of every attribute of `obj` (looking into lists, tuples and dicts)."""
    for key, value in list(obj.__dict__.items()):
        if key in _IGNORED_ATTRIBUTES:
            continue
        yield from _leaves(value, depth=0)


def _leaves(value: Any, depth: int) -> Iterator[Any]:
    if depth > 4:
        return
    if isinstance(value, (list, tuple)):
        for item in value:
            yield from _leaves(item, depth + 1)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item, depth + 1)
    else:
        yield value


def unique(items: list) -> list:
    """Returns `items` without repeats (by identity), keeping the first occurrence."""
    seen: set[int] = set()
    result = []
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            result.append(item)
    return result


def is_variable(value: Any) -> bool:
    return isinstance(value, Variable)


# Attributes that hold references lamina must not treat as children: the torch module registry
# (mirrors of lamina's own tracking), the records of calls made on symbolic tensors, and the
# trainer's caches of variable lists and step state.
_IGNORED_ATTRIBUTES = frozenset(
    {
        "_parameters",
        "_buffers",
        "_modules",
        "_inbound_nodes",
        "_init_args",
        "_losses",
        "_variable_lists",
        "_attribute_metrics",
        "_loss_sources",
        "_jax_state",
        "_jax_test_state",
    }
)
