"""`Loss` and `LossFunctionWrapper`: subclassing, dtypes, configs, rank matching, gradients,
compiled (jitted) calls, and one test per error message."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import losses, ops
from tests.losses.reference import CASES
from tests.support.op_check import BACKEND

RNG = np.random.default_rng(0)


def numpy_of(x):
    return np.asarray(ops.convert_to_numpy(x))


class SumOfSquares(losses.Loss):
    def call(self, y_true, y_pred):
        return ops.sum(ops.square(ops.subtract(y_pred, y_true)), axis=-1)


def scaled_error(y_true, y_pred, scale=1.0):
    return ops.mean(ops.multiply(ops.abs(ops.subtract(y_pred, y_true)), scale), axis=-1)


def test_subclass_call_is_weighted_and_reduced():
    y_true = RNG.normal(size=(4, 3)).astype("float32")
    y_pred = RNG.normal(size=(4, 3)).astype("float32")
    weights = RNG.uniform(size=4)
    values = ((y_pred - y_true) ** 2).sum(-1)
    loss = SumOfSquares()
    assert (loss.name, loss.reduction, loss.dtype) == (
        "sum_of_squares",
        "sum_over_batch_size",
        "float32",
    )
    np.testing.assert_allclose(numpy_of(loss(y_true, y_pred)), values.mean(), rtol=1e-5)
    got = loss(y_true, y_pred, sample_weight=weights)
    np.testing.assert_allclose(numpy_of(got), (values * weights).mean(), rtol=1e-5)


def test_base_call_is_not_implemented():
    with pytest.raises(NotImplementedError, match="Loss does not implement call"):
        losses.Loss()(np.zeros((1, 1)), np.zeros((1, 1)))


def test_bad_reduction_names_the_class_and_value():
    with pytest.raises(
        ValueError, match=r"MeanSquaredError 'mse_loss': invalid reduction 'avg'\. Expected one of"
    ):
        losses.MeanSquaredError(reduction="avg", name="mse_loss")
    with pytest.raises(ValueError, match=r"SumOfSquares 'sum_of_squares': invalid reduction 3"):
        SumOfSquares(reduction=3)


def test_dtype_argument_sets_the_compute_dtype():
    y_true, y_pred = np.zeros((2, 3)), np.ones((2, 3))
    assert ops.dtype(losses.MeanSquaredError()(y_true, y_pred)) == "float32"
    loss = losses.MeanSquaredError(dtype="float64")
    assert loss.dtype == "float64"
    assert ops.dtype(loss(y_true, y_pred)) == "float64"
    assert loss.get_config()["dtype"] == "float64"
    assert losses.MeanSquaredError.from_config(loss.get_config()).dtype == "float64"
    policy = lamina.dtype_policies.DTypePolicy("float16")
    assert losses.MeanSquaredError(dtype=policy).dtype == "float16"
    assert "dtype" not in losses.MeanSquaredError().get_config()


def test_half_precision_predictions_are_computed_in_float32():
    y_pred = ops.convert_to_tensor(np.full((2, 3), 0.5), dtype="float16")
    loss = losses.BinaryCrossentropy()(np.ones((2, 3)), y_pred)
    assert ops.dtype(loss) == "float32"
    np.testing.assert_allclose(numpy_of(loss), np.log(2.0), rtol=1e-3)


def test_mixed_policy_global_setting_does_not_change_losses():
    lamina.dtype_policies.set_dtype_policy("mixed_float16")
    try:
        assert losses.MeanSquaredError().dtype == "float32"
    finally:
        lamina.dtype_policies.set_dtype_policy(None)


def test_wrapper_calls_function_with_its_arguments():
    loss = losses.LossFunctionWrapper(scaled_error, reduction="sum", scale=2.0)
    assert loss.name == "scaled_error"
    y_true, y_pred = np.zeros((2, 3), "float32"), np.ones((2, 3), "float32")
    assert float(numpy_of(loss(y_true, y_pred))) == pytest.approx(4.0)
    assert "scaled_error" in repr(loss)


def test_wrapper_matches_ranks_differing_by_a_trailing_one():
    loss = losses.LossFunctionWrapper(losses.mean_squared_error, reduction=None)
    got = loss(np.array([1.0, 2.0, 3.0]), np.array([[1.0], [1.0], [1.0]]))
    np.testing.assert_allclose(numpy_of(got), [0.0, 1.0, 4.0])
    got = loss(np.array([[1.0], [2.0]]), np.array([[[1.0], [1.0]], [[0.0], [0.0]]]))
    assert tuple(ops.shape(got)) == (2,)


def test_wrapper_config_serializes_the_function():
    loss = losses.LossFunctionWrapper(losses.huber, name="my_huber", delta=0.5)
    config = loss.get_config()
    assert config["fn"] == {
        "module": "keras.losses",
        "class_name": "function",
        "config": "huber",
        "registered_name": "huber",
    }
    assert config["delta"] == 0.5
    rebuilt = losses.LossFunctionWrapper.from_config(config)
    assert rebuilt.fn is losses.huber and rebuilt.name == "my_huber"


def test_wrapper_with_custom_function_round_trips_with_custom_objects():
    loss = losses.LossFunctionWrapper(scaled_error, scale=3.0)
    saved = losses.serialize(loss)
    assert saved["class_name"] == "LossFunctionWrapper"
    rebuilt = losses.deserialize(saved, custom_objects={"scaled_error": scaled_error})
    assert rebuilt.fn is scaled_error and rebuilt._fn_kwargs == {"scale": 3.0}
    with pytest.raises(ValueError, match="Unknown loss 'scaled_error'"):
        losses.deserialize(saved)


def test_wrapper_rejects_non_callable():
    with pytest.raises(TypeError, match="LossFunctionWrapper expected a callable fn, received 3"):
        losses.LossFunctionWrapper(3)


GRADIENT_CASES = [
    ("binary_crossentropy", {"from_logits": True, "label_smoothing": 0.1}),
    ("binary_focal_crossentropy", {"from_logits": True, "apply_class_balancing": True}),
    ("categorical_crossentropy", {"from_logits": True}),
    ("categorical_focal_crossentropy", {"from_logits": True}),
    ("sparse_categorical_crossentropy", {"from_logits": True, "ignore_class": 2}),
    ("huber", {"delta": 0.5}),
    ("log_cosh", {}),
    ("cosine_similarity", {}),
    ("tversky", {}),
    ("ctc", {}),
]


def numeric_gradient(objective, x, eps=1e-6):
    """Central differences of a NumPy objective (cheap: the reference runs on the host)."""
    gradient = np.zeros_like(x)
    for index in np.ndindex(*x.shape):
        step = np.zeros_like(x)
        step[index] = eps
        gradient[index] = (objective(x + step) - objective(x - step)) / (2 * eps)
    return gradient


@pytest.mark.parametrize(("name", "kwargs"), GRADIENT_CASES, ids=[c[0] for c in GRADIENT_CASES])
def test_gradients_match_the_reference(name, kwargs):
    if BACKEND == "numpy":
        pytest.skip("the numpy backend is inference-only: it has no gradients to check")
    case = CASES[name]
    rng = np.random.default_rng(3)
    y_true, y_pred = case.inputs(rng, case.shape)
    if kwargs.get("from_logits"):
        y_pred = rng.normal(size=y_pred.shape).astype("float32")
    y_true, y_pred = y_true.astype("float64"), y_pred.astype("float64")
    weights = rng.uniform(0.5, 1.5, size=np.shape(case.reference(y_true, y_pred, **kwargs)))

    def objective(x):
        return ops.sum(ops.multiply(case.function(y_true, x, **kwargs), weights))

    _, gradient = lamina.backend.core.value_and_grad(objective)(ops.convert_to_tensor(y_pred))
    want = numeric_gradient(
        lambda x: float(np.sum(case.reference(y_true, x, **kwargs) * weights)), y_pred
    )
    np.testing.assert_allclose(numpy_of(gradient), want, rtol=1e-5, atol=1e-6)


def test_extreme_logits_give_finite_loss_and_gradients():
    if BACKEND == "numpy":
        pytest.skip("the numpy backend is inference-only: it has no gradients to check")
    logits = np.array([[-200.0, 200.0], [200.0, -200.0]], "float32")
    targets = np.array([[1.0, 0.0], [1.0, 0.0]], "float32")
    for loss in (
        losses.BinaryCrossentropy(from_logits=True),
        losses.BinaryFocalCrossentropy(from_logits=True),
        losses.CategoricalCrossentropy(from_logits=True),
        losses.CategoricalFocalCrossentropy(from_logits=True),
    ):

        def objective(x, loss=loss):
            return loss(targets, x)

        value, gradient = lamina.backend.core.value_and_grad(objective)(
            ops.convert_to_tensor(logits)
        )
        assert np.isfinite(numpy_of(value)), type(loss).__name__
        assert np.all(np.isfinite(numpy_of(gradient))), type(loss).__name__
    value = losses.BinaryCrossentropy(from_logits=True, reduction=None)(targets, logits)
    np.testing.assert_allclose(numpy_of(value), [200.0, 0.0], rtol=1e-5)


def test_losses_compile_under_jit_without_reading_values():
    """A loss that read a value on the host (float(), bool(), .item()) could not be traced."""
    if BACKEND != "jax":
        pytest.skip("jax.jit tracing is the check for host reads; it needs the jax backend")
    import jax

    rng = np.random.default_rng(5)
    batches, calls = {}, {}
    for name, case in CASES.items():
        y_true, y_pred = case.inputs(rng, case.shape)
        weights = np.ones(case.shape[:1], "float32") if case.per_sample else np.float32(1.0)
        batches[name] = (y_true, y_pred, weights)
        calls[name] = case.cls(**case.kwargs)

    def all_losses(batches):
        return {name: calls[name](t, p, sample_weight=w) for name, (t, p, w) in batches.items()}

    compiled = jax.jit(all_losses)(batches)
    eager = all_losses(batches)
    for name in CASES:
        np.testing.assert_allclose(
            numpy_of(compiled[name]), numpy_of(eager[name]), rtol=1e-5, atol=1e-6, err_msg=name
        )
