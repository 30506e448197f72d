"""KL divergence and Poisson: zero probabilities and rates stay finite."""

from __future__ import annotations

import numpy as np

from lamina import losses, ops
from tests.losses import reference


def numpy_of(x):
    return np.asarray(ops.convert_to_numpy(x))


def test_kl_divergence_with_zero_probabilities():
    y_true = np.array([[0.0, 1.0], [0.5, 0.5]], "float32")
    y_pred = np.array([[0.5, 0.5], [1.0, 0.0]], "float32")
    got = numpy_of(losses.kl_divergence(y_true, y_pred))
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(got, reference.kl_divergence(y_true, y_pred), rtol=1e-5)
    assert numpy_of(losses.kl_divergence(y_true, y_true)).tolist() == [0.0, 0.0]


def test_poisson_with_zero_rate():
    got = numpy_of(losses.poisson([[0.0, 2.0]], [[0.0, 0.0]]))
    np.testing.assert_allclose(got, [-np.log(1e-7)], rtol=1e-4)
