"""Per-call overhead of lamina.ops against the engine's own function, measured in one run.

    LAMINA_BACKEND=torch .venv/bin/python bench/op_overhead.py

Prints, for a few hot-path ops on small tensors, microseconds per call for lamina and for the
engine called directly, and their ratio (lamina / native; 1.0 = no overhead). Rounds of the two
are interleaved so that machine noise hits both alike.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np

import lamina
from lamina import ops

BACKEND = lamina.backend.backend()


def _native() -> dict[str, Callable]:
    if BACKEND == "torch":
        import torch

        return {
            "add": torch.add,
            "multiply": torch.multiply,
            "matmul": torch.matmul,
            "exp": torch.exp,
            "sum": lambda x: torch.sum(x, dim=1),
        }
    if BACKEND == "jax":
        import jax.numpy as jnp

        return {
            "add": jnp.add,
            "multiply": jnp.multiply,
            "matmul": jnp.matmul,
            "exp": jnp.exp,
            "sum": lambda x: jnp.sum(x, axis=1),
        }
    return {
        "add": np.add,
        "multiply": np.multiply,
        "matmul": np.matmul,
        "exp": np.exp,
        "sum": lambda x: np.sum(x, axis=1),
    }


def _lamina() -> dict[str, Callable]:
    return {
        "add": ops.add,
        "multiply": ops.multiply,
        "matmul": getattr(ops, "matmul", None),
        "exp": ops.exp,
        "sum": lambda x: ops.sum(x, axis=1),
    }


def _time_per_call(fn: Callable, args: tuple, calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn(*args)
    return (time.perf_counter() - start) / calls * 1e6


def main(rounds: int = 7, calls: int = 2000) -> None:
    x = ops.convert_to_tensor(np.random.default_rng(0).normal(size=(32, 32)).astype("float32"))
    arity = {"add": 2, "multiply": 2, "matmul": 2, "exp": 1, "sum": 1}
    native, mine = _native(), _lamina()
    print(f"backend {BACKEND}: us per call on a 32x32 float32 tensor (median of {rounds})")
    print(f"{'op':10s} {'lamina':>9s} {'native':>9s} {'ratio':>7s}")
    for name, n in arity.items():
        if mine[name] is None:
            continue
        args = (x,) * n
        lamina_times, native_times = [], []
        for _ in range(rounds):
            lamina_times.append(_time_per_call(mine[name], args, calls))
            native_times.append(_time_per_call(native[name], args, calls))
        lam, nat = statistics.median(lamina_times), statistics.median(native_times)
        print(f"{name:10s} {lam:9.2f} {nat:9.2f} {lam / nat:7.2f}")


if __name__ == "__main__":
    main()
