"""Jax backend: the engine side of `Model.fit` / `evaluate` / `predict`.

The train step is a pure function `(state, batches) -> (logs, state)` with
`state = (trainable, non_trainable, optimizer_variables, metrics_variables)`, compiled once
with `jax.jit` and the state donated. During a loop the state lives here, not in the
variables; `sync_state()` writes it back when Python code needs the variables (end of an
epoch, a callback reading `self.model`, the end of fit). The arrays handed to the step are
copies of the variables' values, so a variable read mid-epoch is stale but never deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jax
import jax.numpy as jnp

from lamina.backend.common.batches import batch_size
from lamina.backend.common.stateless_scope import StatelessScope


class BackendTrainer:
    """The jax step functions of lamina's Model (mixed into `lamina.Model`)."""

    _steps_can_defer_results = False  # Results come out of the compiled step.

    # -- the default steps (override them in the same pure form) ------------------------------
    def train_step(self, state: tuple, data: Any) -> tuple[dict, tuple]:
        """One optimization step: returns `(logs, new_state)`.

        `state` is `(trainable_variables, non_trainable_variables, optimizer_variables,
        metrics_variables)` as lists of arrays (the order of `model.trainable_variables`,
        `model.non_trainable_variables`, `model.optimizer.variables` and the variables of
        `model.metrics`). Override it in this pure form for custom training: use
        `self.stateless_call`, `jax.value_and_grad`, `self.optimizer.stateless_apply` and
        `metric.stateless_update_state`.
        """
        model: Any = self
        trainable, non_trainable, optimizer_values, metric_values = state
        x, y, sample_weight = model._unpack_batch(data)

        def loss_fn(trainable: list, non_trainable: list, metric_values: list) -> Any:
            lists = model._trainer_variable_lists()
            mapping = _pairs(lists, trainable, non_trainable, metric_values)
            # The optimizer's state too: scale_loss reads a LossScaleOptimizer's scale.
            mapping += list(zip(lists[2], optimizer_values))
            with StatelessScope(mapping) as scope:
                y_pred = model(x, training=True)
                loss = model.compute_loss(
                    x=x, y=y, y_pred=y_pred, sample_weight=sample_weight, training=True
                )
                scaled = model.optimizer.scale_loss(loss)
            updated = (
                _current(scope, lists[1], non_trainable),
                _current(scope, lists[3], metric_values),
            )
            return scaled, (loss, y_pred, updated)

        grad_fn = jax.value_and_grad(loss_fn, has_aux=True)
        (_, (loss, y_pred, updated)), grads = grad_fn(trainable, non_trainable, metric_values)
        non_trainable, metric_values = updated
        if trainable:
            trainable, optimizer_values = model.optimizer.stateless_apply(
                optimizer_values, grads, trainable
            )
        logs, metric_values = _update_metrics(
            model, metric_values, loss, x, y, jax.lax.stop_gradient(y_pred), sample_weight
        )
        return logs, (trainable, non_trainable, optimizer_values, metric_values)

    def test_step(self, state: tuple, data: Any) -> tuple[dict, tuple]:
        """Loss and metrics of a batch: returns `(logs, new_state)` with state
        `(trainable, non_trainable, metrics_variables)`."""
        model: Any = self
        trainable, non_trainable, metric_values = state
        x, y, sample_weight = model._unpack_batch(data)
        lists = model._trainer_variable_lists()
        mapping = _pairs(lists, trainable, non_trainable, metric_values)
        with StatelessScope(mapping) as scope:
            y_pred = model(x, training=False)
            loss = model.compute_loss(
                x=x, y=y, y_pred=y_pred, sample_weight=sample_weight, training=False
            )
        non_trainable = _current(scope, lists[1], non_trainable)
        metric_values = _current(scope, lists[3], metric_values)
        logs, metric_values = _update_metrics(
            model, metric_values, loss, x, y, y_pred, sample_weight
        )
        return logs, (trainable, non_trainable, metric_values)

    def predict_step(self, state: tuple, data: Any) -> tuple[Any, tuple]:
        """Predictions for a batch: returns `(outputs, state)` with state
        `(trainable, non_trainable)`."""
        model: Any = self
        trainable, non_trainable = state
        x, _, _ = model._unpack_batch(data)
        outputs, non_trainable = model.stateless_call(trainable, non_trainable, x, training=False)
        return outputs, (trainable, non_trainable)

    # -- compiled loops over batches ----------------------------------------------------------
    def make_train_function(self, force: bool = False) -> Callable:
        model: Any = self
        if getattr(model, "train_function", None) is not None and not force:
            return model.train_function

        def multi_step(state: tuple, batches: list) -> tuple[dict, tuple]:
            logs: dict = {}
            for batch in batches:
                logs, state = model.train_step(state, batch)
            _drop_step_losses(model)
            return logs, state

        step = _compiled(model, multi_step)

        def train_function(batches: list) -> dict:
            state = model._jax_state
            if state is None:
                state = _copies(
                    model._trainer_state_values(
                        ("trainable", "non_trainable", "optimizer", "metrics")
                    )
                )
            logs, model._jax_state = step(state, batches)
            return logs

        model.train_function = train_function
        return train_function

    def make_test_function(self, force: bool = False) -> Callable:
        model: Any = self
        if getattr(model, "test_function", None) is not None and not force:
            return model.test_function

        def multi_step(state: tuple, batches: list) -> tuple[dict, tuple]:
            logs: dict = {}
            for batch in batches:
                logs, state = model.test_step(state, batch)
            _drop_step_losses(model)
            return logs, state

        step = _compiled(model, multi_step)

        def test_function(batches: list) -> dict:
            state = model._jax_test_state
            if state is None:
                state = _copies(
                    model._trainer_state_values(("trainable", "non_trainable", "metrics"))
                )
            logs, model._jax_test_state = step(state, batches)
            return logs

        model.test_function = test_function
        return test_function

    def make_predict_function(self, force: bool = False) -> Callable:
        model: Any = self
        if getattr(model, "predict_function", None) is not None and not force:
            return model.predict_function

        def multi_step(state: tuple, batches: list) -> tuple[list, dict]:
            outputs = []
            before = state[1]
            for batch in batches:
                output, state = model.predict_step(state, batch)
                outputs.append(output)
            _drop_step_losses(model)
            # Only the non-trainable values the steps replaced (e.g. a stateful RNN's states)
            # leave the step: a model without such state returns nothing more than its outputs.
            changed = {
                index: value
                for index, (value, old) in enumerate(zip(state[1], before))
                if value is not old
            }
            return outputs, changed

        step = _compiled(model, multi_step, donate=False)

        def predict_function(batches: list) -> list:
            state = model._trainer_state_values(("trainable", "non_trainable"))
            outputs, changed = step(state, batches)
            if changed:
                # As torch's in-place updates: the next predict call starts from this state.
                variables = model._trainer_variable_lists()[1]
                for index, value in changed.items():
                    variables[index]._direct_assign(value)
            return outputs

        model.predict_function = predict_function
        return predict_function

    def sync_state(self) -> None:
        """Writes the state of a running train or test loop back into the variables."""
        model: Any = self
        state = model.__dict__.get("_jax_state")
        test_state = model.__dict__.get("_jax_test_state")
        if state is None and test_state is None:
            return
        lists = model._trainer_variable_lists()
        if state is not None:
            for variables, values in zip(lists, state):
                _write(variables, values)
            model._jax_state = None
        if test_state is not None:
            _write(lists[1], test_state[1])
            _write(lists[3], test_state[2])
            model._jax_test_state = None


