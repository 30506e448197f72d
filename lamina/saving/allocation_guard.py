"""A memory guard for loading `.keras` files: variables must be backed by the weights file.

A model's config is turned into layers (and their variables) before the weights file is
read, so a hostile config declaring, say, `Dense(units=10**9)` could make loading allocate
gigabytes. `variable_budget` reads the shapes the weights file declares (metadata only, no
array data) and, while it is active, `check_new_variable` refuses any variable that no
array of the file could fill, or that takes the total past what the file holds, beyond a
small slack for the few variables Keras does not save (metric counters, seed states).

The budget is per thread, and `check_new_variable` costs one attribute lookup when no
budget is active.
"""

from __future__ import annotations

import contextlib
import math
import threading
from collections.abc import Iterator, Sequence
from typing import IO, Any

import h5py

from lamina.backend.common.variables import creation_check
from lamina.saving import h5_store

#: Values (elements) a load may create beyond what the weights file holds.
SLACK_VALUES = 1 << 20
_STATE = threading.local()


class VariableBudget:
    """The values a load may still create, from the arrays a weights file declares.

    Args:
        declared: The number of values in all arrays of the file.
        largest: The number of values in its largest array.
        label: Names the file in messages.
        slack: Values allowed beyond the file's, for variables Keras does not save.

    Example:
        >>> from lamina.saving.allocation_guard import VariableBudget
        >>> budget = VariableBudget(declared=12, largest=8, label="model.keras", slack=4)
        >>> budget.charge("dense", "kernel", (2, 4))
        >>> budget.used
        8
    """

    def __init__(self, declared: int, largest: int, label: str, slack: int = SLACK_VALUES):
        self.declared = declared
        self.largest = largest
        self.label = label
        self.slack = slack
        self.used = 0

    def charge(self, owner: str, name: str, shape: Sequence[int]) -> None:
        """Counts a new variable, or raises ValueError when the file cannot back it."""
        size = math.prod(int(d) for d in shape)
        if size > self.largest + self.slack or self.used + size > self.declared + self.slack:
            raise ValueError(
                f"load_model: refusing to create variable '{name}' of shape "
                f"{tuple(int(d) for d in shape)} ({size} values) for layer '{owner}': the "
                f"weights file '{self.label}' holds {self.declared} values in all (largest "
                f"array: {self.largest}), and {self.used} are already used, so the config asks "
                "for variables the file cannot fill. The file is corrupt or was built to "
                "exhaust memory; load it only if you trust it, by building the model in "
                "code and calling load_weights()."
            )
        self.used += size


def declared_sizes(weights: IO[bytes] | str, label: str) -> tuple[int, int]:
    """Returns `(values in all arrays, values in the largest array)` of a weights file.

    Only the arrays' metadata is read. The file gets the same safety scan as for loading
    (no links out of it), and an array declaring far more data than it stores (a "shape
    bomb", which loading refuses anyway) counts for nothing.

    Example:
        >>> import io, h5py, numpy as np
        >>> from lamina.saving.allocation_guard import declared_sizes
        >>> buffer = io.BytesIO()
        >>> with h5py.File(buffer, "w") as file:
        ...     _ = file.create_dataset("layers/dense/vars/0", data=np.zeros((3, 4)))
        ...     _ = file.create_dataset("layers/dense/vars/1", data=np.zeros(4))
        >>> declared_sizes(buffer, "model.weights.h5")
        (16, 12)
    """
    reader = h5_store.SafeH5File(weights, label)
    sizes: list[int] = []

    def visit(_: str, item: Any) -> None:
        if isinstance(item, h5py.Dataset):
            sizes.append(_credible_size(item))

    try:
        reader._file.visititems(visit)  # the scan above refused links out of the file
    finally:
        reader.close()
    if hasattr(weights, "seek"):
        weights.seek(0)
    return sum(sizes), max(sizes, default=0)


@contextlib.contextmanager
def variable_budget(weights: IO[bytes] | str, label: str) -> Iterator[VariableBudget]:
    """Within the block, variables created in this thread are checked against the arrays
    of the weights file `weights` (see `check_new_variable`).

    Args:
        weights: The weights file (a path or a seekable binary file, left at its start).
        label: Names the file in messages.

    Yields:
        The `VariableBudget` in force.

    Example:
        >>> import io, h5py, numpy as np
        >>> from lamina.saving.allocation_guard import check_new_variable, variable_budget
        >>> buffer = io.BytesIO()
        >>> with h5py.File(buffer, "w") as file:
        ...     _ = file.create_dataset("vars/0", data=np.zeros((3, 4)))
        >>> with variable_budget(buffer, "model.weights.h5") as budget:
        ...     check_new_variable("dense", "kernel", (3, 4))
        ...     try:
        ...         check_new_variable("dense_1", "kernel", (3, 10**9))
        ...     except ValueError as error:
        ...         print(str(error)[:60])
        load_model: refusing to create variable 'kernel' of shape (3
    """
    declared, largest = declared_sizes(weights, label)
    budget = VariableBudget(declared, largest, label)

    def charge(path: str, shape: tuple) -> None:
        owner, _, name = path.rpartition("/")
        budget.charge(owner or "(no layer)", name, shape)

    stack = _stack()
    stack.append(budget)
    try:
        with creation_check(charge):  # Every Variable made meanwhile, by any layer.
            yield budget
    finally:
        stack.pop()


def check_new_variable(owner: str, name: str, shape: Sequence[int]) -> None:
    """Charges a variable about to be created to the active budget (no-op without one).

    Called by `Layer.add_weight` before the variable's memory is allocated.

    Args:
        owner: The layer's name, for messages.
        name: The variable's name.
        shape: Its shape.

    Raises:
        ValueError: When a `variable_budget` is active and the weights file cannot back
            the variable.

    Example:
        >>> from lamina.saving.allocation_guard import check_new_variable
        >>> check_new_variable("dense", "kernel", (10**6, 10**6))  # no load in progress
    """
    stack = getattr(_STATE, "stack", None)
    if stack:
        stack[-1].charge(owner, name, shape)


def _credible_size(dataset: h5py.Dataset) -> int:
    size = math.prod(dataset.shape or ())
    declared_bytes = size * dataset.dtype.itemsize
    if declared_bytes > h5_store._BOMB_FLOOR_BYTES:
        if declared_bytes > h5_store._BOMB_MAX_EXPANSION * dataset.id.get_storage_size():
            return 0  # read_array refuses this array, so it backs nothing
    return size


def _stack() -> list[VariableBudget]:
    stack = getattr(_STATE, "stack", None)
    if stack is None:
        stack = _STATE.stack = []
    return stack
