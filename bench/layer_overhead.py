"""Per-call cost of a built lamina layer and model against the engine's own module, in one run.

    LAMINA_BACKEND=torch .venv/bin/python bench/layer_overhead.py

Dense(10) on a 32x10 float32 batch: lamina's Dense, a 2-layer Sequential of them, and the
engine's hand-written equivalent (torch.nn.Linear / a jnp expression), forward only, eager.
Prints µs per call and the ratio lamina / native; rounds are interleaved.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np

import lamina
from lamina import ops

BACKEND = lamina.backend.backend()


def _native(kernel: np.ndarray, bias: np.ndarray) -> Callable:
    if BACKEND == "torch":
        import torch

        linear = torch.nn.Linear(10, 10)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(kernel.T))
            linear.bias.copy_(torch.from_numpy(bias))
        return linear
    if BACKEND == "jax":
        import jax.numpy as jnp

        k, b = jnp.asarray(kernel), jnp.asarray(bias)
        return lambda x: jnp.matmul(x, k) + b
    return lambda x: np.matmul(x, kernel) + bias


def _time(fn: Callable, x: object, calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn(x)
    return (time.perf_counter() - start) / calls * 1e6


def main(rounds: int = 7, calls: int = 2000) -> None:
    x = ops.convert_to_tensor(np.random.default_rng(0).normal(size=(32, 10)).astype("float32"))
    dense = lamina.layers.Dense(10)
    dense(x)
    kernel, bias = dense.get_weights()
    model = lamina.Sequential(
        [lamina.Input(shape=(10,)), lamina.layers.Dense(10), lamina.layers.Dense(10)]
    )
    native = _native(kernel, bias)
    candidates = {"Dense(10)": dense, "Sequential(2 x Dense)": model}
    print(f"backend {BACKEND}: µs per forward call on a 32x10 batch (median of {rounds})")
    print(f"{'what':24s} {'lamina':>9s} {'native':>9s} {'ratio':>7s}")
    for name, layer in candidates.items():
        mine, theirs = [], []
        for _ in range(rounds):
            mine.append(_time(layer, x, calls))
            theirs.append(_time(native, x, calls))
        lam, nat = statistics.median(mine), statistics.median(theirs)
        print(f"{name:24s} {lam:9.2f} {nat:9.2f} {lam / nat:7.2f}")


if __name__ == "__main__":
    main()
