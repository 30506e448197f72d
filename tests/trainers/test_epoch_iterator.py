"""EpochIterator: steps_per_execution groups, steps_per_epoch limits and continuation."""

from __future__ import annotations

import numpy as np
import pytest

from lamina.trainers.epoch_iterator import EpochIterator
from lamina.utils import PyDataset


def run_epoch(iterator):
    """Returns [(step, [first sample of each batch])] for one epoch."""
    return [
        (step, [int(batch[0][0]) for batch in batches])
        for step, batches in iterator.enumerate_epoch()
    ]


def counting(count):
    for i in range(count):
        yield np.array([i, i]), np.array([i, i])


def test_steps_per_execution_groups_batches():
    iterator = EpochIterator(np.arange(10), batch_size=2, steps_per_execution=2)
    assert iterator.num_batches == 5
    assert run_epoch(iterator) == [(0, [0, 2]), (2, [4, 6]), (4, [8])]
    assert run_epoch(iterator) == [(0, [0, 2]), (2, [4, 6]), (4, [8])]


def test_steps_per_epoch_caps_the_last_group():
    iterator = EpochIterator(np.arange(20), batch_size=2, steps_per_epoch=3, steps_per_execution=2)
    assert iterator.num_batches == 3
    assert run_epoch(iterator) == [(0, [0, 2]), (2, [4])]


def test_arrays_continue_across_short_epochs_then_start_over():
    iterator = EpochIterator(np.arange(8), batch_size=2, steps_per_epoch=2)
    assert run_epoch(iterator) == [(0, [0]), (1, [2])]
    assert run_epoch(iterator) == [(0, [4]), (1, [6])]
    assert run_epoch(iterator) == [(0, [0]), (1, [2])]
    iterator.reset()
    assert run_epoch(iterator) == [(0, [0]), (1, [2])]


def test_too_many_steps_stop_at_the_end_and_warn_once():
    iterator = EpochIterator(np.arange(6), batch_size=2, steps_per_epoch=5)
    assert iterator.num_batches == 3
    with pytest.warns(
        UserWarning, match=r"Your input ran out of data after 3 of steps_per_epoch=5"
    ):
        assert run_epoch(iterator) == [(0, [0]), (1, [2]), (2, [4])]
    assert iterator.ran_out_of_data
    # The second epoch starts a new pass and does not warn again.
    assert run_epoch(iterator) == [(0, [0]), (1, [2]), (2, [4])]


def test_generator_epochs_continue_where_the_last_stopped():
    iterator = EpochIterator(counting(7), steps_per_epoch=3)
    assert iterator.num_batches == 3
    assert run_epoch(iterator) == [(0, [0]), (1, [1]), (2, [2])]
    assert run_epoch(iterator) == [(0, [3]), (1, [4]), (2, [5])]
    assert not iterator.ran_out_of_data
    with pytest.warns(UserWarning, match="Your input ran out of data"):
        assert run_epoch(iterator) == [(0, [6])]
    assert iterator.ran_out_of_data
    with pytest.raises(ValueError, match="the generator is exhausted"):
        run_epoch(iterator)


def test_generator_without_steps_counts_its_batches_then_is_exhausted():
    iterator = EpochIterator(counting(4), steps_per_execution=3)
    assert iterator.num_batches is None
    assert run_epoch(iterator) == [(0, [0, 1, 2]), (3, [3])]
    assert iterator.num_batches == 4 and not iterator.ran_out_of_data
    with pytest.raises(ValueError, match="the generator is exhausted"):
        run_epoch(iterator)


def test_generator_ending_on_an_epoch_boundary_fails_clearly():
    iterator = EpochIterator(counting(2), steps_per_epoch=2)
    assert len(run_epoch(iterator)) == 2
    with pytest.raises(ValueError, match="the generator is exhausted"):
        run_epoch(iterator)


def test_py_dataset_hooks_run_once_per_epoch():
    class Batches(PyDataset):
        def __init__(self):
            super().__init__()
            self.events = []

        def __len__(self):
            return 2

        def __getitem__(self, index):
            return np.array([index])

        def on_epoch_begin(self):
            self.events.append("begin")

        def on_epoch_end(self):
            self.events.append("end")

    dataset = Batches()
    iterator = EpochIterator(dataset)
    assert run_epoch(iterator) == [(0, [0]), (1, [1])]
    run_epoch(iterator)
    assert dataset.events == ["begin", "end", "begin", "end"]


def test_argument_errors():
    with pytest.raises(ValueError, match=r"`steps_per_epoch` must be a positive int, received 0"):
        EpochIterator(np.arange(4), steps_per_epoch=0)
    with pytest.raises(ValueError, match=r"`steps_per_execution` must be a positive int"):
        EpochIterator(np.arange(4), steps_per_execution=None)
