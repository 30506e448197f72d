"""`Trainer`: compile / fit / evaluate / predict, written once for every backend.

The backend's `trainer.py` supplies the step functions (`train_step`, `make_train_function`,
...); this module supplies what surrounds them: compiling losses and metrics, the epoch and
batch loops (in `lamina/trainers/loops.py`), callbacks and logs.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from lamina import backend, ops
from lamina import optimizers as optimizers_module
from lamina.backend.common.symbolic_tensor import map_structure
from lamina.layers import call_context
from lamina.metrics.metric import Metric
from lamina.metrics.reduction_metrics import Mean
from lamina.trainers.compile_utils import CompileLoss, CompileMetrics
from lamina.trainers.loops import TrainingLoops

_STATE_KEYS = ("trainable", "non_trainable", "optimizer", "metrics")


class Trainer(TrainingLoops, backend.trainer.BackendTrainer):  # type: ignore[name-defined]
    """The training API of `lamina.Model`: `compile`, `fit`, `evaluate`, `predict`, ..."""

    _jit_compile = False
    run_eagerly = False
    compiled = False
    optimizer: Any = None
    train_function: Any = None
    test_function: Any = None
    predict_function: Any = None
    _compile_loss: CompileLoss | None = None
    _compile_metrics: CompileMetrics | None = None
    _jax_state: Any = None
    _jax_test_state: Any = None
    _variable_lists: tuple | None = None
    _attribute_metrics: list | None = None
    _loss_sources: tuple | None = None
    stop_training = False
    history: Any = None
    loss: Any = None  # What compile() received, as in Keras.
    # Set by the fit/evaluate loops while no callback keeps a step's logs (see DeferredLogs).
    _defer_step_results = False
    _initial_epoch: int | None = None  # Set by a callback (BackupAndRestore) to resume fit.

    def compile(
        self,
        optimizer: Any = "rmsprop",
        loss: Any = None,
        loss_weights: Any = None,
        metrics: Any = None,
        weighted_metrics: Any = None,
        run_eagerly: bool = False,
        steps_per_execution: int = 1,
        jit_compile: bool | str = "auto",
        auto_scale_loss: bool = True,
    ) -> None:
        """Configures the model for training.

        Args:
            optimizer: An optimizer name (`"adam"`, `"sgd"`, ...) or `Optimizer`.
            loss: A loss name, function or `Loss`; or a list / dict of them (one per output,
                a dict keyed by output name).
            loss_weights: Per-output weights of the losses (list or dict).
            metrics: Metric names, functions or `Metric`s: a list (for every output), a list
                of lists (per output) or a dict keyed by output name.
            weighted_metrics: Metrics that take `sample_weight` / `class_weight`.
            run_eagerly: Run steps as plain Python (no `jax.jit` / `torch.compile`): for
                debugging.
            steps_per_execution: Batches per call of the step function.
            jit_compile: On torch, `True` compiles the step with `torch.compile`; jax
                always compiles (unless `run_eagerly`). `"auto"` means jax yes, torch no.
            auto_scale_loss: With a `mixed_float16` policy, wrap the optimizer in a
                `LossScaleOptimizer`.

        Example:
            >>> import lamina
            >>> model = lamina.Sequential([lamina.Input((4,)), lamina.layers.Dense(2)])
            >>> model.compile(optimizer="adam", loss="mse", metrics=["mae"])
            >>> model.compiled, type(model.optimizer).__name__
            (True, 'Adam')
        """
        self.optimizer = optimizers_module.get(optimizer)
        if auto_scale_loss:
            self.optimizer = _wrap_for_mixed_precision(self.optimizer, self.dtype_policy.name)
        if not isinstance(steps_per_execution, int) or steps_per_execution < 1:
            raise ValueError(
                f"{type(self).__name__} '{self.name}'.compile: steps_per_execution must be a "
                f"positive int, received {steps_per_execution!r}."
            )
        output_names = self._output_names()
        owner = f"{type(self).__name__} '{self.name}'"
        self.loss = loss
        self._compile_loss = (
            None if loss is None else CompileLoss(loss, loss_weights, output_names, owner)
        )
        losses = self._compile_loss.losses if self._compile_loss else []
        self._compile_metrics = None
        if metrics is not None or weighted_metrics is not None:
            self._compile_metrics = CompileMetrics(
                metrics, weighted_metrics, output_names, losses, owner
            )
        self._loss_tracker = Mean(name="loss")
        self.run_eagerly = bool(run_eagerly)
        self._jit_compile = jit_compile is True or (
            jit_compile == "auto" and backend.backend() == "jax"
        )
        self.steps_per_execution = steps_per_execution
        self._compile_config = {
            "optimizer": optimizer,
            "loss": loss,
            "loss_weights": loss_weights,
            "metrics": metrics,
            "weighted_metrics": weighted_metrics,
            "run_eagerly": run_eagerly,
            "steps_per_execution": steps_per_execution,
            "jit_compile": jit_compile,
        }
        self.compiled = True
        self._reset_step_functions()

    def get_compile_config(self) -> dict | None:
        """Returns compile()'s arguments serialized (None if never compiled).

        Example:
            >>> import lamina
            >>> model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(1)])
            >>> model.compile(optimizer="adam", loss="mse")
            >>> model.get_compile_config()["loss"]
            'mse'
        """
        from lamina.saving.compile_state import get_compile_config

        return get_compile_config(self)

    def compile_from_config(self, config: dict) -> None:
        """Compiles with `get_compile_config()`'s output and builds the optimizer."""
        from lamina.saving.compile_state import compile_from_config

        compile_from_config(self, config)

    @property
    def jit_compile(self) -> bool:
        """Whether the step functions are compiled (jax.jit, or torch.compile when asked)."""
        return self._jit_compile

    # -- losses and metrics ------------------------------------------------------------------
    def compute_loss(
        self,
        x: Any = None,
        y: Any = None,
        y_pred: Any = None,
        sample_weight: Any = None,
        training: bool = True,
    ) -> Any:
        """Returns the total loss of a batch: the compiled loss plus `self.losses`.

        Override it to define the loss from the inputs, targets and predictions.
        """
        del x, training
        total = None
        if self._compile_loss is not None and y is not None:
            total = self._compile_loss(y, y_pred, sample_weight)
        for extra in self._current_losses():
            extra = ops.cast(extra, backend.floatx()) if total is None else extra
            total = extra if total is None else ops.add(total, ops.cast(extra, total.dtype))
        if total is None:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' has no loss to compute: pass loss= to "
                "compile(), give the targets y to fit/evaluate, or add losses in call() "
                "with add_loss()."
            )
        return total

    def compute_metrics(self, x: Any, y: Any, y_pred: Any, sample_weight: Any = None) -> Any:
        """Updates the compiled metrics with a batch and returns every metric's result."""
        del x
        if self._compile_metrics is not None and y is not None:
            self._compile_metrics.update_state(y, y_pred, sample_weight)
        if self._defer_step_results:
            return DeferredLogs(self)
        return self.get_metrics_result()

    def _uses_builtin_steps(self) -> bool:
        """Whether train_step, test_step and compute_metrics are lamina's own: only then may a
        step return DeferredLogs (a user's step may add keys to the logs it gets)."""
        cls, steps = type(self), backend.trainer.BackendTrainer
        return (
            cls.compute_metrics is Trainer.compute_metrics
            and cls.train_step is steps.train_step
            and cls.test_step is steps.test_step
        )

    def get_metrics_result(self) -> dict[str, Any]:
        """Returns `{name: value}` for every metric of `self.metrics` (compile metrics
        expanded to their own names)."""
        logs: dict[str, Any] = {}
        for metric in self.metrics:
            result = metric.result()
            if isinstance(result, dict):
                logs.update(result)
            else:
                logs[metric.name] = result
        return logs

    @property
    def metrics(self) -> list[Metric]:
        """The metrics fit reports: the loss, per-output losses, the compiled metrics, then
        metrics held as attributes of the model or its layers."""
        found: list[Metric] = []
        if self.compiled:
            found.append(self._loss_tracker)
            if self._compile_loss is not None:
                found.extend(self._compile_loss.metrics)
            if self._compile_metrics is not None:
                found.append(self._compile_metrics)
        if self._attribute_metrics is None:
            self._attribute_metrics = [
                value
                for layer in self._flatten_layers()
                for value in layer.__dict__.values()
                if isinstance(value, Metric)
            ]
        found.extend(m for m in self._attribute_metrics if all(m is not f for f in found))
        return found

    @property
    def metrics_names(self) -> list[str]:
        """The names of the values `evaluate` returns, in order ("loss" first)."""
        names: list[str] = []
        for metric in self.metrics:
            if isinstance(metric, CompileMetrics):
                names.extend(m.name for m in metric.metric_list)
            else:
                names.append(metric.name)
        return names

    @property
    def metrics_variables(self) -> list:
        """The variables of every metric in `self.metrics`, in that order."""
        return [v for metric in self.metrics for v in metric.variables]

    def reset_metrics(self) -> None:
        """Resets the state of every metric in `self.metrics`."""
        self.sync_state()
        for metric in self.metrics:
            metric.reset_state()

    # -- helpers the backend steps use --------------------------------------------------------
    def _unpack_batch(self, data: Any) -> tuple[Any, Any, Any]:
        if type(data) is tuple:  # The batches fit builds: (x,), (x, y), (x, y, sample_weight).
            if len(data) == 2:
                return data[0], data[1], None
            if len(data) == 3:
                return data
            if len(data) == 1:
                return data[0], None, None
        from lamina.trainers.data_adapters.data_adapter_utils import unpack_x_y_sample_weight

        return unpack_x_y_sample_weight(data)

    def _trainer_variable_lists(self) -> tuple:
        if self._variable_lists is None:
            optimizer_variables = list(self.optimizer.variables) if self.optimizer else []
            self._variable_lists = (
                list(self.trainable_variables),
                list(self.non_trainable_variables),
                optimizer_variables,
                list(self.metrics_variables),
            )
        return self._variable_lists

    def _loss_source_lists(self) -> tuple[list, list]:
        # The layers and regularized variables, gathered once: the step must not walk the tree.
        if self._loss_sources is None:
            regularized = [
                (v, v.regularizer)
                for v in self.trainable_weights
                if getattr(v, "regularizer", None) is not None
            ]
            self._loss_sources = (self._flatten_layers(), regularized)
        return self._loss_sources

    def _current_losses(self) -> list:
        """`self.losses`, from the lists `_loss_source_lists` keeps."""
        layers, regularized = self._loss_source_lists()
        added = [loss for layer in layers for loss in layer._losses]
        return added + [regularizer(v.value) for v, regularizer in regularized]

    def _before_compiled_step(self) -> call_context.losses_cleared:
        """Readies what a compiled step reads, eagerly; returns the context to run it in.

        Clears the previous call's `add_loss` tensors and builds the lists and per-layer
        flags the step would otherwise build on its first run. Read or built inside the
        compiled region, they would be guarded on by `torch.compile` and force recompiles.
        """
        if call_context.holds_losses():
            call_context.clear_losses(self._loss_source_lists()[0])
        if self._variable_lists is None:
            self._trainer_variable_lists()
            for layer in self._loss_source_lists()[0]:
                if layer._call_flags is None:
                    layer._compute_call_flags()
        return call_context.losses_cleared(self)

    def _drop_traced_losses(self) -> None:
        """Forgets every loss the layers added during a traced step (jax): those are tracers,
        and must not outlive the trace, nor stay recorded as held."""
        layers = self._loss_source_lists()[0]
        call_context.clear_losses(layers)
        for layer in layers:
            layer._losses.clear()

    def _trainer_trainable_variables(self) -> list:
        return self._trainer_variable_lists()[0]

    def _trainer_state_values(self, keys: tuple[str, ...]) -> tuple:
        lists = self._trainer_variable_lists()
        return tuple([v.value for v in lists[_STATE_KEYS.index(key)]] for key in keys)

    def _reset_step_functions(self) -> None:
        self.sync_state()
        self.train_function = None
        self.test_function = None
        self.predict_function = None
        self._variable_lists = None
        self._attribute_metrics = None
        self._loss_sources = None

    def _output_names(self) -> list[str]:
        names = getattr(self, "output_names", None)
        if names:
            return list(names)
        outputs = getattr(self, "outputs", None)
        if outputs:
            return [_producer_name(t, i) for i, t in enumerate(outputs)]
        return ["output"]

    def _to_engine_batch(self, batch: Any) -> Any:
        floatx = backend.floatx()
        if backend.backend() == "jax":
            # NumPy batches go to the jitted step as they are: its C++ dispatch moves them to
            # the device much faster than a conversion per array here.
            if _ready_numpy_batch(batch, floatx):
                return batch  # The array adapter's batches: already floatx NumPy slices.
            return map_structure(lambda v: _floatx_numpy(v, floatx), batch)

        def convert(value: Any) -> Any:
            if value is None:
                return None
            if isinstance(value, np.ndarray) and value.dtype.kind == "f":
                return backend.core.convert_to_tensor(value, floatx)
            return backend.core.convert_to_tensor(value)

        return map_structure(convert, batch)

    def _build_for_training(self, batch: Any) -> None:
        """Builds the model, the compiled metrics and the optimizer from a first batch, so the
        step functions see every variable they will update."""
        x, y, _ = self._unpack_batch(batch)
        changed = not self.built
        metrics = self._compile_metrics
        if changed or (metrics is not None and not metrics.built):
            y_pred = self._first_predictions(x)
            if metrics is not None and not metrics.built and y is not None:
                metrics.build(y, y_pred)
                changed = True
        if self.optimizer is not None and not self.optimizer.built:
            self.optimizer.build(self.trainable_variables)
            changed = True
        if changed or self._variable_lists is None:
            self._reset_step_functions()

    def _first_predictions(self, x: Any) -> Any:
        from lamina.backend.common.stateless_scope import StatelessScope

        # A throwaway call: it builds the layers, and writes nothing (e.g. moving statistics).
        with StatelessScope():
            return self(x, training=False)

    def _assert_compiled(self, method: str) -> None:
        if not self.compiled:
            raise ValueError(
                f"{type(self).__name__} '{self.name}'.{method}: call model.compile(optimizer, "
                "loss, metrics) before training or evaluating the model."
            )


