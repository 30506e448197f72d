"""Training throughput of lamina's `Model.fit` against the same model written natively.

    .venv/bin/python bench/fit_throughput.py              # torch, then jax (one process each)
    .venv/bin/python bench/fit_throughput.py --backend jax --quick
    .venv/bin/python bench/fit_throughput.py --threads 1  # torch on one thread (shared machines)

Workloads, on synthetic data, loss = sparse categorical cross-entropy from logits, Adam(1e-3):
- MLP 784-512-512-10 (relu), batch 128: samples per second after warm-up.
- Dense(10) on 32x10 batches: microseconds per step, i.e. the per-step overhead of the loop.
- CNN and LSTM rows wait for Conv2D (issue 5) and LSTM (issue 6).

lamina is measured through its public API: `model.fit(x, y, verbose=0)` on NumPy arrays, so
each step includes slicing a shuffled batch out of the arrays and handing it to the engine; the
tiny model also gets rows for `train_on_batch` and for the compiled train function called on a
batch already converted (no data pipeline). The native side is what a user writes by hand:
- torch: `nn.Sequential` + `torch.optim.Adam`, the data as tensors made once, each epoch a
  `torch.randperm` whose slices index the batches (the shuffling cost of fit).
- jax: a `jax.jit` step with a hand-written Adam and `donate_argnums`; each epoch a NumPy
  permutation whose slices index the NumPy arrays, each batch handed to the step.
Neither native loop tracks the loss; fit does (on-device, read once per epoch).

Each backend runs in its own process (lamina picks its engine at import), one after the other.
Within a process the runs are interleaved (lamina, native, lamina, native, ...) and the median
of `--repeats` is reported; the one-time cost of the first run (compilation) is shown in
brackets. Each ratio is the median of the repeats' own ratios (a lamina run and the native run
right after it). Absolute numbers drift with machine load (torch worst of all when its threads
compete with other processes); the ratios, measured side by side, are what to compare.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

BACKENDS = ("torch", "jax")
NUM_CLASSES = 10


@dataclass(frozen=True)
class Workload:
    name: str
    units: tuple[int, ...]  # Input features, then each Dense layer's units (last: logits).
    batch_size: int
    num_samples: int
    epochs: int
    kind: str = "mlp"  # "cnn": Conv2D 32 - Conv2D 64 - MaxPool - Dense 128 - Dense 10 on 28x28x1;
    # "lstm": LSTM(64) over 50 steps of 32 features, then Dense 10.


def workloads(quick: bool) -> tuple[Workload, Workload, Workload, Workload]:
    """The MLP, CNN and LSTM (throughput) and the tiny Dense(10) model (per-step overhead)."""
    scale = 1 if quick else 4
    mlp = Workload("MLP 784-512-512-10, b128", (784, 512, 512, 10), 128, 2048 * scale, 2)
    cnn = Workload("CNN 2xconv+pool+dense, b128", (784, 128, 10), 128, 256 * scale, 1, "cnn")
    lstm = Workload("LSTM(64), 50x32, b64", (64, 10), 64, 512 * scale, 1, "lstm")
    tiny = Workload("Dense(10), 32x10", (10, 10), 32, 4096 * scale, 2)
    return mlp, cnn, lstm, tiny


def synthetic_data(spec: Workload, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    shape = {"cnn": (28, 28, 1), "lstm": (50, 32)}.get(spec.kind, (spec.units[0],))
    x = rng.normal(size=(spec.num_samples, *shape)).astype("float32")
    y = rng.integers(0, NUM_CLASSES, size=spec.num_samples)
    return x, y


# -- lamina --------------------------------------------------------------------------------------
def lamina_model(spec: Workload) -> Any:
    import lamina

    layers: list = [lamina.Input(shape=(spec.units[0],))]
    if spec.kind == "cnn":
        layers = [
            lamina.Input(shape=(28, 28, 1)),
            lamina.layers.Conv2D(32, 3, activation="relu"),
            lamina.layers.Conv2D(64, 3, activation="relu"),
            lamina.layers.MaxPooling2D(2),
            lamina.layers.Flatten(),
        ]
    if spec.kind == "lstm":
        layers = [lamina.Input(shape=(50, 32)), lamina.layers.LSTM(spec.units[0])]
    for units in spec.units[1:-1]:
        layers.append(lamina.layers.Dense(units, activation="relu"))
    layers.append(lamina.layers.Dense(spec.units[-1]))
    model = lamina.Sequential(layers)
    model.compile(
        optimizer=lamina.optimizers.Adam(learning_rate=1e-3),
        loss=lamina.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    return model


def lamina_fit(spec: Workload) -> Callable[[int], float]:
    """Returns `run(epochs) -> seconds` training through `model.fit`."""
    model = lamina_model(spec)
    x, y = synthetic_data(spec)

    def run(epochs: int) -> float:
        start = time.perf_counter()
        model.fit(x, y, batch_size=spec.batch_size, epochs=epochs, verbose=0, shuffle=True)
        return time.perf_counter() - start

    return run


def lamina_train_on_batch(spec: Workload) -> Callable[[int], float]:
    """`run(epochs)` calling `train_on_batch` once per step on the same batch."""
    model = lamina_model(spec)
    x, y = synthetic_data(spec)
    x, y = x[: spec.batch_size], y[: spec.batch_size]
    steps = spec.num_samples // spec.batch_size

    def run(epochs: int) -> float:
        start = time.perf_counter()
        for _ in range(epochs * steps):
            model.train_on_batch(x, y)
        return time.perf_counter() - start

    return run


def lamina_train_function(spec: Workload) -> Callable[[int], float]:
    """`run(epochs)` calling the model's train function on one engine batch (no data loop)."""
    import lamina

    model = lamina_model(spec)
    x, y = synthetic_data(spec)
    model.train_on_batch(x[: spec.batch_size], y[: spec.batch_size])
    batch = (
        lamina.ops.convert_to_tensor(x[: spec.batch_size]),
        lamina.ops.convert_to_tensor(y[: spec.batch_size]),
    )
    train_function = model.make_train_function()
    steps = spec.num_samples // spec.batch_size

    def run(epochs: int) -> float:
        start = time.perf_counter()
        for _ in range(epochs * steps):
            logs = train_function([batch])
        lamina.ops.convert_to_numpy(logs["loss"])  # Waits for the last step.
        model.sync_state()
        return time.perf_counter() - start

    return run


