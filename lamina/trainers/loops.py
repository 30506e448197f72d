"""The epoch and batch loops of `fit`, `evaluate` and `predict` (mixed into `Trainer`)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from lamina import backend
from lamina.backend.common.symbolic_tensor import flatten, map_structure, pack_sequence_as
from lamina.callbacks.callback_list import CallbackList

if TYPE_CHECKING:
    from lamina.trainers.epoch_iterator import EpochIterator


def _data_tools() -> tuple:
    # Imported on first use: the data adapters import optional frameworks lazily too.
    from lamina.trainers.data_adapters.data_adapter_utils import (
        train_validation_split,
        unpack_x_y_sample_weight,
    )
    from lamina.trainers.epoch_iterator import EpochIterator

    return EpochIterator, train_validation_split, unpack_x_y_sample_weight


class TrainingLoops:
    """`fit`, `evaluate`, `predict` and the `*_on_batch` methods."""

    def fit(
        self,
        x: Any = None,
        y: Any = None,
        batch_size: int | None = None,
        epochs: int = 1,
        verbose: int | str = "auto",
        callbacks: list | None = None,
        validation_split: float = 0.0,
        validation_data: Any = None,
        shuffle: bool | str = True,
        class_weight: dict | None = None,
        sample_weight: Any = None,
        initial_epoch: int = 0,
        steps_per_epoch: int | None = None,
        validation_steps: int | None = None,
        validation_batch_size: int | None = None,
        validation_freq: int = 1,
    ) -> Any:
        """Trains the model for `epochs` passes over the data; returns a `History`.

        Args:
            x: Inputs: a NumPy array (or list / dict of them), a generator or
                `lamina.utils.PyDataset` yielding `(x, y[, sample_weight])`, a
                `torch.utils.data.DataLoader` or a `tf.data.Dataset`.
            y: Targets, when `x` is arrays.
            batch_size: Samples per step for array inputs (default 32).
            epochs: The epoch to stop at (counting from 0, so `initial_epoch` counts too).
            verbose: 0 silent, 1 progress bar, 2 one line per epoch, "auto" = 1.
            callbacks: `lamina.callbacks.Callback` instances.
            validation_split: Fraction of the array data (taken from the end, before
                shuffling) kept for validation.
            validation_data: `(x_val, y_val[, sample_weight_val])` or a dataset.
            shuffle: Shuffle array data each epoch (`"batch"`: within batch-sized chunks).
            class_weight: `{class index: weight}` applied as sample weights.
            sample_weight: Per-sample weights for array inputs.
            initial_epoch: The epoch to start from (to resume training).
            steps_per_epoch: Steps per epoch (required for endless generators).
            validation_steps: Steps per validation run.
            validation_batch_size: Batch size for validation (default `batch_size`).
            validation_freq: Validate every this many epochs.

        Returns:
            A `History` whose `history` dict holds each epoch's loss and metrics.

        Example:
            >>> import numpy as np
            >>> import lamina
            >>> model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(1)])
            >>> model.compile(optimizer="sgd", loss="mse")
            >>> x, y = np.ones((16, 3)), np.zeros((16, 1))
            >>> history = model.fit(x, y, epochs=2, batch_size=8, verbose=0)
            >>> history.history["loss"][1] < history.history["loss"][0]
            True
        """
        model: Any = self
        model._assert_compiled("fit")
        EpochIterator, train_validation_split, unpack_x_y_sample_weight = _data_tools()
        if validation_split and validation_data is None:
            (x, y, sample_weight), validation_data = train_validation_split(
                (x, y, sample_weight), validation_split=validation_split
            )
        iterator = EpochIterator(
            x,
            y,
            sample_weight,
            batch_size=batch_size,
            steps_per_epoch=steps_per_epoch,
            shuffle=shuffle,
            class_weight=class_weight,
            steps_per_execution=model.steps_per_execution,
        )
        validation_iterator = None
        if validation_data is not None:
            val_x, val_y, val_sample_weight = unpack_x_y_sample_weight(validation_data)
            validation_iterator = EpochIterator(
                val_x,
                val_y,
                val_sample_weight,
                batch_size=validation_batch_size or batch_size,
                steps_per_epoch=validation_steps,
                shuffle=False,
                steps_per_execution=model.steps_per_execution,
            )
        callback_list = CallbackList(
            callbacks,
            add_history=True,
            add_progbar=_verbose(verbose) != 0,
            model=model,
            verbose=_verbose(verbose),
            epochs=epochs,
            steps=iterator.num_batches,
        )
        model.stop_training = False
        callback_list.on_train_begin()
        # A callback that restores an interrupted run (BackupAndRestore) sets the epoch to resume.
        restored_epoch = getattr(model, "_initial_epoch", None)
        if restored_epoch is not None:
            initial_epoch = restored_epoch
            model._initial_epoch = None
        training_logs: dict | None = None
        for epoch in range(initial_epoch, epochs):
            model.reset_metrics()
            callback_list.on_epoch_begin(epoch)
            ran, step_logs = model._run_train_epoch(iterator, callback_list)
            if not ran:
                break
            epoch_logs = model._python_logs(step_logs)
            if validation_iterator is not None and _is_validation_epoch(epoch, validation_freq):
                val_logs = model._evaluate_loop(validation_iterator, callback_list)
                epoch_logs.update({f"val_{name}": value for name, value in val_logs.items()})
            callback_list.on_epoch_end(epoch, epoch_logs)
            training_logs = epoch_logs
            if model.stop_training:
                break
        model.sync_state()
        if getattr(model.optimizer, "use_ema", False):
            model.optimizer.finalize_variable_values(model.trainable_variables)
        callback_list.on_train_end(logs=training_logs)
        return callback_list.history

    def evaluate(
        self,
        x: Any = None,
        y: Any = None,
        batch_size: int | None = None,
        verbose: int | str = "auto",
        sample_weight: Any = None,
        steps: int | None = None,
        callbacks: list | None = None,
        return_dict: bool = False,
        **kwargs: Any,
    ) -> Any:
        """Returns the loss and metrics of the model on the data.

        Args:
            x: Inputs (as for `fit`).
            y: Targets, when `x` is arrays.
            batch_size: Samples per step for array inputs (default 32).
            verbose: 0 silent, 1 progress bar.
            sample_weight: Per-sample weights for array inputs.
            steps: Number of batches to evaluate (default: all).
            callbacks: `lamina.callbacks.Callback` instances.
            return_dict: Return `{name: value}` instead of a list ordered like
                `metrics_names` (a single float when there is only the loss).

        Example:
            >>> import numpy as np
            >>> import lamina
            >>> model = lamina.Sequential([lamina.Input((2,)), lamina.layers.Dense(1)])
            >>> model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
            >>> results = model.evaluate(np.ones((4, 2)), np.ones((4, 1)), verbose=0,
            ...                          return_dict=True)
            >>> sorted(results)
            ['loss', 'mae']
        """
        model: Any = self
        model._assert_compiled("evaluate")
        EpochIterator = _data_tools()[0]
        if kwargs:
            raise TypeError(
                f"{type(model).__name__} '{model.name}'.evaluate: unexpected keyword "
                f"argument(s) {sorted(kwargs)}."
            )
        iterator = EpochIterator(
            x,
            y,
            sample_weight,
            batch_size=batch_size,
            steps_per_epoch=steps,
            shuffle=False,
            steps_per_execution=model.steps_per_execution,
        )
        callback_list = CallbackList(
            callbacks,
            add_progbar=_verbose(verbose) != 0,
            model=model,
            verbose=_verbose(verbose),
            epochs=1,
            steps=iterator.num_batches,
        )
        logs = model._evaluate_loop(iterator, callback_list)
        return logs if return_dict else model._ordered_values(logs)

    def predict(
        self,
        x: Any,
        batch_size: int | None = None,
        verbose: int | str = "auto",
        steps: int | None = None,
        callbacks: list | None = None,
    ) -> Any:
        """Returns the model's outputs for the inputs `x` as NumPy arrays.

        Args:
            x: Inputs: arrays (or a list / dict of them) or a dataset (its `y` is ignored).
            batch_size: Samples per step for array inputs (default 32).
            verbose: 0 silent, 1 progress bar.
            steps: Number of batches (default: all).
            callbacks: `lamina.callbacks.Callback` instances.

        Example:
            >>> import numpy as np
            >>> import lamina
            >>> model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(2)])
            >>> model.predict(np.ones((5, 3)), verbose=0).shape
            (5, 2)
        """
        model: Any = self
        EpochIterator, _, unpack_x_y_sample_weight = _data_tools()
        iterator = EpochIterator(
            x,
            batch_size=batch_size,
            steps_per_epoch=steps,
            shuffle=False,
            steps_per_execution=getattr(model, "steps_per_execution", 1),
        )
        callback_list = CallbackList(
            callbacks,
            add_progbar=_verbose(verbose) != 0,
            model=model,
            verbose=_verbose(verbose),
            epochs=1,
            steps=iterator.num_batches,
        )
        model.sync_state()
        outputs: list = []
        callback_list.on_predict_begin()
        for step, batches in iterator.enumerate_epoch():
            callback_list.on_predict_batch_begin(step)
            batches = [model._to_engine_batch(b) for b in batches]
            if not model.built:
                model._first_predictions(unpack_x_y_sample_weight(batches[0])[0])
            predict_function = model.make_predict_function()
            results = predict_function(batches)
            outputs.extend(map_structure(backend.core.convert_to_numpy, r) for r in results)
            last_step = step + len(batches) - 1  # As Keras: the index of the last batch run.
            callback_list.on_predict_batch_end(last_step, {"outputs": results[-1]})
        callback_list.on_predict_end()
        if not outputs:
            raise ValueError(
                f"{type(model).__name__} '{model.name}'.predict received no batches: the "
                "input is empty."
            )
        return _concatenate(outputs)

    def train_on_batch(
        self,
        x: Any,
        y: Any = None,
        sample_weight: Any = None,
        class_weight: dict | None = None,
        return_dict: bool = False,
    ) -> Any:
        """Runs one training step on a single batch; returns the loss and metrics.

        Example:
            >>> import numpy as np
            >>> import lamina
            >>> model = lamina.Sequential([lamina.Input((2,)), lamina.layers.Dense(1)])
            >>> model.compile(optimizer="sgd", loss="mse")
            >>> loss = model.train_on_batch(np.ones((4, 2)), np.ones((4, 1)))
            >>> isinstance(loss, float)
            True
        """
        model: Any = self
        model._assert_compiled("train_on_batch")
        if class_weight is not None:
            from lamina.trainers.data_adapters.data_adapter_utils import (
                class_weight_to_sample_weights,
            )

            sample_weight = class_weight_to_sample_weights(y, class_weight)
        batch = model._to_engine_batch(_pack(x, y, sample_weight))
        model._build_for_training(batch)
        model.reset_metrics()
        logs = model.make_train_function()([batch])
        return model._batch_result(logs, return_dict)

    def test_on_batch(
        self, x: Any, y: Any = None, sample_weight: Any = None, return_dict: bool = False
    ) -> Any:
        """Returns the loss and metrics of the model on a single batch."""
        model: Any = self
        model._assert_compiled("test_on_batch")
        batch = model._to_engine_batch(_pack(x, y, sample_weight))
        model._build_for_training(batch)
        model.reset_metrics()
        logs = model.make_test_function()([batch])
        return model._batch_result(logs, return_dict)

    def predict_on_batch(self, x: Any) -> Any:
        """Returns the model's outputs for a single batch as NumPy arrays."""
        model: Any = self
        model.sync_state()
        batch = model._to_engine_batch((x,))
        if not model.built:
            model._first_predictions(x)
        outputs = model.make_predict_function()([batch])[0]
        return map_structure(backend.core.convert_to_numpy, outputs)

    # -- private ------------------------------------------------------------------------------
    def _run_train_epoch(
        self, iterator: EpochIterator, callback_list: CallbackList
    ) -> tuple[bool, Any]:
        """Runs one epoch; returns whether it ran any batch, and the last step's logs."""
        model: Any = self
        logs = None
        train_function = None
        with _deferred_results(model, callback_list, "on_train_batch_end"):
            for step, batches in iterator.enumerate_epoch():
                batches = [model._to_engine_batch(b) for b in batches]
                if train_function is None:
                    model._build_for_training(batches[0])
                    train_function = model.make_train_function()
                callback_list.on_train_batch_begin(step)
                logs = train_function(batches)
                # As Keras: batch_end gets the index of the last batch run (steps_per_execution).
                callback_list.on_train_batch_end(step + len(batches) - 1, logs)
                if model.stop_training:
                    break
        return train_function is not None, logs

    def _evaluate_loop(self, iterator: EpochIterator, callback_list: CallbackList) -> dict:
        model: Any = self
        model.reset_metrics()
        callback_list.on_test_begin()
        test_function = None
        step_logs = None
        with _deferred_results(model, callback_list, "on_test_batch_end"):
            for step, batches in iterator.enumerate_epoch():
                batches = [model._to_engine_batch(b) for b in batches]
                if test_function is None:
                    model._build_for_training(batches[0])
                    test_function = model.make_test_function()
                callback_list.on_test_batch_begin(step)
                step_logs = test_function(batches)
                callback_list.on_test_batch_end(step + len(batches) - 1, step_logs)
        logs = model._python_logs(step_logs)
        callback_list.on_test_end(logs)
        return logs

    def _python_logs(self, step_logs: Any = None) -> dict[str, Any]:
        """The metrics' results as Python floats; the last step's logs instead when a custom
        step returned other names than the metrics have (as Keras does)."""
        model: Any = self
        model.sync_state()
        logs = model.get_metrics_result()
        if isinstance(step_logs, dict):  # Not DeferredLogs: those are the metrics' results.
            flat = _flatten_logs(step_logs)
            if set(flat) != set(logs):
                logs = flat
        return {name: _to_python(value) for name, value in logs.items()}

    def _batch_result(self, step_logs: Any, return_dict: bool) -> Any:
        """The logs of a `*_on_batch` step as Python values: the step's own logs, as Keras
        returns them (the metrics were reset before the step, so these are its results)."""
        model: Any = self
        model.sync_state()
        if isinstance(step_logs, dict) and step_logs:
            logs = {name: _to_python(value) for name, value in _flatten_logs(step_logs).items()}
        else:
            logs = model._python_logs(step_logs)
        return logs if return_dict else model._ordered_values(logs)

    def _ordered_values(self, logs: dict[str, Any]) -> Any:
        """The values of `logs` in `metrics_names` order (others after); one value alone."""
        names = self.metrics_names  # type: ignore[attr-defined]
        values = [logs[name] for name in names if name in logs]
        values += [value for name, value in logs.items() if name not in names]
        return values[0] if len(values) == 1 else values


