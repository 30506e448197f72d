"""L1, L2, L1L2 and OrthogonalRegularizer against NumPy formulas; argument checks."""

from __future__ import annotations

import math

import numpy as np
import pytest

import lamina
from lamina import ops, regularizers

RNG = np.random.default_rng(0)


def penalty(regularizer, x):
    value = regularizer(ops.convert_to_tensor(x))
    assert ops.shape(value) == ()
    return float(ops.convert_to_numpy(value))


def test_l1_is_factor_times_sum_of_absolute_values():
    x = RNG.normal(size=(4, 5)).astype("float32")
    assert penalty(regularizers.L1(0.3), x) == pytest.approx(0.3 * np.abs(x).sum(), rel=1e-5)
    assert regularizers.L1().l1 == 0.01


def test_l2_is_factor_times_sum_of_squares():
    x = RNG.normal(size=(4, 5)).astype("float32")
    assert penalty(regularizers.L2(0.3), x) == pytest.approx(0.3 * np.square(x).sum(), rel=1e-5)
    assert regularizers.L2().l2 == 0.01


@pytest.mark.parametrize(("l1", "l2"), [(0.1, 0.2), (0.0, 0.2), (0.1, 0.0), (0.0, 0.0)])
def test_l1_l2_adds_both_penalties(l1, l2):
    x = RNG.normal(size=(3, 3)).astype("float32")
    expected = l1 * np.abs(x).sum() + l2 * np.square(x).sum()
    assert penalty(regularizers.L1L2(l1, l2), x) == pytest.approx(expected, rel=1e-5, abs=1e-7)


def test_l1_l2_defaults_to_zero_and_takes_none():
    regularizer = regularizers.L1L2(l1=None, l2=None)
    assert (regularizer.l1, regularizer.l2) == (0.0, 0.0)
    assert regularizers.L1L2().get_config() == {"l1": 0.0, "l2": 0.0}


def test_penalty_keeps_float64():
    x = ops.convert_to_tensor(np.ones((2, 2)))
    assert ops.dtype(regularizers.L1L2(0.5, 0.5)(x)) == "float64"
    assert ops.dtype(regularizers.L2(0.5)(x)) == "float64"


def orthogonal_penalty(x, factor, mode):
    vectors = x if mode == "rows" else x.T
    vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    cosines = vectors @ vectors.T
    size = len(vectors)
    upper = np.abs(cosines[np.triu_indices(size, k=1)])
    return factor * upper.mean()


@pytest.mark.parametrize("mode", ["rows", "columns"])
def test_orthogonal_regularizer_is_mean_absolute_cosine(mode):
    x = RNG.normal(size=(4, 6)).astype("float32")
    regularizer = regularizers.OrthogonalRegularizer(factor=0.5, mode=mode)
    expected = orthogonal_penalty(x.astype("float64"), 0.5, mode)
    assert penalty(regularizer, x) == pytest.approx(expected, rel=1e-5)


def test_orthogonal_regularizer_is_zero_for_orthogonal_rows_and_single_rows():
    regularizer = regularizers.OrthogonalRegularizer(factor=1.0)
    assert penalty(regularizer, np.eye(3, dtype="float32")) == 0.0
    assert penalty(regularizer, np.ones((1, 4), dtype="float32")) == 0.0


def test_orthogonal_regularizer_rejects_other_ranks():
    with pytest.raises(ValueError, match=r"OrthogonalRegularizer: inputs must have rank 2"):
        regularizers.OrthogonalRegularizer()(ops.ones((2, 2, 2)))


def test_orthogonal_regularizer_rejects_unknown_mode():
    with pytest.raises(
        ValueError, match="OrthogonalRegularizer: mode must be one of .* mode='diag'"
    ):
        regularizers.OrthogonalRegularizer(mode="diag")


@pytest.mark.parametrize(
    ("cls", "name"),
    [
        (regularizers.L1, "l1"),
        (regularizers.L2, "l2"),
        (regularizers.L1L2, "l1"),
        (regularizers.L1L2, "l2"),
        (regularizers.OrthogonalRegularizer, "factor"),
    ],
)
@pytest.mark.parametrize("value", [-0.1, "0.1", True, math.nan, math.inf])
def test_factors_must_be_non_negative_finite_numbers(cls, name, value):
    pattern = rf"{cls.__name__}: {name} must be a non-negative finite number, received {name}="
    with pytest.raises(ValueError, match=pattern):
        cls(**{name: value})


def test_factors_are_stored_as_floats():
    assert regularizers.L1(1).get_config() == {"l1": 1.0}
    assert isinstance(regularizers.L2(2).l2, float)


@pytest.mark.parametrize(
    "regularizer",
    [
        regularizers.L1(0.2),
        regularizers.L2(0.3),
        regularizers.L1L2(0.1, 0.4),
        regularizers.OrthogonalRegularizer(0.2, "columns"),
    ],
    ids=lambda r: type(r).__name__,
)
def test_config_round_trips(regularizer):
    rebuilt = type(regularizer).from_config(regularizer.get_config())
    assert rebuilt.get_config() == regularizer.get_config()


def test_base_regularizer_gives_zero_and_has_no_config():
    base = regularizers.Regularizer()
    assert penalty(base, np.ones((2, 2), dtype="float32")) == 0.0
    with pytest.raises(NotImplementedError, match="Regularizer does not implement get_config"):
        base.get_config()


def test_orthogonal_regularizer_needs_a_known_size():
    x = lamina.SymbolicTensor((None, 4), "float32")
    with pytest.raises(ValueError, match="OrthogonalRegularizer: the number of rows must be known"):
        regularizers.OrthogonalRegularizer()(x)
