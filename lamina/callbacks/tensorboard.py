"""`TensorBoard`: writes training metrics and weight histograms for TensorBoard."""

from __future__ import annotations

import os
import time
from typing import Any

import numpy as np

from lamina import backend
from lamina.callbacks import monitor_utils
from lamina.callbacks.callback import Callback
from lamina.utils.summary_writer import SummaryWriter


class TensorBoard(Callback):
    """Writes event files that TensorBoard (`tensorboard --logdir=<log_dir>`) displays.

    Written as Keras writes them: training values to `<log_dir>/train`, validation values to
    `<log_dir>/validation`.

    - At each epoch end: `epoch_<name>` scalars at step `epoch` (`epoch_loss`,
      `epoch_accuracy`, ...; the `val_` logs go to `validation` without their prefix), and
      `epoch_learning_rate`.
    - With `update_freq="batch"` or an int `n`: `batch_<name>` scalars (the epoch's running
      values) every `n` training batches, at the step counting batches since fit started.
    - Every `histogram_freq` epochs: one histogram per weight, tagged with the variable's
      path (e.g. `dense/kernel`); NaN and infinite entries are left out.
    - At the end of each evaluation (also fit's validation): `evaluation_<name>_vs_iterations`
      scalars in `validation`, at step `optimizer.iterations`.

    Args:
        log_dir: The folder of the run; should not be shared with other callbacks.
        histogram_freq: Write weight histograms every this many epochs (0: never).
        write_graph: Accepted for Keras compatibility; lamina writes no graph (no-op).
        write_images: Writing weights as images is not supported: must be `False`.
        write_steps_per_second: Also write `epoch_steps_per_second` (and
            `batch_steps_per_second` at the batches written).
        update_freq: `"epoch"`, `"batch"` (every batch) or a positive int (every that many
            batches) for the batch-level scalars.
        profile_batch: Profiling is not supported: must be 0.
        embeddings_freq: Embedding projections are not supported: must be 0.
        embeddings_metadata: Accepted for Keras compatibility; unused.

    Example:
        >>> import os, tempfile
        >>> import lamina
        >>> log_dir = tempfile.mkdtemp()
        >>> model = lamina.Sequential([lamina.Input((2,)), lamina.layers.Dense(1)])
        >>> model.compile(optimizer="sgd", loss="mse")
        >>> callback = lamina.callbacks.TensorBoard(log_dir, histogram_freq=1)
        >>> callback.set_model(model)
        >>> callback.on_train_begin()
        >>> callback.on_epoch_begin(0)
        >>> callback.on_epoch_end(0, {"loss": 0.5, "val_loss": 0.7})
        >>> callback.on_train_end()
        >>> sorted(os.listdir(log_dir))
        ['train', 'validation']
    """

    def __init__(
        self,
        log_dir: str | os.PathLike[str] = "logs",
        histogram_freq: int = 0,
        write_graph: bool = True,
        write_images: bool = False,
        write_steps_per_second: bool = False,
        update_freq: str | int = "epoch",
        profile_batch: int | tuple[int, int] | str = 0,
        embeddings_freq: int = 0,
        embeddings_metadata: Any = None,
    ) -> None:
        super().__init__()
        if not isinstance(log_dir, (str, os.PathLike)):
            raise TypeError(
                f"TensorBoard: log_dir must be a str or os.PathLike folder, received "
                f"{type(log_dir).__name__} {log_dir!r}."
            )
        if isinstance(histogram_freq, bool) or not isinstance(histogram_freq, int):
            raise ValueError(
                f"TensorBoard: histogram_freq must be an int >= 0, received {histogram_freq!r}."
            )
        if histogram_freq < 0:
            raise ValueError(
                f"TensorBoard: histogram_freq must be an int >= 0, received {histogram_freq!r}."
            )
        _check_unsupported(write_images, profile_batch, embeddings_freq)
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq = histogram_freq
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        self.update_freq = _check_update_freq(update_freq)
        self.profile_batch = profile_batch
        self.embeddings_freq = embeddings_freq
        self.embeddings_metadata = embeddings_metadata
        self._writers: dict[str, SummaryWriter] = {}
        self._training = False
        self._global_train_batch = 0
        self._epoch_batches = 0
        self._epoch_start = 0.0
        self._batch_start = 0.0

    def set_model(self, model: Any) -> None:
        self._close_writers()
        super().set_model(model)

    # -- hooks ---------------------------------------------------------------------------------
    def on_train_begin(self, logs: dict | None = None) -> None:
        self._training = True
        self._global_train_batch = 0

    def on_train_end(self, logs: dict | None = None) -> None:
        self._training = False
        self._close_writers()

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._epoch_batches = 0
        self._epoch_start = time.perf_counter()

    def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        if self.write_steps_per_second:
            self._batch_start = time.perf_counter()

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        self._global_train_batch += 1
        self._epoch_batches += 1
        update_freq = self.update_freq
        if not isinstance(update_freq, int) or self._global_train_batch % update_freq:
            return
        step = self._global_train_batch
        writer = self._writer("train")
        for name, value in (logs or {}).items():
            if _is_scalar(value):
                writer.add_scalar(f"batch_{name}", value, step)
        if self.write_steps_per_second:
            elapsed = time.perf_counter() - self._batch_start
            writer.add_scalar("batch_steps_per_second", 1.0 / max(elapsed, 1e-9), step)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        logs = logs or {}
        train_logs = {name: value for name, value in logs.items() if not name.startswith("val_")}
        val_logs = {name[4:]: value for name, value in logs.items() if name.startswith("val_")}
        learning_rate = self._learning_rate()
        if learning_rate is not None:
            train_logs["learning_rate"] = learning_rate
        if self.write_steps_per_second:
            elapsed = time.perf_counter() - self._epoch_start
            train_logs["steps_per_second"] = self._epoch_batches / max(elapsed, 1e-9)
        self._write_scalars("train", "epoch_", train_logs, epoch)
        self._write_scalars("validation", "epoch_", val_logs, epoch)
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._write_histograms(epoch)
        for writer in self._writers.values():
            writer.flush()

    def on_test_end(self, logs: dict | None = None) -> None:
        iterations = getattr(getattr(self.model, "optimizer", None), "iterations", None)
        if iterations is not None and logs:
            step = int(monitor_utils.to_float(iterations))
            named = {f"{name}_vs_iterations": value for name, value in logs.items()}
            self._write_scalars("validation", "evaluation_", named, step)
        if self._training:
            return
        # evaluate() outside fit: no on_train_end will close the file.
        self._close_writers()

    # -- private -------------------------------------------------------------------------------
    def _writer(self, kind: str) -> SummaryWriter:
        # Created on first use, so a run without validation has no "validation" folder.
        writer = self._writers.get(kind)
        if writer is None:
            writer = SummaryWriter(os.path.join(self.log_dir, kind))
            self._writers[kind] = writer
        return writer

    def _close_writers(self) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers = {}

    def _write_scalars(self, kind: str, prefix: str, values: dict, step: int) -> None:
        scalars = {name: value for name, value in values.items() if _is_scalar(value)}
        if not scalars:
            return
        writer = self._writer(kind)
        for name, value in scalars.items():
            writer.add_scalar(f"{prefix}{name}", value, step)
        writer.flush()

    def _write_histograms(self, epoch: int) -> None:
        # `self.model` writes a running jax loop's state into the variables first.
        weights = self.model.weights
        writer = self._writer("train")
        for variable in weights:
            values = np.asarray(variable.numpy())
            if values.dtype.kind not in "biuf":
                continue
            values = values.astype(np.float64).reshape(-1)
            writer.add_histogram(variable.path, values[np.isfinite(values)], epoch)
        writer.flush()

    def _learning_rate(self) -> float | None:
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is None or not hasattr(optimizer, "learning_rate"):
            return None
        return monitor_utils.read_learning_rate(optimizer)