@contextlib.contextmanager
def _deferred_results(model: Any, callback_list: CallbackList, hook: str) -> Iterator[None]:
    """Lets an eager step return DeferredLogs while no callback keeps the batch logs."""
    model._defer_step_results = (
        model._steps_can_defer_results
        and model._uses_builtin_steps()
        and not callback_list.batch_logs_read_later(hook)
    )
    try:
        yield
    finally:
        model._defer_step_results = False


def _verbose(verbose: int | str) -> int:
    if verbose == "auto":
        return 1
    if verbose not in (0, 1, 2):
        raise ValueError(f"verbose must be 0, 1, 2 or 'auto', received {verbose!r}.")
    return int(verbose)


def _is_validation_epoch(epoch: int, validation_freq: int) -> bool:
    if not isinstance(validation_freq, int) or validation_freq < 1:
        raise ValueError(f"validation_freq must be a positive int, received {validation_freq!r}.")
    return (epoch + 1) % validation_freq == 0


def _pack(x: Any, y: Any, sample_weight: Any) -> tuple:
    if y is None:
        return (x,)
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def _to_python(value: Any) -> Any:
    array = np.asarray(backend.core.convert_to_numpy(value))
    return float(array) if array.ndim == 0 else array


def _flatten_logs(logs: dict) -> dict:
    # A custom step may return a metric whose result is a dict (`CompileMetrics`).
    flat: dict = {}
    for name, value in logs.items():
        if isinstance(value, dict):
            flat.update(_flatten_logs(value))
        else:
            flat[name] = value
    return flat


def _concatenate(outputs: list) -> Any:
    first = outputs[0]
    leaves = [flatten(o) for o in outputs]
    joined = [np.concatenate(parts, axis=0) for parts in zip(*leaves)]
    return pack_sequence_as(first, joined)
