"""Smoke tests of the runnable scripts: examples/digits_mlp.py, examples/digits_cnn.py and
bench/fit_throughput.py.

They run the scripts' own functions with few epochs and small data, so a change in lamina that
breaks a user's first script (or the benchmark) fails here, not in the README.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

import lamina

ROOT = Path(__file__).resolve().parent.parent
TRAINS = lamina.backend.backend() != "numpy"
pytestmark = pytest.mark.skipif(not TRAINS, reason="the numpy backend is inference-only")


def _load(relative_path: str) -> ModuleType:
    path = ROOT / relative_path
    name = f"_script_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the file executes.
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def digits() -> ModuleType:
    pytest.importorskip("sklearn", reason="the digits example loads scikit-learn's dataset")
    return _load("examples/digits_mlp.py")


def test_digits_data_is_scaled_and_split_reproducibly(digits: ModuleType) -> None:
    (x_train, y_train), (x_test, y_test) = digits.load_data()
    assert x_train.shape[1] == 64 and len(x_train) + len(x_test) == 1797
    assert len(x_test) == int(1797 * 0.25)
    assert 0.0 <= x_train.min() and x_train.max() <= 1.0
    assert set(np.unique(y_train)) == set(range(10))
    (again, _), _ = digits.load_data()
    np.testing.assert_array_equal(x_train, again)


def test_digits_mlp_learns_in_a_few_epochs(digits: ModuleType) -> None:
    model, history, test_accuracy = digits.train(epochs=3, verbose=0)
    assert model.count_params() == 64 * 128 + 128 + 128 * 10 + 10
    assert {"loss", "accuracy", "val_loss", "val_accuracy"} <= set(history)
    assert history["loss"][-1] < history["loss"][0]
    # Chance is 0.1; three epochs already give ~0.93 (twenty give ~0.97).
    assert test_accuracy > 0.85


def test_digits_main_prints_the_test_accuracy(
    digits: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    # Training itself is covered above; a second run would only compile the steps again.
    monkeypatch.setattr(digits, "train", lambda: (None, {}, 0.97319))
    digits.main()
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1] == "test accuracy: 0.973"


@pytest.fixture(scope="module")
def digits_cnn() -> ModuleType:
    pytest.importorskip("sklearn", reason="the digits example loads scikit-learn's dataset")
    return _load("examples/digits_cnn.py")


def test_digits_cnn_data_is_images_split_like_the_mlp(digits_cnn: ModuleType) -> None:
    (x_train, y_train), (x_test, y_test) = digits_cnn.load_data()
    assert x_train.shape[1:] == (8, 8, 1) and x_test.shape[1:] == (8, 8, 1)
    assert len(x_test) == int(1797 * 0.25)
    assert 0.0 <= x_train.min() and x_train.max() <= 1.0
    # Same seed and split as the MLP example, so their accuracies compare on the same test set.
    from sklearn.datasets import load_digits

    flat = (load_digits().data / 16.0).astype("float32")
    order = np.random.default_rng(digits_cnn.SEED).permutation(len(flat))
    np.testing.assert_array_equal(x_test.reshape(len(x_test), 64), flat[order[: len(x_test)]])
    np.testing.assert_array_equal(y_test, load_digits().target[order[: len(x_test)]])


def test_digits_cnn_learns_in_a_few_epochs(digits_cnn: ModuleType) -> None:
    model, history, test_accuracy = digits_cnn.train(epochs=3, verbose=0)
    conv1 = 3 * 3 * 1 * 16 + 16
    conv2 = 3 * 3 * 16 * 32 + 32
    head = 4 * 4 * 32 * 10 + 10
    assert model.count_params() == conv1 + conv2 + head
    assert {"loss", "accuracy", "val_loss", "val_accuracy"} <= set(history)
    assert history["loss"][-1] < 0.5 * history["loss"][0]
    # Chance is 0.1; three epochs already give ~0.95 (fifteen give ~0.98).
    assert test_accuracy > 0.85


def test_digits_cnn_main_prints_the_test_accuracy(
    digits_cnn: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setattr(digits_cnn, "train", lambda: (None, {}, 0.98219))
    digits_cnn.main()
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1] == "test accuracy: 0.982"


def test_fit_throughput_measures_lamina_and_native_side_by_side() -> None:
    bench = _load("bench/fit_throughput.py")
    spec = bench.Workload("tiny", (10, 10), 32, 128, 1)
    native = bench.torch_native if lamina.backend.backend() == "torch" else bench.jax_native
    runners = {
        "fit": bench.lamina_fit(spec),
        "native": native(spec),
        "train_function": bench.lamina_train_function(spec),
    }
    results = bench.measure(runners, spec, repeats=3)
    assert set(results) == set(runners)
    for seconds_per_epoch, first_run_extra in results.values():
        assert 0.0 < seconds_per_epoch < 60.0 and first_run_extra >= 0.0
    # The paired ratio is the median of the three repeats' own ratios.
    times = bench._last_times
    expected = sorted(n / f for f, n in zip(times["fit"], times["native"]))[1]
    assert bench.paired_ratio("fit", "native") == expected
