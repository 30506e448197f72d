"""ELU layer against its NumPy formula."""

from __future__ import annotations

import numpy as np

from lamina import layers
from tests.support.layer_check import check_layer


def test_elu_basics():
    check_layer(
        layers.ELU,
        {},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_weights=0,
        reference=lambda x, w: np.where(x > 0, x, np.expm1(x)),
    )


def test_elu_with_alpha():
    layer = check_layer(
        layers.ELU,
        {"alpha": 0.5},
        input_shape=(3, 4),
        expected_output_shape=(3, 4),
        reference=lambda x, w: np.where(x > 0, x, 0.5 * np.expm1(x)),
    )
    assert layer.get_config()["alpha"] == 0.5
