"""CTC: padded labels, impossible alignments, weights, and the rank error messages."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import losses, ops
from tests.losses import reference

RNG = np.random.default_rng(0)


def numpy_of(x):
    return np.asarray(ops.convert_to_numpy(x))


def test_integer_labels_and_sample_weights():
    labels, logits = reference.ctc_inputs(RNG, (3, 7, 5))
    values = reference.ctc(labels, logits)
    got = losses.ctc(labels.astype("int32"), logits)
    np.testing.assert_allclose(numpy_of(got), values, rtol=1e-5)
    weights = np.array([1.0, 0.0, 2.0])
    got = losses.CTC()(labels, logits, sample_weight=weights)
    np.testing.assert_allclose(numpy_of(got), (values * weights).mean(), rtol=1e-5)


def test_repeated_labels_need_a_blank_between_them():
    logits = np.zeros((1, 2, 3), "float32")
    got = numpy_of(losses.ctc(np.array([[1, 1]]), logits))
    assert got[0] == np.inf or got[0] > 1e4


def test_wrong_label_rank_is_rejected():
    with pytest.raises(
        ValueError,
        match=r"ctc: y_true must hold integer labels of shape \(batch, max_label_length\), "
        r"received y_true.shape=\(2,\)",
    ):
        losses.ctc(np.zeros(2), np.zeros((2, 3, 4)))


def test_wrong_logits_rank_is_rejected():
    with pytest.raises(
        ValueError,
        match=r"ctc: y_pred must hold logits of shape \(batch, time, num_classes\), received "
        r"y_pred.shape=\(2, 3\)",
    ):
        losses.ctc(np.zeros((2, 2)), np.zeros((2, 3)))