# -- native torch --------------------------------------------------------------------------------
def torch_native(spec: Workload) -> Callable[[int], float]:
    import torch

    modules: list = []
    units = spec.units
    if spec.kind == "lstm":

        class LastState(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.lstm = torch.nn.LSTM(32, units[0], batch_first=True)

            def forward(self, x: Any) -> Any:
                return self.lstm(x)[1][0][0]  # The last hidden state, (batch, units).

        modules = [LastState()]
    if spec.kind == "cnn":
        # The usual torch layout: NCHW images (the data is transposed once, below).
        modules = [
            torch.nn.Conv2d(1, 32, 3),
            torch.nn.ReLU(),
            torch.nn.Conv2d(32, 64, 3),
            torch.nn.ReLU(),
            torch.nn.MaxPool2d(2),
            torch.nn.Flatten(),
            torch.nn.Linear(64 * 12 * 12, units[1]),
            torch.nn.ReLU(),
        ]
        units = units[1:]
    for index, (fan_in, fan_out) in enumerate(zip(units[:-1], units[1:])):
        modules.append(torch.nn.Linear(fan_in, fan_out))
        if index < len(units) - 2:
            modules.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*modules)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    x_np, y_np = synthetic_data(spec)
    if spec.kind == "cnn":
        x_np = np.ascontiguousarray(x_np.transpose(0, 3, 1, 2))
    x, y = torch.from_numpy(x_np), torch.from_numpy(y_np)

    def run(epochs: int) -> float:
        start = time.perf_counter()
        model.train()
        for _ in range(epochs):
            order = torch.randperm(spec.num_samples)
            for begin in range(0, spec.num_samples, spec.batch_size):
                indices = order[begin : begin + spec.batch_size]
                optimizer.zero_grad()
                loss = loss_fn(model(x[indices]), y[indices])
                loss.backward()
                optimizer.step()
        return time.perf_counter() - start

    return run


