"""Crossentropies and CTC loss of `lamina.ops.nn` against NumPy/SciPy formulas and a brute-force
enumeration of CTC alignments: values, dtypes, extreme logits, gradients and errors."""

from __future__ import annotations

import itertools

import ml_dtypes
import numpy as np
import pytest
from scipy import special

import lamina
from lamina import ops
from tests.support.op_check import check_gradient, check_op

RNG = np.random.default_rng(0)
EPSILON = 1e-7
# The clip bounds as float32 values, as every backend computes them for float32 inputs.
LOW, HIGH = float(np.float32(EPSILON)), float(np.float32(1 - EPSILON))
FLOAT_DTYPES = ["float16", "bfloat16", "float32", "float64"]


def _cast(x, dtype):
    return x.astype(ml_dtypes.bfloat16) if dtype == "bfloat16" else x.astype(dtype)


def _f64(x):
    return np.asarray(x).astype(np.float64)


def _bce_reference(target, output, from_logits=False):
    t, x = _f64(target), _f64(output)
    if from_logits:
        return np.logaddexp(0, x) - t * x
    p = np.clip(x, LOW, HIGH)
    return -(t * np.log(p) + (1 - t) * np.log(1 - p))


def _log_probabilities(output, from_logits, axis):
    x = _f64(output)
    if from_logits:
        return special.log_softmax(x, axis=axis)
    return np.log(np.clip(x / x.sum(axis=axis, keepdims=True), LOW, HIGH))


def _cce_reference(target, output, from_logits=False, axis=-1):
    return -np.sum(_f64(target) * _log_probabilities(output, from_logits, axis), axis=axis)


def _sparse_reference(target, output, from_logits=False, axis=-1):
    log_probabilities = _log_probabilities(output, from_logits, axis)
    target = np.asarray(target).astype(np.int64)
    if target.ndim == log_probabilities.ndim:
        target = target[..., 0]
    index = np.expand_dims(target, axis)
    return -np.squeeze(np.take_along_axis(log_probabilities, index, axis=axis), axis)


def _probabilities(shape, axis=-1):
    return special.softmax(RNG.normal(size=shape), axis=axis)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("from_logits", [False, True])
def test_binary_crossentropy_matches_reference(dtype, from_logits):
    target = RNG.uniform(0, 1, (3, 4))
    output = RNG.normal(size=(3, 4)) if from_logits else RNG.uniform(0.02, 0.98, (3, 4))
    args = [_cast(target, dtype), _cast(output, dtype)]
    check_op(ops.binary_crossentropy, args, _bce_reference, {"from_logits": from_logits}, dtype)


def test_binary_crossentropy_shapes_and_clipping():
    empty = np.zeros((0, 2), "float32")
    check_op(ops.binary_crossentropy, [empty, empty], _bce_reference)
    target = np.array([1.0, 0.0, 1.0, 0.0], "float32")
    saturated = np.array([0.0, 1.0, 1.0, 0.0], "float32")
    result = check_op(ops.binary_crossentropy, [target, saturated], _bce_reference)
    assert np.all(np.isfinite(result))


def test_crossentropies_with_huge_logits_are_finite_and_exact():
    logits = np.array([[-1e4, 0.0, 1e4], [-100.0, 100.0, 30.0]], "float32")
    soft = np.array([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]], "float32")
    for op, target, reference in (
        (ops.binary_crossentropy, soft, _bce_reference),
        (ops.categorical_crossentropy, soft, _cce_reference),
        (ops.sparse_categorical_crossentropy, np.array([0, 2]), _sparse_reference),
    ):
        kwargs = {"from_logits": True}
        result = check_op(op, [target, logits], reference, kwargs, rtol=1e-6, atol=1e-6)
        assert np.all(np.isfinite(result)), f"{op.__name__} gave {result}"
    half = ops.binary_crossentropy(soft.astype("float16"), (logits / 2).astype("float16"), True)
    assert np.all(np.isfinite(ops.convert_to_numpy(half)))


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("from_logits", [False, True])
def test_categorical_crossentropy_matches_reference(dtype, from_logits):
    target = _probabilities((3, 5))
    output = RNG.normal(size=(3, 5)) if from_logits else _probabilities((3, 5)) * 3
    args = [_cast(target, dtype), _cast(output, dtype)]
    kwargs = {"from_logits": from_logits}
    check_op(ops.categorical_crossentropy, args, _cce_reference, kwargs, dtype)


