"""Overriding train_step / test_step / compute_loss / metrics, in each backend's own form (the
patterns of Keras's "customizing what happens in fit()" guides)."""

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


class _Linear(lamina.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(1)

    def call(self, inputs):
        return self.dense(inputs)


def _data(n: int = 8):
    x = RNG.normal(size=(n, 3)).astype("float32")
    return x, (x @ np.array([[1.0], [-1.0], [2.0]], "float32")).astype("float32")


def _start_weights():
    return [RNG.normal(size=(3, 1)).astype("float32"), RNG.normal(size=(1,)).astype("float32")]


def _built(model_class, weights):
    model = model_class()
    model(np.zeros((1, 3), "float32"))
    model.set_weights(weights)
    return model


def _train(model, x, y, **compile_kwargs):
    model.compile(optimizer=lamina.optimizers.SGD(0.1), **compile_kwargs)
    history = model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    return history.history


def _assert_matches_default(model_class, compile_kwargs=None, expected_keys=("loss", "mae")):
    """Trains `model_class` and the plain model from the same weights; both must agree."""
    x, y = _data()
    weights = _start_weights()
    custom = _built(model_class, weights)
    history = _train(custom, x, y, **(compile_kwargs or {"loss": "mse", "metrics": ["mae"]}))
    reference = _built(_Linear, weights)
    expected = _train(reference, x, y, loss="mse", metrics=["mae"])
    assert sorted(history) == sorted(expected_keys)
    for name in expected_keys:
        np.testing.assert_allclose(history[name], expected[name], rtol=1e-5, err_msg=name)
    for got, want in zip(custom.get_weights(), reference.get_weights()):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    results = custom.evaluate(x, y, verbose=0, return_dict=True)
    np.testing.assert_allclose(results["loss"], reference.evaluate(x, y, verbose=0)[0], rtol=1e-5)
    return custom


# -- torch: zero_grad, forward, backward, optimizer.apply under no_grad -------------------------
def _torch_models():
    import torch

    class TorchStep(_Linear):
        def train_step(self, data):
            x, y = data
            self.zero_grad()
            y_pred = self(x, training=True)
            loss = self.compute_loss(y=y, y_pred=y_pred)
            loss.backward()
            trainable_weights = list(self.trainable_weights)
            with torch.no_grad():
                self.optimizer.apply([v.value.grad for v in trainable_weights], trainable_weights)
            for metric in self.metrics:
                if metric.name == "loss":
                    metric.update_state(loss)
                else:
                    metric.update_state(y, y_pred)
            return {m.name: m.result() for m in self.metrics}

        def test_step(self, data):
            x, y = data
            y_pred = self(x, training=False)
            loss = self.compute_loss(y=y, y_pred=y_pred)
            for metric in self.metrics:
                if metric.name == "loss":
                    metric.update_state(loss)
                else:
                    metric.update_state(y, y_pred)
            return {m.name: m.result() for m in self.metrics}

    class TorchTrackers(_Linear):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.loss_tracker = lamina.metrics.Mean(name="loss")
            self.mae_metric = lamina.metrics.MeanAbsoluteError(name="mae")
            self.loss_fn = lamina.losses.MeanSquaredError()

        def train_step(self, data):
            x, y = data
            self.zero_grad()
            y_pred = self(x, training=True)
            loss = self.loss_fn(y, y_pred)
            loss.backward()
            trainable_weights = list(self.trainable_weights)
            with torch.no_grad():
                self.optimizer.apply([v.value.grad for v in trainable_weights], trainable_weights)
            self.loss_tracker.update_state(loss.detach())
            self.mae_metric.update_state(y, y_pred.detach())
            return {"loss": self.loss_tracker.result(), "mae": self.mae_metric.result()}

        def test_step(self, data):
            x, y = data
            y_pred = self(x, training=False)
            self.loss_tracker.update_state(self.loss_fn(y, y_pred))
            self.mae_metric.update_state(y, y_pred)
            return {"loss": self.loss_tracker.result(), "mae": self.mae_metric.result()}

        @property
        def metrics(self):
            return [self.loss_tracker, self.mae_metric]

    return TorchStep, TorchTrackers


@pytest.mark.skipif(BACKEND != "torch", reason="the torch form of a custom train_step")
def test_torch_custom_train_step():
    _assert_matches_default(_torch_models()[0])


@pytest.mark.skipif(BACKEND != "torch", reason="the torch form of a custom train_step")
def test_torch_custom_step_with_metric_attributes():
    model = _assert_matches_default(_torch_models()[1], compile_kwargs={})
    assert [m.name for m in model.metrics] == ["loss", "mae"]


# -- jax: a pure train_step(state, data) -> (logs, state) --------------------------------------
def _jax_models():
    import jax

    def update_metrics(model, metrics_variables, loss, y, y_pred):
        logs, new_variables = {}, []
        for metric in model.metrics:
            count = len(metric.variables)
            own = metrics_variables[len(new_variables) : len(new_variables) + count]
            if metric.name == "loss":
                own = metric.stateless_update_state(own, loss)
            else:
                own = metric.stateless_update_state(own, y, y_pred)
            logs[metric.name] = metric.stateless_result(own)
            new_variables += own
        return logs, new_variables

    class JaxStep(_Linear):
        def compute_loss_and_updates(self, trainable, non_trainable, x, y, training=False):
            y_pred, non_trainable = self.stateless_call(
                trainable, non_trainable, x, training=training
            )
            return self.compute_loss(x, y, y_pred), (y_pred, non_trainable)

        def train_step(self, state, data):
            trainable, non_trainable, optimizer_variables, metrics_variables = state
            x, y = data
            grad_fn = jax.value_and_grad(self.compute_loss_and_updates, has_aux=True)
            (loss, (y_pred, non_trainable)), grads = grad_fn(
                trainable, non_trainable, x, y, training=True
            )
            trainable, optimizer_variables = self.optimizer.stateless_apply(
                optimizer_variables, grads, trainable
            )
            logs, metrics_variables = update_metrics(self, metrics_variables, loss, y, y_pred)
            return logs, (trainable, non_trainable, optimizer_variables, metrics_variables)

        def test_step(self, state, data):
            trainable, non_trainable, metrics_variables = state
            x, y = data
            loss, (y_pred, non_trainable) = self.compute_loss_and_updates(
                trainable, non_trainable, x, y
            )
            logs, metrics_variables = update_metrics(self, metrics_variables, loss, y, y_pred)
            return logs, (trainable, non_trainable, metrics_variables)

    class JaxTrackers(JaxStep):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.loss_tracker = lamina.metrics.Mean(name="loss")
            self.mae_metric = lamina.metrics.MeanAbsoluteError(name="mae")
            self.loss_fn = lamina.losses.MeanSquaredError()

        def compute_loss_and_updates(self, trainable, non_trainable, x, y, training=False):
            y_pred, non_trainable = self.stateless_call(
                trainable, non_trainable, x, training=training
            )
            return self.loss_fn(y, y_pred), (y_pred, non_trainable)

        @property
        def metrics(self):
            return [self.loss_tracker, self.mae_metric]

    return JaxStep, JaxTrackers


@pytest.mark.skipif(BACKEND != "jax", reason="the jax form of a custom train_step")
def test_jax_custom_train_step():
    _assert_matches_default(_jax_models()[0])


@pytest.mark.skipif(BACKEND != "jax", reason="the jax form of a custom train_step")
def test_jax_custom_step_with_metric_attributes():
    model = _assert_matches_default(_jax_models()[1], compile_kwargs={})
    assert [m.name for m in model.metrics] == ["loss", "mae"]


# -- both backends --------------------------------------------------------------------------
class _OwnLoss(_Linear):
    """Overrides compute_loss (mean squared error written out) and tracks it in a Metric."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.loss_tracker = lamina.metrics.Mean(name="loss")
        self.mae_metric = lamina.metrics.MeanAbsoluteError(name="mae")

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        loss = lamina.ops.mean(lamina.ops.square(y_pred - y))
        self.loss_tracker.update_state(loss)
        self.mae_metric.update_state(y, y_pred)
        return loss

    @property
    def metrics(self):
        return [self.loss_tracker, self.mae_metric]


def test_overridden_compute_loss_with_metric_attributes():
    _assert_matches_default(_OwnLoss, compile_kwargs={})


class _ExtraLogs(_Linear):
    """A train_step whose logs hold a value that is not a metric: fit reports it as it is."""

    def train_step(self, *args):
        result = super().train_step(*args)
        logs, state = result if BACKEND == "jax" else (result, None)
        logs = {**logs, "constant": lamina.ops.convert_to_tensor(3.0)}
        return (logs, state) if BACKEND == "jax" else logs


class _MutatedLogs(_Linear):
    """A compute_metrics that adds a key to the logs it gets from the default one."""

    def compute_metrics(self, x, y, y_pred, sample_weight=None):
        logs = super().compute_metrics(x, y, y_pred, sample_weight)
        logs["constant"] = 3.0
        return logs


def test_a_compute_metrics_override_may_change_the_logs():
    x, y = _data()
    history = _train(_MutatedLogs(), x, y, loss="mse")
    assert history["constant"] == [3.0, 3.0]


def test_logs_of_a_custom_train_step_reach_the_history():
    x, y = _data()
    model = _ExtraLogs()
    history = _train(model, x, y, loss="mse")
    assert sorted(history) == ["constant", "loss"]
    assert history["constant"] == [3.0, 3.0]


@pytest.mark.xfail(
    strict=True, reason="lamina/models/model.py: a Model subclass refuses (inputs, outputs)"
)
def test_functional_subclass_from_inputs_and_outputs():
    # Keras's guides build `CustomModel(inputs, outputs)` from a Model subclass.
    class CustomModel(lamina.Model):
        pass

    inputs = lamina.Input((3,))
    model = CustomModel(inputs, layers.Dense(1)(inputs))
    assert isinstance(model, CustomModel)
    x, y = _data()
    model.compile(optimizer="sgd", loss="mse")
    assert len(model.fit(x, y, verbose=0).history["loss"]) == 1
