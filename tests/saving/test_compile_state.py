"""Compile state: compile()'s arguments serialized, and a model compiled from them."""

from __future__ import annotations

import json

import numpy as np
import pytest

import lamina
from lamina.saving.compile_state import compile_from_config, get_compile_config


def _model():
    inputs = lamina.Input((3,), name="x")
    hidden = lamina.layers.Dense(4, name="hidden")(inputs)
    outputs = [lamina.layers.Dense(1, name="a")(hidden), lamina.layers.Dense(2, name="b")(hidden)]
    return lamina.Model(inputs, outputs)


def test_uncompiled_model_has_none():
    assert get_compile_config(_model()) is None


def test_objects_are_serialized_and_names_kept():
    model = _model()
    model.compile(
        optimizer=lamina.optimizers.RMSprop(0.02),
        loss={"a": "mse", "b": lamina.losses.CategoricalCrossentropy(from_logits=True)},
        loss_weights={"a": 1.0, "b": 0.5},
        metrics={"a": ["mae"], "b": [lamina.metrics.CategoricalAccuracy()]},
    )
    config = json.loads(json.dumps(get_compile_config(model)))
    assert config["optimizer"]["class_name"] == "RMSprop"
    assert config["optimizer"]["config"]["learning_rate"] == pytest.approx(0.02)
    assert config["loss"]["a"] == "mse"
    assert config["loss"]["b"]["config"]["from_logits"] is True
    assert config["metrics"]["b"][0]["class_name"] == "CategoricalAccuracy"
    assert config["jit_compile"] == "auto"

    clone = _model()
    compile_from_config(clone, config)
    assert type(clone.optimizer).__name__ == "RMSprop"
    assert clone.optimizer.built, "the optimizer is built so its saved variables can load"
    assert get_compile_config(clone) == config


def test_keras_written_config_compiles():
    config = {
        "optimizer": {
            "module": "keras.optimizers",
            "class_name": "Adam",
            "config": {"learning_rate": 0.005, "name": "adam"},
            "registered_name": None,
        },
        "loss": "mse",
        "loss_weights": None,
        "metrics": ["mae"],
        "weighted_metrics": None,
        "run_eagerly": False,
        "steps_per_execution": 1,
        "jit_compile": True,
    }
    model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(1)])
    compile_from_config(model, config)
    assert float(model.optimizer.learning_rate) == pytest.approx(0.005)
    # Keras saves its resolved choice; the loading backend chooses again.
    assert get_compile_config(model)["jit_compile"] == "auto"


def test_custom_compile_is_not_called_and_warns():
    class OwnCompile(lamina.Model):
        def call(self, x):
            return x

        def compile(self, *args, **kwargs):
            raise AssertionError("must not be called while loading")

    model = OwnCompile()
    with pytest.warns(UserWarning, match="overrides compile"):
        compile_from_config(model, {"optimizer": "sgd", "loss": "mse"})


def test_unknown_arguments_warn():
    model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(1)])
    with pytest.warns(UserWarning, match="ignoring unknown compile arguments"):
        compile_from_config(model, {"optimizer": "sgd", "loss": "mse", "flavour": 1})
    assert model.compiled


def test_rejects_non_dict():
    model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(1)])
    with pytest.raises(ValueError, match="expected the dict"):
        compile_from_config(model, ["adam"])


def test_model_own_compile_from_config_is_used_when_loading(tmp_path):
    seen = []

    class OwnRestore(lamina.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dense = lamina.layers.Dense(1)

        def call(self, x):
            return self.dense(x)

        def compile_from_config(self, config):
            seen.append(config["loss"])
            self.compile(optimizer="sgd", loss="mae")

    model = OwnRestore()
    model(np.ones((2, 3), "float32"))
    model.compile(optimizer="adam", loss="mse")
    lamina.saving.save_model(model, tmp_path / "own.keras")
    loaded = lamina.saving.load_model(
        tmp_path / "own.keras", custom_objects={"OwnRestore": OwnRestore}
    )
    assert seen == ["mse"]
    assert type(loaded.optimizer).__name__ == "SGD"
