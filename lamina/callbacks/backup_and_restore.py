"""`BackupAndRestore`: resumes a fit that was interrupted, from the last backup."""

from __future__ import annotations

import json
import os
import shutil

from lamina.callbacks.callback import Callback
from lamina.saving.file_writes import atomic_write


class BackupAndRestore(Callback):
    """Backs up the training state (weights, optimizer state and the epoch) to `backup_dir`
    at the end of each epoch (or every `save_freq` batches); a later `fit` with the same
    callback restores it and continues from the next epoch.

    Args:
        backup_dir: The folder holding the backup (created if missing).
        save_freq: `"epoch"`, a number of batches between backups, or False (no backups are
            written; an existing one is still restored).
        double_checkpoint: Keep the previous backup as well, used if the latest is damaged.
        delete_checkpoint: Delete the backup when training finishes.

    Example:
        >>> import tempfile
        >>> import lamina
        >>> callback = lamina.callbacks.BackupAndRestore(tempfile.mkdtemp())
        >>> callback.save_freq
        'epoch'
    """

    def __init__(
        self,
        backup_dir: str | os.PathLike,
        save_freq: str | int = "epoch",
        double_checkpoint: bool = False,
        delete_checkpoint: bool = True,
    ) -> None:
        super().__init__()
        if not backup_dir:
            raise ValueError("BackupAndRestore: backup_dir must be a non-empty path.")
        if save_freq not in ("epoch", False) and (
            not isinstance(save_freq, int) or isinstance(save_freq, bool) or save_freq < 1
        ):
            raise ValueError(
                "BackupAndRestore: save_freq must be 'epoch', False or a positive int, "
                f"received {save_freq!r}."
            )
        self.backup_dir = os.fspath(backup_dir)
        self.save_freq = save_freq
        self.double_checkpoint = double_checkpoint
        self.delete_checkpoint = delete_checkpoint
        self._weights_path = os.path.join(self.backup_dir, "latest.weights.h5")
        self._state_path = os.path.join(self.backup_dir, "training_metadata.json")
        self._previous_weights = os.path.join(self.backup_dir, "previous.weights.h5")
        self._previous_state = os.path.join(self.backup_dir, "previous_metadata.json")
        self._batches_seen = 0
        self._epoch = 0

    def on_train_begin(self, logs: dict | None = None) -> None:
        model = self.model
        for weights, state in (
            (self._weights_path, self._state_path),
            (self._previous_weights, self._previous_state),
        ):
            if not (os.path.exists(weights) and os.path.exists(state)):
                continue
            try:
                with open(state, encoding="utf-8") as file:
                    metadata = json.load(file)
                model.load_weights(weights)
            except (OSError, ValueError, KeyError):
                continue  # A damaged backup: try the previous one.
            model._initial_epoch = int(metadata["epoch"]) + 1
            return

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._epoch = epoch

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        if isinstance(self.save_freq, int) and not isinstance(self.save_freq, bool):
            self._batches_seen += 1
            if self._batches_seen % self.save_freq == 0:
                # Mid-epoch: the epoch is not finished, so a restore starts it again.
                self._backup(self._epoch - 1)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if self.save_freq == "epoch":
            self._backup(epoch)

    def on_train_end(self, logs: dict | None = None) -> None:
        if self.delete_checkpoint and os.path.isdir(self.backup_dir):
            shutil.rmtree(self.backup_dir, ignore_errors=True)

    def _backup(self, completed_epoch: int) -> None:
        os.makedirs(self.backup_dir, exist_ok=True)
        if self.double_checkpoint and os.path.exists(self._weights_path):
            os.replace(self._weights_path, self._previous_weights)
            if os.path.exists(self._state_path):
                os.replace(self._state_path, self._previous_state)
        self.model.save_weights(self._weights_path, overwrite=True)
        with atomic_write(self._state_path, mode="w") as file:
            json.dump({"epoch": completed_epoch}, file)
