"""Files written by real Keras 3 (tests/fixtures/keras3, made by make_fixtures.py there) load
in lamina and predict what Keras predicted; a trained one resumes training as Keras does."""

from __future__ import annotations

import glob
import os
import sys

import numpy as np
import pytest

import lamina
from lamina.saving import load_model

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "fixtures", "keras3")
NAMES = sorted(os.path.basename(p)[: -len(".keras")] for p in glob.glob(f"{FIXTURES}/*.keras"))


@lamina.saving.register_keras_serializable(package="Fixtures")
class ScaleShift(lamina.layers.Layer):
    """The custom layer of make_fixtures.py, written for lamina."""

    def __init__(self, factor=1.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def build(self, input_shape):
        self.scale = self.add_weight(shape=(input_shape[-1],), initializer="random_normal")
        self.shift = self.add_weight(shape=(input_shape[-1],), initializer="random_normal")

    def call(self, inputs):
        return inputs * self.scale * self.factor + self.shift

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


@lamina.saving.register_keras_serializable(package="Fixtures")
def scaled_tanh(x):
    return lamina.ops.tanh(x) * 2.0


def _arrays(name, kind):
    return [np.load(p) for p in sorted(glob.glob(f"{FIXTURES}/{name}_{kind}_*.npy"))]


def test_all_fixtures_are_present():
    assert {
        "sequential_dense",
        "functional_multi_io",
        "sequential_trained",
        "image_zoo",
        "sequence_zoo",
        "custom_layer",
        "lambda_layer",
    } <= set(NAMES)


@pytest.mark.parametrize("name", [n for n in NAMES if n != "lambda_layer"])
def test_keras_file_loads_and_predicts_the_same(name):
    model = load_model(os.path.join(FIXTURES, f"{name}.keras"))
    inputs = _arrays(name, "input")
    outputs = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
    outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    expected = _arrays(name, "output")
    assert len(outputs) == len(expected)
    for got, want in zip(outputs, expected):
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-5, atol=2e-6)


def test_keras_lambda_layer_is_refused_in_safe_mode():
    with pytest.raises(ValueError, match="safe_mode=False"):
        load_model(os.path.join(FIXTURES, "lambda_layer.keras"))


@pytest.mark.skipif(
    sys.version_info[:2] != (3, 11), reason="the lambda's bytecode was written by Python 3.11"
)
def test_keras_lambda_layer_loads_with_safe_mode_false():
    model = load_model(os.path.join(FIXTURES, "lambda_layer.keras"), safe_mode=False)
    (inputs,), (expected,) = _arrays("lambda_layer", "input"), _arrays("lambda_layer", "output")
    got = np.asarray(model.predict(inputs, verbose=0))
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=2e-6)


def test_keras_compile_state_is_restored():
    model = load_model(os.path.join(FIXTURES, "sequential_trained.keras"))
    assert model.compiled and type(model.optimizer).__name__ == "Adam"
    assert float(model.optimizer.learning_rate) == pytest.approx(0.01)
    assert int(lamina.ops.convert_to_numpy(model.optimizer.iterations)) == 8


@pytest.mark.skipif(lamina.backend.backend() == "numpy", reason="the numpy backend cannot train")
def test_keras_trained_model_resumes_like_keras():
    name = os.path.join(FIXTURES, "sequential_trained")
    model = load_model(f"{name}.keras")
    x, y = np.load(f"{name}_batch_x.npy"), np.load(f"{name}_batch_y.npy")
    losses = [float(model.train_on_batch(x, y, return_dict=True)["loss"]) for _ in range(2)]
    np.testing.assert_allclose(losses, np.load(f"{name}_next_losses.npy"), rtol=1e-5)
