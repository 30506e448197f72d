"""PyDataset: a Python dataset of batches, read by index, optionally by parallel workers."""

from __future__ import annotations

from typing import Any


class PyDataset:
    """Base class for datasets that return whole batches by index, as Keras' `PyDataset`.

    Subclasses implement `__getitem__(index)`, returning the batch at `index` as `x`,
    `(x, y)` or `(x, y, sample_weight)` (NumPy arrays or tensors), and `__len__` (the number
    of batches), or instead a `num_batches` property that may return None for an endless
    dataset. `fit` reads indices in order (a new random order each epoch with
    `shuffle=True`) and calls `on_epoch_begin` / `on_epoch_end` around each epoch.

    Args:
        workers: Number of threads (or processes) loading batches ahead of the training step.
            1 loads each batch in the main thread when it is needed.
        use_multiprocessing: Load batches in worker processes instead of threads. Workers
            start with "forkserver" ("spawn" on Windows), which is safe with the engines'
            threads, so the dataset must be picklable, its class importable, and the script
            needs an `if __name__ == "__main__":` guard. The dataset is sent to the workers
            at the start of each epoch; changes they make to it are not seen by the main
            process.
        max_queue_size: Most batches being loaded ahead at once, when `workers > 1` or
            `use_multiprocessing=True`.

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> class Squares(lamina.utils.PyDataset):
        ...     def __init__(self, **kwargs):
        ...         super().__init__(**kwargs)
        ...         self.x = np.arange(10.0)
        ...     def __len__(self):
        ...         return 4
        ...     def __getitem__(self, index):
        ...         batch = self.x[index * 3 : (index + 1) * 3]
        ...         return batch, batch**2
        >>> dataset = Squares(workers=2)
        >>> dataset.num_batches, dataset.workers
        (4, 2)
        >>> dataset[3][1].tolist()
        [81.0]
    """

    def __init__(
        self, workers: int = 1, use_multiprocessing: bool = False, max_queue_size: int = 10
    ) -> None:
        for name, value in (("workers", workers), ("max_queue_size", max_queue_size)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(
                    f"{type(self).__name__}: `{name}` must be a non-negative int, "
                    f"received {value!r}."
                )
        self._workers = workers
        self._use_multiprocessing = bool(use_multiprocessing)
        self._max_queue_size = max(1, max_queue_size)

    # The getters fall back to the defaults, so subclasses that forget `super().__init__()`
    # still work.
    @property
    def workers(self) -> int:
        """Number of workers loading batches in parallel."""
        return getattr(self, "_workers", 1)

    @workers.setter
    def workers(self, value: int) -> None:
        self._workers = value

    @property
    def use_multiprocessing(self) -> bool:
        """Whether the workers are processes rather than threads."""
        return getattr(self, "_use_multiprocessing", False)

    @use_multiprocessing.setter
    def use_multiprocessing(self, value: bool) -> None:
        self._use_multiprocessing = value

    @property
    def max_queue_size(self) -> int:
        """Most batches loaded ahead at once."""
        return getattr(self, "_max_queue_size", 10)

    @max_queue_size.setter
    def max_queue_size(self, value: int) -> None:
        self._max_queue_size = value

    def __getitem__(self, index: int) -> Any:
        """Returns the batch at `index`: `x`, `(x, y)` or `(x, y, sample_weight)`."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement `__getitem__(index)`, returning the batch "
            "at that index."
        )

    @property
    def num_batches(self) -> int | None:
        """Number of batches per epoch: `len(self)` by default; None for an endless dataset."""
        if hasattr(self, "__len__"):
            return len(self)
        raise NotImplementedError(
            f"{type(self).__name__} must implement `__len__` (the number of batches) or a "
            "`num_batches` property (which may return None for an endless dataset)."
        )

    def on_epoch_begin(self) -> None:
        """Called before each epoch's first batch."""

    def on_epoch_end(self) -> None:
        """Called after each epoch's last batch, e.g. to reshuffle the samples."""
