"""Model.fit on a two-output model: losses and metrics per output, and their history keys."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers
from tests.conftest import BACKEND

RNG = np.random.default_rng(0)
pytestmark = pytest.mark.skipif(
    BACKEND not in ("torch", "jax"), reason="the numpy backend is inference-only (no gradients)"
)


def _two_output_model() -> lamina.Model:
    inputs = lamina.Input((3,))
    first = layers.Dense(2, name="a")(inputs)
    second = layers.Dense(1, name="b")(inputs)
    return lamina.Model(inputs, [first, second])


def _data(n: int = 8) -> tuple:
    x = RNG.normal(size=(n, 3)).astype("float32")
    return x, RNG.normal(size=(n, 2)).astype("float32"), RNG.normal(size=(n, 1)).astype("float32")


def _expected(model, x, y_a, y_b, weight_b):
    w_a, b_a, w_b, b_b = model.get_weights()
    p_a, p_b = x @ w_a + b_a, x @ w_b + b_b
    a_loss = np.mean((p_a - y_a) ** 2)
    b_loss = np.mean(np.abs(p_b - y_b))
    return {
        "loss": a_loss + weight_b * b_loss,
        "a_loss": a_loss,
        "b_loss": b_loss,
        "a_mae": np.mean(np.abs(p_a - y_a)),
        "b_mse": np.mean((p_b - y_b) ** 2),
        "b_mae": b_loss,
    }


def _check(history, expected, names):
    for name in names:
        for prefix in ("", "val_"):
            np.testing.assert_allclose(
                history.history[prefix + name][0], expected[name], rtol=1e-5, err_msg=name
            )


def test_losses_metrics_and_weights_as_dicts():
    x, y_a, y_b = _data()
    model = _two_output_model()
    model.compile(
        optimizer=lamina.optimizers.SGD(0.0),  # No learning: every batch sees the same model.
        loss={"a": "mse", "b": "mae"},
        loss_weights={"a": 1.0, "b": 2.0},
        metrics={"a": ["mae"], "b": ["mse"]},
    )
    y = {"a": y_a, "b": y_b}
    history = model.fit(x, y, batch_size=4, validation_data=(x, y), verbose=0)
    names = ["loss", "a_loss", "b_loss", "a_mae", "b_mse"]
    assert sorted(history.history) == sorted(names + [f"val_{name}" for name in names])
    _check(history, _expected(model, x, y_a, y_b, 2.0), names)
    assert model.metrics_names == ["loss", "a_loss", "b_loss", "a_mae", "b_mse"]
    values = model.evaluate(x, y, batch_size=4, verbose=0)  # fit's validation batches
    expected = _expected(model, x, y_a, y_b, 2.0)
    np.testing.assert_allclose(values, [expected[name] for name in names], rtol=1e-5)


def test_losses_metrics_and_weights_as_lists():
    x, y_a, y_b = _data()
    model = _two_output_model()
    model.compile(
        optimizer=lamina.optimizers.SGD(0.0),
        loss=["mse", "mae"],
        loss_weights=[1.0, 0.5],
        metrics=[["mae"], ["mse", "mae"]],
    )
    history = model.fit(x, [y_a, y_b], batch_size=4, validation_data=(x, [y_a, y_b]), verbose=0)
    names = ["loss", "a_loss", "b_loss", "a_mae", "b_mse", "b_mae"]
    assert sorted(history.history) == sorted(names + [f"val_{name}" for name in names])
    _check(history, _expected(model, x, y_a, y_b, 0.5), names)


def test_one_loss_for_both_outputs_trains_both():
    x, y_a, y_b = _data()
    model = _two_output_model()
    before = [w.copy() for w in model.get_weights()]
    model.compile(optimizer=lamina.optimizers.SGD(0.1), loss="mse")
    history = model.fit(x, (y_a, y_b), batch_size=8, epochs=2, verbose=0)
    assert sorted(history.history) == ["a_loss", "b_loss", "loss"]
    assert all(not np.allclose(old, new) for old, new in zip(before, model.get_weights()))
    np.testing.assert_allclose(
        np.array(history.history["a_loss"]) + history.history["b_loss"],
        history.history["loss"],
        rtol=1e-5,
    )
