"""`SwapEMAWeights`: evaluates (and optionally checkpoints) with the optimizer's moving
averages of the weights."""

from __future__ import annotations

from typing import Any

import numpy as np

from lamina.callbacks.callback import Callback


class SwapEMAWeights(Callback):
    """Puts the optimizer's exponential moving averages (EMA) of the weights into the model
    while it is evaluated or predicts, and the trained weights back afterwards.

    Use it with an optimizer created with `use_ema=True`. Validation during `fit`,
    `evaluate` and `predict` then see the averaged weights, while training goes on from the
    trained ones. With `swap_on_epoch=True` the averages also stay in the model from the end
    of each epoch to the start of the next, so callbacks placed after this one in the list
    (e.g. `ModelCheckpoint`) save them.

    The trained weights are kept aside as NumPy copies while the averages are in the model;
    the averages themselves are never overwritten, so at the end of `fit` the model holds
    the averages (as `fit` always does with `use_ema=True`).

    Args:
        swap_on_epoch: Also swap at the end of each epoch, back at the start of the next.

    Example:
        >>> import lamina
        >>> model = lamina.Sequential([lamina.Input((1,)), lamina.layers.Dense(1)])
        >>> optimizer = lamina.optimizers.SGD(learning_rate=0.5, use_ema=True, ema_momentum=0.9)
        >>> model.compile(optimizer=optimizer, loss="mse")
        >>> for _ in range(3):
        ...     _ = optimizer.apply([lamina.ops.ones((1, 1)), lamina.ops.ones((1,))],
        ...                         model.trainable_variables)
        >>> callback = lamina.callbacks.SwapEMAWeights()
        >>> callback.set_model(model)
        >>> trained = model.layers[0].bias.numpy().tolist()
        >>> callback.on_test_begin()
        >>> averaged = model.layers[0].bias.numpy().tolist()
        >>> callback.on_test_end()
        >>> trained, [round(value, 4) for value in averaged]
        ([-1.5], [-0.645])
        >>> model.layers[0].bias.numpy().tolist() == trained
        True
    """

    def __init__(self, swap_on_epoch: bool = False) -> None:
        super().__init__()
        self.swap_on_epoch = swap_on_epoch
        # The trained weights while the averages are in the model, and which hook swapped.
        self._trained_values: list[np.ndarray] | None = None
        self._swapped_by: str | None = None

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._swap_back("epoch")

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if self.swap_on_epoch:
            self._swap_in("epoch")

    def on_test_begin(self, logs: dict | None = None) -> None:
        self._swap_in("test")

    def on_test_end(self, logs: dict | None = None) -> None:
        self._swap_back("test")

    def on_predict_begin(self, logs: dict | None = None) -> None:
        self._swap_in("predict")

    def on_predict_end(self, logs: dict | None = None) -> None:
        self._swap_back("predict")

    def on_train_end(self, logs: dict | None = None) -> None:
        # fit has already set the weights to the averages: nothing to put back.
        self._trained_values = None
        self._swapped_by = None

    def _ema_optimizer(self) -> Any:
        # `self.model` writes a running jax loop's state into the variables first.
        optimizer = getattr(self.model, "optimizer", None)
        optimizer = getattr(optimizer, "inner_optimizer", optimizer)
        if not getattr(optimizer, "use_ema", False):
            described = (
                "the model has no optimizer"
                if optimizer is None
                else f"the model's optimizer {type(optimizer).__name__} "
                f"'{getattr(optimizer, 'name', '?')}' has use_ema="
                f"{getattr(optimizer, 'use_ema', None)}"
            )
            raise ValueError(
                "SwapEMAWeights needs an optimizer that keeps moving averages of the weights, "
                f"but {described}. Compile with e.g. lamina.optimizers.Adam(use_ema=True)."
            )
        return optimizer

    def _swap_in(self, reason: str) -> None:
        if self._trained_values is not None:
            return  # The averages are in the model already.
        optimizer = self._ema_optimizer()
        variables = list(getattr(optimizer, "_trainable_variables", []))
        averages = list(getattr(optimizer, "_model_variables_moving_average", []))
        if not variables or len(variables) != len(averages):
            return  # Not built yet (no training step ran): there are no averages.
        self._trained_values = [variable.numpy() for variable in variables]
        self._swapped_by = reason
        for variable, average in zip(variables, averages):
            variable.assign(average.numpy())

    def _swap_back(self, reason: str) -> None:
        if self._trained_values is None or self._swapped_by != reason:
            return
        optimizer = self._ema_optimizer()
        variables = list(optimizer._trainable_variables)
        for variable, value in zip(variables, self._trained_values):
            variable.assign(value)
        self._trained_values = None
        self._swapped_by = None
