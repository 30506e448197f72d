"""RepeatVector through check_layer against numpy.repeat, and its errors."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import layers
from tests.support.layer_check import check_layer


def test_repeat_vector_basics():
    layer = check_layer(
        layers.RepeatVector,
        {"n": 3},
        input_shape=(2, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_weights=0,
        reference=lambda x, w: np.repeat(x[:, None, :], 3, axis=1),
    )
    assert layer.get_config()["n"] == 3


def test_repeat_vector_rejects_non_int():
    with pytest.raises(TypeError, match=r"RepeatVector '.*': n must be an int, received 2.0"):
        layers.RepeatVector(2.0)


def test_repeat_vector_rejects_non_positive():
    with pytest.raises(ValueError, match=r"RepeatVector '.*': n must be positive, received 0"):
        layers.RepeatVector(0)


def test_repeat_vector_rejects_wrong_rank():
    with pytest.raises(ValueError, match=r"RepeatVector 'r': expected rank 2, but received"):
        layers.RepeatVector(2, name="r")(np.ones((2, 3, 4), "float32"))