# -- native jax ----------------------------------------------------------------------------------
def jax_native(spec: Workload) -> Callable[[int], float]:
    import jax
    import jax.numpy as jnp

    rng = np.random.default_rng(1)
    params = []
    units = spec.units
    if spec.kind == "cnn":
        for shape in ((3, 3, 1, 32), (3, 3, 32, 64)):
            limit = np.sqrt(6.0 / (9 * shape[2] + 9 * shape[3]))
            kernel = rng.uniform(-limit, limit, size=shape).astype("float32")
            params.append((jnp.asarray(kernel), jnp.zeros((shape[3],), "float32")))
        units = (64 * 12 * 12, *units[1:])
    if spec.kind == "lstm":
        hidden = units[0]
        for shape in ((32, 4 * hidden), (hidden, 4 * hidden)):
            limit = np.sqrt(6.0 / sum(shape))
            kernel = rng.uniform(-limit, limit, size=shape).astype("float32")
            params.append((jnp.asarray(kernel), jnp.zeros((4 * hidden,), "float32")))
    for fan_in, fan_out in zip(units[:-1], units[1:]):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        kernel = rng.uniform(-limit, limit, size=(fan_in, fan_out)).astype("float32")
        params.append((jnp.asarray(kernel), jnp.zeros((fan_out,), "float32")))
    first, second = (jax.tree_util.tree_map(jnp.zeros_like, params) for _ in range(2))
    state = (params, (first, second, jnp.zeros((), "int32")))

    def loss_fn(params: list, x: jax.Array, y: jax.Array) -> jax.Array:
        if spec.kind == "cnn":
            for kernel, bias in params[:2]:
                x = jax.lax.conv_general_dilated(
                    x, kernel, (1, 1), "VALID", dimension_numbers=("NHWC", "HWIO", "NHWC")
                )
                x = jax.nn.relu(x + bias)
            x = jax.lax.reduce_window(x, -jnp.inf, jax.lax.max, (1, 2, 2, 1), (1, 2, 2, 1), "VALID")
            x = x.reshape(x.shape[0], -1)
            params = params[2:]
        if spec.kind == "lstm":
            x = _jax_lstm_last_state(params[0], params[1], x)
            params = params[2:]
        for kernel, bias in params[:-1]:
            x = jax.nn.relu(x @ kernel + bias)
        logits = x @ params[-1][0] + params[-1][1]
        log_probs = jax.nn.log_softmax(logits)
        return -jnp.mean(jnp.take_along_axis(log_probs, y[:, None], axis=1))

    def step(state: tuple, x: jax.Array, y: jax.Array) -> tuple:
        params, (first, second, count) = state
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        count = count + 1
        beta_1, beta_2, epsilon, learning_rate = 0.9, 0.999, 1e-7, 1e-3
        first = jax.tree_util.tree_map(lambda m, g: m + (g - m) * (1 - beta_1), first, grads)
        second = jax.tree_util.tree_map(lambda v, g: v + (g * g - v) * (1 - beta_2), second, grads)
        t = count.astype("float32")
        rate = learning_rate * jnp.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        params = jax.tree_util.tree_map(
            lambda p, m, v: p - rate * m / (jnp.sqrt(v) + epsilon), params, first, second
        )
        return (params, (first, second, count)), loss

    jitted = jax.jit(step, donate_argnums=(0,))
    x, y = synthetic_data(spec)
    y = y.astype("int32")
    holder = [state]

    def run(epochs: int) -> float:
        start = time.perf_counter()
        state = holder[0]
        for _ in range(epochs):
            order = np.random.permutation(spec.num_samples)
            for begin in range(0, spec.num_samples, spec.batch_size):
                indices = order[begin : begin + spec.batch_size]
                state, _ = jitted(state, x[indices], y[indices])
        jax.block_until_ready(state)
        holder[0] = state
        return time.perf_counter() - start

    return run


def _jax_lstm_last_state(cell_input: tuple, cell_recurrent: tuple, x: Any) -> Any:
    """A hand-written LSTM (gates i, f, c, o) over (batch, time, features) with lax.scan."""
    import jax
    import jax.numpy as jnp

    kernel, bias = cell_input
    recurrent_kernel, _ = cell_recurrent
    units = recurrent_kernel.shape[0]

    def step(carry: tuple, inputs: Any) -> tuple:
        h, c = carry
        z = inputs @ kernel + h @ recurrent_kernel + bias
        i, f, g, o = jnp.split(z, 4, axis=-1)
        c = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
        h = jax.nn.sigmoid(o) * jnp.tanh(c)
        return (h, c), None

    zeros = jnp.zeros((x.shape[0], units), x.dtype)
    (h, _), _ = jax.lax.scan(step, (zeros, zeros), jnp.swapaxes(x, 0, 1))
    return h


# -- measurement ---------------------------------------------------------------------------------
def measure(runners: dict[str, Callable[[int], float]], spec: Workload, repeats: int) -> dict:
    """Warms each runner up with one epoch, then times `spec.epochs` epochs `repeats` times,
    the runners interleaved. Returns `{name: (median seconds per epoch, first-run extra)}`;
    `paired_ratio` turns the same timings into a ratio of two runners."""
    first = {name: run(1) for name, run in runners.items()}
    times: dict[str, list[float]] = {name: [] for name in runners}
    for _ in range(repeats):
        for name, run in runners.items():
            times[name].append(run(spec.epochs) / spec.epochs)
    _last_times.clear()
    _last_times.update(times)
    results = {}
    for name, values in times.items():
        per_epoch = statistics.median(values)
        results[name] = (per_epoch, max(0.0, first[name] - per_epoch))
    return results


# The per-repeat timings of the last `measure` call, for `paired_ratio`.
_last_times: dict[str, list[float]] = {}


