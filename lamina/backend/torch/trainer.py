"""Torch backend: the engine side of `Model.fit` / `evaluate` / `predict`.

The train step runs eagerly: forward, loss, `backward()`, then the optimizer's update under
`torch.no_grad()`. With `compile(jit_compile=True)` the step function goes through
`torch.compile`. Metrics accumulate in on-device variables; nothing here reads a value back to
the host, so a step never waits for the device unless a callback asks for numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

from lamina.backend.common.batches import batch_size


class BackendTrainer:
    """The torch step functions of lamina's Model (mixed into `lamina.Model`)."""

    @property
    def _steps_can_defer_results(self) -> bool:
        # Eager steps may return DeferredLogs (lamina.trainers.trainer); compiled ones return
        # plain results, which torch.compile traces like any other output.
        model: Any = self
        return model.run_eagerly or not model._jit_compile

    def train_step(self, data: Any) -> dict:
        """One optimization step on a batch `(x, y, sample_weight)`; returns the metrics' results.

        Override it for custom training (the torch form: `self.zero_grad()`, forward,
        `loss.backward()`, `self.optimizer.apply(gradients, variables)` under
        `torch.no_grad()`, then update and return metrics).
        """
        model: Any = self
        x, y, sample_weight = model._unpack_batch(data)
        y_pred = model(x, training=True)
        loss = model.compute_loss(
            x=x, y=y, y_pred=y_pred, sample_weight=sample_weight, training=True
        )
        # Only detached tensors outlive backward(): under torch.compile, backward() is a graph
        # break, and a non-leaf tensor carried into the resumed graph makes dynamo read its
        # `.grad` (a UserWarning, an error where warnings are errors).
        loss_value, y_pred = loss.detach(), _detached(y_pred)
        trainable = model._trainer_trainable_variables()
        if trainable:
            parameters = [v._value for v in trainable]
            for parameter in parameters:
                parameter.grad = None
            model.optimizer.scale_loss(loss).backward()
            with torch.no_grad():
                model.optimizer.apply([p.grad for p in parameters], trainable)
        with torch.no_grad():
            model._loss_tracker.update_state(loss_value, sample_weight=batch_size(x))
            return model.compute_metrics(x, y, y_pred, sample_weight)

    def test_step(self, data: Any) -> dict:
        """Computes the loss and metrics of a batch without training; returns the results."""
        model: Any = self
        x, y, sample_weight = model._unpack_batch(data)
        with torch.no_grad():
            y_pred = model(x, training=False)
            loss = model.compute_loss(
                x=x, y=y, y_pred=y_pred, sample_weight=sample_weight, training=False
            )
            model._loss_tracker.update_state(loss, sample_weight=batch_size(x))
            return model.compute_metrics(x, y, y_pred, sample_weight)

    def predict_step(self, data: Any) -> Any:
        """Returns the model's predictions for a batch."""
        model: Any = self
        x, _, _ = model._unpack_batch(data)
        with torch.no_grad():
            return model(x, training=False)

    def make_train_function(self, force: bool = False) -> Callable:
        model: Any = self
        if getattr(model, "train_function", None) is not None and not force:
            return model.train_function
        step = _maybe_compiled(model, model.train_step)

        def train_function(batches: list) -> dict:
            logs: dict = {}
            for batch in batches:
                logs = step(batch)
            return logs

        model.train_function = train_function
        return train_function

    def make_test_function(self, force: bool = False) -> Callable:
        model: Any = self
        if getattr(model, "test_function", None) is not None and not force:
            return model.test_function
        step = _maybe_compiled(model, model.test_step)

        def test_function(batches: list) -> dict:
            logs: dict = {}
            for batch in batches:
                logs = step(batch)
            return logs

        model.test_function = test_function
        return test_function

    def make_predict_function(self, force: bool = False) -> Callable:
        model: Any = self
        if getattr(model, "predict_function", None) is not None and not force:
            return model.predict_function
        step = _maybe_compiled(model, model.predict_step)

        def predict_function(batches: list) -> list:
            return [step(batch) for batch in batches]

        model.predict_function = predict_function
        return predict_function

    def sync_state(self) -> None:
        """Nothing to do on torch: variables always hold the current state."""


def _maybe_compiled(model: Any, step: Callable) -> Callable:
    if not model._jit_compile or model.run_eagerly:
        return step
    compiled = torch.compile(step)

    def run(batch: Any) -> Any:
        with model._before_compiled_step():
            return compiled(batch)

    return run


def _detached(structure: Any) -> Any:
    if isinstance(structure, torch.Tensor):
        return structure.detach()
    if isinstance(structure, (list, tuple)):
        return type(structure)(_detached(s) for s in structure)
    if isinstance(structure, dict):
        return {k: _detached(v) for k, v in structure.items()}
    return structure