def _is_scalar(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    if isinstance(value, (np.ndarray, np.generic)):
        return value.size == 1 and value.dtype.kind in "iuf"
    if backend.core.is_tensor(value):
        return int(np.prod(tuple(value.shape))) == 1
    return False


def _check_update_freq(update_freq: Any) -> str | int:
    if update_freq == "batch":
        return 1
    if update_freq == "epoch":
        return "epoch"
    if isinstance(update_freq, int) and not isinstance(update_freq, bool) and update_freq >= 1:
        return update_freq
    raise ValueError(
        "TensorBoard: update_freq must be 'epoch', 'batch' or a positive int (write every "
        f"that many batches), received {update_freq!r}."
    )


def _check_unsupported(write_images: Any, profile_batch: Any, embeddings_freq: Any) -> None:
    if write_images:
        raise ValueError(
            "TensorBoard: write_images=True is not supported by lamina (weights cannot be "
            "written as images yet). Pass write_images=False; weight histograms are written "
            "with histogram_freq."
        )
    if profile_batch not in (0, None, "0", (0, 0), [0, 0], "0,0"):
        raise ValueError(
            "TensorBoard: profiling is not supported by lamina, so profile_batch must be 0, "
            f"received {profile_batch!r}. Use the backend's own profiler (torch.profiler, "
            "jax.profiler) around fit instead."
        )
    if embeddings_freq:
        raise ValueError(
            "TensorBoard: embedding projections are not supported by lamina, so "
            f"embeddings_freq must be 0, received {embeddings_freq!r}."
        )