def paired_ratio(numerator: str, denominator: str) -> float:
    """The median over repeats of `time[denominator] / time[numerator]` from the last
    `measure`: each repeat's two runs ran back to back, so a change of machine load between
    repeats moves both sides of a pair alike (a ratio of the two medians would mix repeats)."""
    pairs = zip(_last_times[numerator], _last_times[denominator])
    return statistics.median(other / mine for mine, other in pairs)


_LAMINA_PATHS = {
    "fit": "model.fit",
    "train_on_batch": "model.train_on_batch",
    "train_function": "train function, engine batch",
}


def run_backend(backend: str, args: argparse.Namespace) -> None:
    """Measures every workload on one backend, in this process, and prints the tables."""
    os.environ["LAMINA_BACKEND"] = backend
    import lamina

    if lamina.backend.backend() != backend:
        raise SystemExit(
            f"fit_throughput: asked for {backend}, lamina imported {lamina.backend.backend()}."
        )
    np.random.seed(0)
    lamina.utils.set_random_seed(0)
    native = torch_native if backend == "torch" else jax_native
    engine = _engine_description(backend, args.threads)
    load = os.getloadavg()[0]
    print(
        f"\n### backend {backend} ({engine}); median of {args.repeats} interleaved repeats "
        "(ratios: median of each repeat's pair); "
        f"load average {load:.1f} on {os.cpu_count()} CPUs at the start\n"
    )
    mlp, cnn, lstm, tiny = workloads(args.quick)
    print("| samples/s [first-run extra] | lamina fit | native loop | lamina / native |")
    print("|---|---:|---:|---:|")
    for spec in (mlp, cnn, lstm):
        result = measure({"lamina": lamina_fit(spec), "native": native(spec)}, spec, args.repeats)
        _print_throughput(spec, result)
    runners = {
        "fit": lamina_fit(tiny),
        "native": native(tiny),
        "train_on_batch": lamina_train_on_batch(tiny),
        "train_function": lamina_train_function(tiny),
    }
    _print_overhead(tiny, measure(runners, tiny, args.repeats))
    sys.stdout.flush()


def _print_throughput(spec: Workload, result: dict) -> None:
    (lamina_epoch, lamina_first), (native_epoch, native_first) = result["lamina"], result["native"]
    lamina_rate, native_rate = spec.num_samples / lamina_epoch, spec.num_samples / native_epoch
    print(
        f"| {spec.name} | {lamina_rate:,.0f} [{lamina_first:.2f} s] | "
        f"{native_rate:,.0f} [{native_first:.2f} s] | {paired_ratio('lamina', 'native'):.2f} |"
    )


def _print_overhead(spec: Workload, result: dict) -> None:
    steps = spec.num_samples // spec.batch_size
    micros = {name: seconds / steps * 1e6 for name, (seconds, _) in result.items()}
    print(f"\nPer-step overhead, {spec.name} (µs/step; lamina / native, lower is better)\n")
    print("| lamina path | lamina µs/step | native µs/step | lamina / native |")
    print("|---|---:|---:|---:|")
    for name, label in _LAMINA_PATHS.items():
        print(
            f"| {label} | {micros[name]:,.0f} | {micros['native']:,.0f} | "
            f"{1 / paired_ratio(name, 'native'):.2f} |"
        )


def _engine_description(backend: str, threads: int | None) -> str:
    if backend == "torch":
        import torch

        if threads:
            torch.set_num_threads(threads)
        return f"torch {torch.__version__}, {torch.get_num_threads()} threads"
    import jax

    return f"jax {jax.__version__}, {jax.devices()[0].platform}"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--backend",
        choices=(*BACKENDS, "all"),
        default="all",
        help="one backend in this process, or 'all': each in its own process",
    )
    parser.add_argument("--quick", action="store_true", help="a quarter of the data per run")
    parser.add_argument(
        "--repeats",
        type=int,
        default=None,
        help="interleaved timed runs per side (default 3 with --quick, else 9)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="torch intra-op threads for both sides (default: torch's own)",
    )
    args = parser.parse_args(argv)
    if args.repeats is None:
        # Pairs of runs swing by ±10 % on a shared 2-core machine: 9 pairs give a stable median.
        args.repeats = 3 if args.quick else 9
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.backend != "all":
        run_backend(args.backend, args)
        return
    forwarded = ["--repeats", str(args.repeats)]
    forwarded += ["--quick"] if args.quick else []
    forwarded += ["--threads", str(args.threads)] if args.threads else []
    for backend in BACKENDS:
        command = [sys.executable, os.path.abspath(__file__), *forwarded, "--backend", backend]
        env = dict(os.environ, LAMINA_BACKEND=backend)
        completed = subprocess.run(command, env=env, check=False)
        if completed.returncode != 0:
            raise SystemExit(f"fit_throughput: the {backend} run failed ({completed.returncode}).")


if __name__ == "__main__":
    main()
