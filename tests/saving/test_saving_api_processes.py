"""save_model / load_model across processes: killed writers, and loading on another backend."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

import lamina
from lamina.saving import load_model, save_model

_REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_OTHER_BACKEND = {"torch": "jax", "jax": "numpy", "numpy": "torch"}

# Rewrites one .keras file in a loop; iteration n fills every weight with n.
_WRITER = textwrap.dedent(
    """
    import sys
    import numpy as np
    import lamina
    model = lamina.Sequential(
        [lamina.Input((256,)), lamina.layers.Dense(512), lamina.layers.Dense(256)]
    )
    print("ready", flush=True)
    iteration = 0
    while True:
        iteration += 1
        model.set_weights([np.full(w.shape, iteration, w.dtype) for w in model.get_weights()])
        lamina.saving.save_model(model, sys.argv[1])
    """
)


def _model_value(path) -> float:
    """Loads the file; returns the one value all its weights hold (a complete save)."""
    model = load_model(path)
    values = {float(v) for w in model.get_weights() for v in np.unique(w)}
    assert len(values) == 1, f"weights from several saves: {sorted(values)[:5]}"
    return values.pop()


def _previous_file(path) -> None:
    model = lamina.Sequential(
        [lamina.Input((256,)), lamina.layers.Dense(512), lamina.layers.Dense(256)]
    )
    model.set_weights([np.zeros(w.shape, w.dtype) for w in model.get_weights()])
    save_model(model, path)


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_previous_model_stays_loadable_when_saver_is_killed(tmp_path):
    """A child saves a ~1.5 MB model in a loop and is SIGKILLed at random moments; the file
    must always be the previous model or one complete new save, and load."""
    trials = [(0.0, 0.05), (0.0, 0.05), (0.02, 0.3), (0.02, 0.3), (0.05, 0.5), (0.05, 0.5)]
    environment = {**os.environ, "LAMINA_BACKEND": "numpy", "PYTHONPATH": _REPOSITORY}
    for number, (low, high) in enumerate(trials):
        path = tmp_path / f"model_{number}.keras"
        if number % 2:
            _previous_file(path)
        child = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(path)],
            stdout=subprocess.PIPE,
            env=environment,
        )
        try:
            assert child.stdout is not None and child.stdout.readline().strip() == b"ready"
            time.sleep(random.uniform(low, high))
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
            if child.stdout is not None:
                child.stdout.close()
        assert child.returncode == -signal.SIGKILL
        if path.exists():
            value = _model_value(path)
            assert value == 0.0 or value >= 1.0, f"trial {number}"
        else:
            assert number % 2 == 0, "the previous file disappeared"


_LOADER = textwrap.dedent(
    """
    import sys
    import numpy as np
    import lamina
    model = lamina.saving.load_model(sys.argv[1])
    x = np.load(sys.argv[2])
    np.save(sys.argv[3], np.asarray(model.predict(x, verbose=0)))
    print(lamina.backend.backend())
    """
)


def test_model_saved_on_this_backend_loads_on_another(tmp_path, backend_name):
    inputs = lamina.Input((6, 6, 2))
    x = lamina.layers.Conv2D(3, 3, activation="relu")(inputs)
    x = lamina.layers.BatchNormalization()(x)
    x = lamina.layers.GlobalAveragePooling2D()(x)
    model = lamina.Model(inputs, lamina.layers.Dense(2, activation="softmax")(x))
    batch_norm = model.layers[2]
    batch_norm.moving_mean.assign(np.linspace(-1, 1, 3).astype("float32"))
    save_model(model, tmp_path / "m.keras")
    data = np.random.default_rng(1).normal(size=(4, 6, 6, 2)).astype("float32")
    np.save(tmp_path / "x.npy", data)
    other = _OTHER_BACKEND[backend_name]
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _LOADER,
            str(tmp_path / "m.keras"),
            str(tmp_path / "x.npy"),
            str(tmp_path / "y.npy"),
        ],
        env={**os.environ, "LAMINA_BACKEND": other, "PYTHONPATH": _REPOSITORY},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == other
    expected = np.asarray(model.predict(data, verbose=0))
    np.testing.assert_allclose(np.load(tmp_path / "y.npy"), expected, rtol=1e-5, atol=1e-6)
