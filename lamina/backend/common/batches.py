"""Helpers the backends' train steps share for batches of nested inputs."""

from __future__ import annotations

from typing import Any


def batch_size(x: Any) -> int:
    """Returns the leading dimension of the first array in `x` (a tensor or a nested
    list / tuple / dict of them): the number of samples in a batch.

    Example:
        >>> import numpy as np
        >>> batch_size({"a": [np.zeros((4, 2)), np.zeros((4,))]})
        4
    """
    while isinstance(x, (list, tuple, dict)):
        x = next(iter(x.values())) if isinstance(x, dict) else x[0]
    return int(x.shape[0])
