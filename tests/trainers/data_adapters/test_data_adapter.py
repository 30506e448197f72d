"""DataAdapter base class: defaults for unknown sizes, hooks, the missing iterator."""

from __future__ import annotations

import pytest

from lamina.trainers.data_adapters import DataAdapter


def test_defaults_say_unknown():
    adapter = DataAdapter()
    assert adapter.num_batches is None and adapter.batch_size is None
    assert adapter.has_partial_batch is None and adapter.partial_batch_size is None
    assert adapter.on_epoch_begin() is None and adapter.on_epoch_end() is None


def test_iterator_must_be_implemented():
    class Incomplete(DataAdapter):
        pass

    with pytest.raises(NotImplementedError, match=r"Incomplete must implement `get_numpy_iter"):
        Incomplete().get_numpy_iterator()