def _drop_step_losses(model: Any) -> None:
    # Losses that layers added (add_loss, activity regularizers) during a jitted step are
    # tracers: kept in `layer.losses`, they would leak out of the trace.
    model._drop_traced_losses()


def _compiled(model: Any, fn: Callable, donate: bool = True) -> Callable:
    if model.run_eagerly:
        return fn
    return jax.jit(fn, donate_argnums=(0,) if donate else ())


@jax.jit
def _copies(state: tuple) -> tuple:
    # One compiled call copies the whole state (an eager copy per array costs a dispatch each).
    # The copies are new buffers (a jitted function's outputs never alias undonated inputs),
    # so donating them to the step leaves the variables' own arrays alive.
    return jax.tree_util.tree_map(lambda value: jnp.array(value, copy=True), state)


def _write(variables: list, values: list) -> None:
    for variable, value in zip(variables, values):
        variable._direct_assign(value)


def _pairs(lists: tuple, trainable: list, non_trainable: list, metric_values: list) -> list:
    return (
        list(zip(lists[0], trainable))
        + list(zip(lists[1], non_trainable))
        + list(zip(lists[3], metric_values))
    )


def _current(scope: StatelessScope, variables: list, fallback: list) -> list:
    values = []
    for variable, previous in zip(variables, fallback):
        value = scope.get_current_value(variable)
        values.append(previous if value is None else value)
    return values


def _update_metrics(
    model: Any, metric_values: list, loss: Any, x: Any, y: Any, y_pred: Any, sample_weight: Any
) -> tuple[dict, list]:
    metric_variables = model._trainer_variable_lists()[3]
    with StatelessScope(list(zip(metric_variables, metric_values))) as scope:
        model._loss_tracker.update_state(loss, sample_weight=batch_size(x))
        logs = model.compute_metrics(x, y, y_pred, sample_weight)
    return logs, _current(scope, metric_variables, metric_values)
