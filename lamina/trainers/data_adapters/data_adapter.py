"""DataAdapter: the one interface the training loop reads batches through."""

from __future__ import annotations

from collections.abc import Iterator


class DataAdapter:
    """Turns one kind of user data (arrays, generators, datasets) into batches of NumPy arrays.

    Every batch an adapter yields is a tuple `(x,)`, `(x, y)` or `(x, y, sample_weight)`, each
    element nested like the user's data (a dict stays a dict) with NumPy arrays as leaves.
    Subclasses implement `get_numpy_iterator` and, when they know them, the size properties.

    Example:
        >>> import numpy as np
        >>> from lamina.trainers.data_adapters import DataAdapter
        >>> class TwoBatches(DataAdapter):
        ...     def get_numpy_iterator(self):
        ...         return iter([(np.zeros(2),), (np.ones(2),)])
        >>> [batch[0].tolist() for batch in TwoBatches().get_numpy_iterator()]
        [[0.0, 0.0], [1.0, 1.0]]
        >>> TwoBatches().num_batches is None
        True
    """

    def get_numpy_iterator(self) -> Iterator[tuple]:
        """Returns a fresh iterator over one epoch of batches (tuples of NumPy arrays)."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement `get_numpy_iterator()`, returning an "
            "iterator over one epoch of batches."
        )

    @property
    def num_batches(self) -> int | None:
        """Number of batches in one epoch; None when unknown until the data runs out."""
        return None

    @property
    def batch_size(self) -> int | None:
        """Number of samples in a full batch; None when the adapter does not know it."""
        return None

    @property
    def has_partial_batch(self) -> bool | None:
        """Whether the last batch of an epoch is smaller than `batch_size`; None if unknown."""
        return None

    @property
    def partial_batch_size(self) -> int | None:
        """Size of the last, smaller batch; None when there is none or it is unknown."""
        return None

    def on_epoch_begin(self) -> None:
        """Called by the epoch loop before an epoch's first batch is requested."""

    def on_epoch_end(self) -> None:
        """Called by the epoch loop after an epoch's last batch."""