def test_categorical_crossentropy_over_another_axis_and_empty_batch():
    target = _probabilities((2, 3, 4), axis=1).astype("float32")
    output = RNG.normal(size=(2, 3, 4)).astype("float32")
    for from_logits in (False, True):
        probabilities = special.softmax(output, axis=1).astype("float32")
        args = [target, output if from_logits else probabilities]
        kwargs = {"from_logits": from_logits, "axis": 1}
        check_op(ops.categorical_crossentropy, args, _cce_reference, kwargs, "float32")
    empty = np.zeros((0, 4), "float32")
    check_op(ops.categorical_crossentropy, [empty, empty], _cce_reference, None, "float32")


def test_categorical_crossentropy_promotes_integer_targets():
    target = np.eye(4, dtype="int32")[[0, 2, 3]]
    output = _probabilities((3, 4)).astype("float16")
    check_op(ops.categorical_crossentropy, [target, output], _cce_reference, None, "float16")


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("from_logits", [False, True])
def test_sparse_categorical_crossentropy_matches_reference(dtype, from_logits):
    target = RNG.integers(0, 5, (4,))
    output = RNG.normal(size=(4, 5)) if from_logits else _probabilities((4, 5))
    args = [target, _cast(output, dtype)]
    kwargs = {"from_logits": from_logits}
    check_op(ops.sparse_categorical_crossentropy, args, _sparse_reference, kwargs, dtype)


def test_sparse_categorical_crossentropy_shapes():
    output = RNG.normal(size=(2, 3, 4)).astype("float32")
    op = ops.sparse_categorical_crossentropy
    cases = [
        (RNG.integers(0, 4, (2, 3)), {"from_logits": True}),
        (RNG.integers(0, 4, (2, 3, 1)).astype("int64"), {"from_logits": True}),
        (RNG.integers(0, 3, (2, 4)).astype("int32"), {"from_logits": True, "axis": 1}),
    ]
    for target, kwargs in cases:
        check_op(op, [target, output], _sparse_reference, kwargs, "float32")
    empty = np.zeros((0, 4), "float32")
    check_op(op, [np.zeros((0,), "int32"), empty], _sparse_reference, None, "float32")


def _ctc_brute_force(target, output, target_length, output_length, mask_index=0):
    """Sums the probability of every path that collapses to the target (tiny sizes only)."""
    losses = []
    for b in range(len(target)):
        labels = list(target[b, : target_length[b]])
        log_probabilities = special.log_softmax(_f64(output[b, : output_length[b]]), axis=-1)
        total = 0.0
        for path in itertools.product(range(output.shape[2]), repeat=int(output_length[b])):
            collapsed = [k for i, k in enumerate(path) if i == 0 or k != path[i - 1]]
            if [k for k in collapsed if k != mask_index] == labels:
                total += np.exp(sum(log_probabilities[t, k] for t, k in enumerate(path)))
        losses.append(-np.log(total) if total > 0 else np.inf)
    return np.array(losses)


CTC_CASES = [
    # target, target_length, output_length, mask_index
    ([[1, 2], [2, 2], [1, 0]], [2, 2, 1], [4, 5, 3], 0),
    ([[0, 1, 0], [1, 1, 1], [2, 0, 0]], [3, 1, 0], [5, 5, 2], 3),
    ([[1, 2, 1], [2, 0, 0], [1, 1, 0]], [3, 1, 2], [3, 1, 3], 0),
]