def _producer_name(tensor: Any, index: int) -> str:
    node = getattr(tensor, "op", None)
    name = getattr(getattr(node, "fn", None), "name", None)
    return name if isinstance(name, str) else f"output_{index}"


def _ready_numpy_batch(batch: Any, floatx: str) -> bool:
    """Whether `batch` is a flat tuple of NumPy arrays whose floats are already `floatx`."""
    if type(batch) is not tuple:
        return False
    for value in batch:
        if type(value) is not np.ndarray or (value.dtype.kind == "f" and value.dtype != floatx):
            return False
    return True


def _floatx_numpy(value: Any, floatx: str) -> Any:
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "f" and value.dtype.name != floatx:
            return value.astype(floatx)
        return value
    if value is None or hasattr(value, "shape"):
        return value
    return np.asarray(value)


def _wrap_for_mixed_precision(optimizer: Any, policy_name: str) -> Any:
    if policy_name != "mixed_float16":
        return optimizer
    from lamina.optimizers.loss_scale_optimizer import wrap_for_policy

    return wrap_for_policy(optimizer, policy_name)


class DeferredLogs(Mapping):
    """A step's logs whose metric results are computed on first access.

    An eager step (torch) returns these while the only reader of per-batch logs is lamina's
    progress bar, which reads them within the batch hook and only when it redraws: the
    results (a few engine ops per metric) are then not computed on most steps.
    """

    def __init__(self, model: Any) -> None:
        self._model = model
        self._logs: dict | None = None

    def _results(self) -> dict:
        if self._logs is None:
            self._logs = self._model.get_metrics_result()
        return self._logs

    def __getitem__(self, name: str) -> Any:
        return self._results()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._results())

    def __len__(self) -> int:
        return len(self._results())
