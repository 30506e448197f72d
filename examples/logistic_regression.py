"""Logistic regression trained with lamina ops and the backend's gradients.

An ops-level demo until `Model.fit` lands: a linear model classifies two Gaussian blobs,
gradients come from the active backend (torch or jax), and the loss and accuracy are printed.

    LAMINA_BACKEND=jax python examples/logistic_regression.py
"""

from __future__ import annotations

import numpy as np

import lamina
from lamina import ops


def make_data(n: int = 512, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centers = np.array([[-1.0, -1.0], [1.5, 1.0]], dtype="float32")
    labels = rng.integers(0, 2, size=n)
    points = centers[labels] + rng.normal(scale=0.8, size=(n, 2)).astype("float32")
    return points.astype("float32"), labels.astype("float32")


def loss_fn(params: list, x: object, y: object) -> object:
    weights, bias = params
    logits = ops.squeeze(ops.matmul(x, weights), axis=-1) + bias
    return ops.mean(ops.nn.binary_crossentropy(y, logits, from_logits=True))


def main() -> None:
    if lamina.backend.backend() == "numpy":
        raise SystemExit(
            "The numpy backend is inference-only: run with LAMINA_BACKEND=torch or jax."
        )
    x_np, y_np = make_data()
    x, y = ops.convert_to_tensor(x_np), ops.convert_to_tensor(y_np)
    params = [ops.zeros((2, 1)), ops.zeros(())]
    grad_fn = lamina.backend.core.value_and_grad(loss_fn)
    learning_rate = 0.5
    for step in range(101):
        loss, grads = grad_fn(params, x, y)
        params = [p - learning_rate * g for p, g in zip(params, grads)]
        if step % 20 == 0:
            print(f"step {step:3d}  loss {float(ops.convert_to_numpy(loss)):.4f}")
    logits = ops.squeeze(ops.matmul(x, params[0]), axis=-1) + params[1]
    accuracy = float(np.mean((ops.convert_to_numpy(logits) > 0) == (y_np > 0.5)))
    print(f"backend {lamina.backend.backend()}: accuracy {accuracy:.3f}")
    if accuracy < 0.85:
        raise SystemExit("training did not converge")


if __name__ == "__main__":
    main()
