"""Numpy backend: the engine side of `Model.fit` / `evaluate` / `predict`.

NumPy has no automatic differentiation, so the numpy backend is inference-only: `predict`
runs eagerly, `fit` and `evaluate` raise an error that says which backends train.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class BackendTrainer:
    """The numpy step functions: predict only."""

    _steps_can_defer_results = False  # Inference only: no training steps.

    def make_train_function(self, force: bool = False) -> Callable:
        raise _inference_only(self, "fit")

    def make_test_function(self, force: bool = False) -> Callable:
        raise _inference_only(self, "evaluate")

    def make_predict_function(self, force: bool = False) -> Callable:
        model: Any = self

        def predict_function(batches: list) -> list:
            return [model.predict_step(batch) for batch in batches]

        self.predict_function = predict_function
        return predict_function

    def predict_step(self, data: Any) -> Any:
        """Returns the model's predictions for a batch."""
        model: Any = self
        x, _, _ = model._unpack_batch(data)
        return model(x, training=False)

    def train_step(self, data: Any) -> dict:
        raise _inference_only(self, "train_step")

    def test_step(self, data: Any) -> dict:
        raise _inference_only(self, "test_step")

    def sync_state(self) -> None:
        """Nothing to do: variables always hold the current state."""


def _inference_only(model: Any, method: str) -> NotImplementedError:
    return NotImplementedError(
        f"{type(model).__name__} '{model.name}'.{method}: the numpy backend is inference-only "
        "(NumPy cannot compute gradients); predict works. Train with the torch or jax backend "
        "(LAMINA_BACKEND=torch or LAMINA_BACKEND=jax)."
    )
