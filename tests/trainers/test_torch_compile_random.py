"""Random draws under torch.compile: one graph, no recompiles, the counter-based stream."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers, ops, random
from tests.conftest import BACKEND

pytestmark = [
    pytest.mark.skipif(
        BACKEND != "torch", reason="torch.compile (dynamo) exists on the torch backend only"
    ),
    # Importing torch's compiler (its first use in a process) warns from inside torch.
    pytest.mark.filterwarnings("ignore:`torch.jit.script_method` is deprecated:DeprecationWarning"),
]


def host(x):
    return np.asarray(ops.convert_to_numpy(x))


@pytest.fixture
def traced_stream(monkeypatch):
    """Makes eager torch draw from the stream that compiled code draws from."""
    from lamina.backend.torch import random as torch_random

    monkeypatch.setattr(torch_random, "_traced", lambda: True)


def _draws(seed, logits, x):
    return [
        random.uniform((3, 2), minval=-1.0, maxval=2.0, seed=seed),
        random.normal((5,), mean=1.0, stddev=2.0, seed=seed),
        random.normal((3,), dtype="float64", seed=seed),
        random.truncated_normal((4,), seed=seed),
        random.randint((6,), -2, 9, seed=seed),
        random.categorical(logits, 4, seed=seed),
        random.dropout(x, 0.5, seed=seed),
        random.shuffle(x, axis=1, seed=seed),
        random.uniform((2,), seed=7),
    ]


def test_random_ops_compile_into_one_graph_that_matches_the_eager_stream(traced_stream):
    import torch
    from torch._dynamo.utils import counters

    torch._dynamo.reset()
    counters.clear()
    # fullgraph=True raises on any graph break; backend="eager" runs the captured graph with
    # torch's own kernels, so its numbers are the stream's, bit for bit.
    step = torch.compile(_draws, backend="eager", fullgraph=True)
    logits = ops.convert_to_tensor(np.log([[0.2, 0.5, 0.3], [0.6, 0.3, 0.1]]), "float32")
    x = ops.convert_to_tensor(np.arange(12.0).reshape(4, 3), "float32")
    compiled_generator, eager_generator = random.SeedGenerator(5), random.SeedGenerator(5)
    compiled = [[host(d) for d in step(compiled_generator, logits, x)] for _ in range(3)]
    eager = [[host(d) for d in _draws(eager_generator, logits, x)] for _ in range(3)]
    # A recompile would add a graph.
    assert counters["stats"]["unique_graphs"] == 1
    for compiled_step, eager_step in zip(compiled, eager):
        for compiled_draw, eager_draw in zip(compiled_step, eager_step):
            np.testing.assert_array_equal(compiled_draw, eager_draw)
    assert not np.array_equal(compiled[0][0], compiled[1][0])
    np.testing.assert_array_equal(compiled[0][-1], compiled[1][-1])  # an int seed repeats
    assert host(compiled_generator.state).tolist() == [5, 24]


def _dropout_model():
    model = lamina.Sequential(
        [
            lamina.Input((3,)),
            layers.Dense(8, kernel_initializer=lamina.initializers.GlorotUniform(seed=1)),
            layers.Dropout(0.5, seed=2),
            layers.GaussianNoise(0.1, seed=3),
            layers.Dense(1, kernel_initializer=lamina.initializers.GlorotUniform(seed=4)),
        ]
    )
    model.compile(optimizer=lamina.optimizers.SGD(0.05), loss="mse", jit_compile=True)
    return model


def test_compiled_fit_with_random_layers_compiles_once_and_repeats(monkeypatch):
    from torch._dynamo.utils import counters

    from lamina.backend.torch import random as torch_random

    rng = np.random.default_rng(0)
    x = rng.normal(size=(8, 3)).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    model, eager = _dropout_model(), _dropout_model()
    eager.compile(optimizer=lamina.optimizers.SGD(0.05), loss="mse", run_eagerly=True)
    # One eager call first: layer.py fills a dtype cache on a process's first layer call, and
    # dynamo would recompile the step once when it sees it change.
    model(x[:4])
    counters.clear()
    # Few steps of one batch size: torch.compile takes seconds per graph here.
    history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
    # The graph up to backward() and the one after it, each compiled once for the six steps
    # (a recompile would add a graph); backward() is the only break. Before, each draw broke
    # the graph (a torch.Generator, the seed read on the host): 11 graphs, 15 breaks.
    assert counters["stats"]["unique_graphs"] == 2
    assert sum(counters["graph_break"].values()) == 1
    assert host(model.layers[1].seed_generator.state).tolist() == [2, 6]
    # The same fit run eagerly on the compiled stream: the same masks and noise, so the same
    # weights up to float rounding (the compiler fuses the noise's arithmetic differently).
    monkeypatch.setattr(torch_random, "_traced", lambda: True)
    eager_history = eager.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
    np.testing.assert_allclose(history.history["loss"], eager_history.history["loss"], rtol=1e-5)
    for compiled_weight, eager_weight in zip(model.get_weights(), eager.get_weights()):
        np.testing.assert_allclose(compiled_weight, eager_weight, rtol=1e-5, atol=1e-6)
