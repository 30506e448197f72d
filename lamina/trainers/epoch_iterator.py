"""EpochIterator: the epochs and steps of fit / evaluate / predict over any data adapter."""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np

from lamina.trainers.data_adapters import get_data_adapter


class EpochIterator:
    """Cuts the batches of a data adapter into epochs and groups of `steps_per_execution`.

    Without `steps_per_epoch`, an epoch is one pass over the data. With it, an epoch is that
    many batches, and the next epoch continues from the same iterator where the previous one
    stopped (a generator is read on; arrays and PyDatasets go on through the current pass and
    start a new pass, newly shuffled, once it is used up). When the data runs out before
    `steps_per_epoch` batches, the epoch ends early, `ran_out_of_data` becomes True and a
    warning is given (once per EpochIterator); the trainer may then stop training. An epoch
    left before its end (the consumer stops iterating) skips the adapter's `on_epoch_end`.

    Args:
        x, y, sample_weight, batch_size, shuffle, class_weight: As for `get_data_adapter`.
        steps_per_epoch: Batches per epoch, or None for one pass over the data.
        steps_per_execution: Batches handed out together, for one compiled call.

    Example:
        >>> import numpy as np
        >>> from lamina.trainers.epoch_iterator import EpochIterator
        >>> iterator = EpochIterator(np.arange(10), batch_size=3, steps_per_execution=2)
        >>> iterator.num_batches
        4
        >>> for step, batches in iterator.enumerate_epoch():
        ...     print(step, [batch[0].tolist() for batch in batches])
        0 [[0, 1, 2], [3, 4, 5]]
        2 [[6, 7, 8], [9]]
    """

    def __init__(
        self,
        x: Any,
        y: Any = None,
        sample_weight: Any = None,
        batch_size: int | None = None,
        steps_per_epoch: int | None = None,
        shuffle: bool | str = False,
        class_weight: dict | None = None,
        steps_per_execution: int = 1,
    ) -> None:
        for name, value in (
            ("steps_per_epoch", steps_per_epoch),
            ("steps_per_execution", steps_per_execution),
        ):
            if value is None and name == "steps_per_epoch":
                continue
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
                raise ValueError(
                    f"EpochIterator: `{name}` must be a positive int, received {value!r}."
                )
        self.steps_per_epoch = None if steps_per_epoch is None else int(steps_per_epoch)
        self.steps_per_execution = int(steps_per_execution)
        self.data_adapter = get_data_adapter(
            x,
            y=y,
            sample_weight=sample_weight,
            batch_size=batch_size,
            steps_per_epoch=steps_per_epoch,
            shuffle=shuffle,
            class_weight=class_weight,
        )
        #: Whether the last epoch ended early because the data ran out.
        self.ran_out_of_data = False
        self._warned = False
        self._measured_num_batches: int | None = None
        self._iterator: Iterator | None = None
        self._consumed = 0  # Batches read from `self._iterator`.

    @property
    def num_batches(self) -> int | None:
        """Batches per epoch: `steps_per_epoch`, capped at the data's size when known; None
        when neither is known (until a first full pass has counted them)."""
        available = self.data_adapter.num_batches
        if available is None:
            available = self._measured_num_batches
        if self.steps_per_epoch is None:
            return available
        if available is None:
            return self.steps_per_epoch
        return min(self.steps_per_epoch, available)

    def reset(self) -> None:
        """Forgets the iterator carried between epochs: the next epoch starts a new pass."""
        self._close_iterator()
        self.ran_out_of_data = False

    def enumerate_epoch(self) -> Iterator[tuple[int, list]]:
        """Yields `(step, batches)` for one epoch: `batches` holds up to
        `steps_per_execution` consecutive batches and `step` is the index of the first."""
        self.data_adapter.on_epoch_begin()
        self.ran_out_of_data = False
        fresh = self._start_epoch()
        limit = self.steps_per_epoch
        step = 0
        while limit is None or step < limit:
            wanted = (
                self.steps_per_execution
                if limit is None
                else min(self.steps_per_execution, limit - step)
            )
            assert self._iterator is not None
            batches = list(itertools.islice(self._iterator, wanted))
            if not batches and step == 0 and not fresh:
                # The carried iterator ended exactly at the last epoch's end: start a new pass.
                fresh = self._start_epoch(force=True)
                batches = list(itertools.islice(self._iterator, wanted))
            self._consumed += len(batches)
            if batches:
                yield step, batches
            step += len(batches)
            if len(batches) < wanted:
                self._on_data_end(step)
                break
        self.data_adapter.on_epoch_end()

    def _start_epoch(self, force: bool = False) -> bool:
        """Makes the iterator this epoch reads; returns whether it is a new one."""
        total = self.data_adapter.num_batches
        used_up = total is not None and self._consumed >= total
        if force or self._iterator is None or self.steps_per_epoch is None or used_up:
            self._close_iterator()
            self._iterator = self.data_adapter.get_numpy_iterator()
            return True
        return False

    def _on_data_end(self, steps_done: int) -> None:
        if self.data_adapter.num_batches is None and self.steps_per_epoch is None:
            self._measured_num_batches = self._consumed
        self._close_iterator()
        if self.steps_per_epoch is None:
            return
        self.ran_out_of_data = True
        if not self._warned:
            self._warned = True
            warnings.warn(
                f"Your input ran out of data after {steps_done} of steps_per_epoch="
                f"{self.steps_per_epoch} steps; this epoch ends early. Make sure the data can "
                "provide `steps_per_epoch * epochs` batches: loop a generator forever, or leave "
                "`steps_per_epoch` unset to use one pass over the data per epoch.",
                stacklevel=3,
            )

    def _close_iterator(self) -> None:
        close = getattr(self._iterator, "close", None)
        if close is not None:
            close()  # Stops a PyDataset's worker pool.
        self._iterator = None
        self._consumed = 0