@pytest.mark.parametrize(("target", "target_length", "output_length", "mask_index"), CTC_CASES)
def test_ctc_loss_matches_brute_force(target, target_length, output_length, mask_index):
    target = np.array(target, "int32")
    output = RNG.normal(size=(3, 5, 4)).astype("float32")
    args = [target, output, np.array(target_length), np.array(output_length)]
    kwargs = {"mask_index": mask_index}
    check_op(ops.ctc_loss, args, _ctc_brute_force, kwargs, "float32", rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float64"])
def test_ctc_loss_keeps_dtype(dtype):
    target = np.array([[1, 2], [3, 3]], "int64")
    output = _cast(RNG.normal(size=(2, 4, 4)), dtype)
    args = [target, output, np.array([2, 2]), np.array([4, 4])]
    check_op(ops.ctc_loss, args, _ctc_brute_force, None, dtype)


def test_ctc_loss_of_an_impossible_target_is_inf():
    # Two equal labels need a blank between them: three steps, but only two are given.
    output = RNG.normal(size=(1, 2, 3)).astype("float32")
    loss = ops.ctc_loss(np.array([[1, 1]]), output, np.array([2]), np.array([2]))
    assert ops.convert_to_numpy(loss).tolist() == [np.inf]


def test_loss_gradients():
    target = RNG.uniform(0, 1, (2, 3))
    probabilities = RNG.uniform(0.1, 0.9, (2, 3))
    logits = RNG.normal(size=(2, 3))
    labels = np.array([2, 0])
    check_gradient(ops.binary_crossentropy, [target, probabilities])
    check_gradient(ops.binary_crossentropy, [target, logits], {"from_logits": True}, (0, 1))
    check_gradient(ops.categorical_crossentropy, [target, probabilities], argnums=(1,))
    check_gradient(ops.categorical_crossentropy, [target, logits], {"from_logits": True}, (0, 1))
    check_gradient(ops.sparse_categorical_crossentropy, [labels, probabilities], argnums=(1,))
    kwargs = {"from_logits": True, "axis": 0}
    check_gradient(ops.sparse_categorical_crossentropy, [np.array([1, 0, 1]), logits], kwargs, (1,))


def test_ctc_loss_gradient():
    target = np.array([[1, 2], [2, 2]])
    output = RNG.normal(size=(2, 5, 3))
    args = [target, output, np.array([2, 2]), np.array([5, 4])]
    check_gradient(ops.ctc_loss, args, argnums=(1,))


def test_crossentropies_reject_mismatched_shapes():
    with pytest.raises(
        ValueError,
        match=r"binary_crossentropy: target and output must have the same shape, received "
        r"target.shape=\(2, 3\) and output.shape=\(3,\)",
    ):
        ops.binary_crossentropy(np.ones((2, 3), "float32"), np.ones(3, "float32"))
    with pytest.raises(ValueError, match=r"categorical_crossentropy: .*\(None, 4\).*\(None, 5\)"):
        ops.categorical_crossentropy(
            lamina.SymbolicTensor((None, 4)), lamina.SymbolicTensor((None, 5))
        )
    with pytest.raises(ValueError, match=r"categorical_crossentropy: .*\(2, 1\).*\(2, 4\)"):
        ops.categorical_crossentropy(np.ones((2, 1), "float32"), np.ones((2, 4), "float32"))


def test_categorical_crossentropies_reject_scalar_outputs():
    with pytest.raises(ValueError, match=r"categorical_crossentropy: output must have rank >= 1"):
        ops.categorical_crossentropy(lamina.SymbolicTensor(()), lamina.SymbolicTensor(()))
    with pytest.raises(
        ValueError, match=r"sparse_categorical_crossentropy: output must have rank >= 1"
    ):
        ops.sparse_categorical_crossentropy(lamina.SymbolicTensor((), "int32"), 1.0)


def test_sparse_categorical_crossentropy_rejects_mismatched_target():
    with pytest.raises(
        ValueError,
        match=r"sparse_categorical_crossentropy: target must have the shape of output without "
        r"its class axis -1, \(2,\), received target.shape=\(3,\) and output.shape=\(2, 4\)",
    ):
        ops.sparse_categorical_crossentropy(np.array([0, 1, 2]), np.ones((2, 4), "float32"))


def test_ctc_loss_rejects_bad_ranks_and_batches():
    target, output = np.ones((2, 3), "int32"), np.ones((2, 4, 5), "float32")
    lengths = np.array([1, 1])
    with pytest.raises(ValueError, match=r"ctc_loss: output must have rank 3, received shape"):
        ops.ctc_loss(target, output[0], lengths, lengths)
    with pytest.raises(ValueError, match=r"ctc_loss: batch sizes differ, received .*\(3,\)"):
        ops.ctc_loss(target, output, np.array([1, 1, 1]), lengths)


def test_ctc_loss_rejects_float_targets():
    with pytest.raises(TypeError, match=r"ctc_loss: target must be an integer tensor"):
        ops.ctc_loss(
            lamina.SymbolicTensor((None, 3)),
            lamina.SymbolicTensor((None, 4, 5)),
            lamina.SymbolicTensor((None,), "int32"),
            lamina.SymbolicTensor((None,), "int32"),
        )
