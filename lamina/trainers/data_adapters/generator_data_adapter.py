"""GeneratorDataAdapter: batches from a Python generator or iterator."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lamina.trainers.data_adapters import data_adapter_utils
from lamina.trainers.data_adapters.data_adapter import DataAdapter

_SOURCE = "GeneratorDataAdapter"


class GeneratorDataAdapter(DataAdapter):
    """Batches read from a Python generator or iterator, converted to NumPy.

    The generator yields `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)` (a list of one to
    three elements counts as a tuple); batches come out as tuples. Its first batch is read at
    construction to check it, then given back as the first batch of the first epoch.

    A generator can be read only once, so every call to `get_numpy_iterator` continues the
    same generator where the previous iterator stopped. With `steps_per_epoch` (handled by
    `EpochIterator`), successive epochs therefore read successive batches. Without it, the
    first epoch reads the generator to its end, and asking for another epoch once the
    generator is exhausted raises a ValueError: make the generator loop forever and pass
    `steps_per_epoch`, or use a `lamina.utils.PyDataset`, to train for several epochs.
    (Keras instead replays the few batches it peeked at; lamina fails loudly.)

    Args:
        generator: A generator or iterator (an object with `__next__`).

    Example:
        >>> import numpy as np
        >>> from lamina.trainers.data_adapters import GeneratorDataAdapter
        >>> batches = ((np.full(2, i), np.array([i, i])) for i in range(3))
        >>> adapter = GeneratorDataAdapter(batches)
        >>> [y.tolist() for _, y in adapter.get_numpy_iterator()]
        [[0, 0], [1, 1], [2, 2]]
        >>> adapter.num_batches is None
        True
    """

    def __init__(self, generator: Iterator) -> None:
        if not hasattr(generator, "__next__"):
            raise TypeError(
                f"{_SOURCE}: expected a generator or iterator, received "
                f"{type(generator).__name__}. Call `iter()` on it or write a generator."
            )
        self._generator = generator
        try:
            first = next(generator)
        except StopIteration:
            raise ValueError(
                f"{_SOURCE}: the generator yielded no batch. It must yield at least one batch "
                "`x`, `(x, y)` or `(x, y, sample_weight)`."
            ) from None
        self._pending: list[tuple] = [_convert(first)]
        self._exhausted = False

    def get_numpy_iterator(self) -> Iterator[tuple]:
        """Returns an iterator that continues the generator; raises once it is exhausted."""
        if self._exhausted:
            raise ValueError(
                f"{_SOURCE}: the generator is exhausted: an earlier epoch read it to its end, "
                "and a Python generator cannot be restarted. To train for several epochs, make "
                "the generator loop forever (`while True:`) and pass `steps_per_epoch`, or use "
                "a `lamina.utils.PyDataset`."
            )
        return self._iterate()

    def _iterate(self) -> Iterator[tuple]:
        while self._pending:
            yield self._pending.pop(0)
        for batch in self._generator:
            yield _convert(batch)
        self._exhausted = True


def _convert(batch: Any) -> tuple:
    batch = data_adapter_utils.standardize_batch(batch, _SOURCE)
    return data_adapter_utils.to_numpy_structure(batch, _SOURCE)
