"""get / serialize / deserialize for optimizers in Keras 3's format; config round trips."""

from __future__ import annotations

import json

import numpy as np
import pytest

import lamina
from lamina import ops, optimizers

ALL = [
    optimizers.SGD,
    optimizers.Adam,
    optimizers.AdamW,
    optimizers.RMSprop,
    optimizers.Adagrad,
    optimizers.Adamax,
    optimizers.Nadam,
    optimizers.Adadelta,
    optimizers.Lion,
    optimizers.Ftrl,
    optimizers.Lamb,
    optimizers.Adafactor,
]


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("adam", optimizers.Adam),
        ("Adam", optimizers.Adam),
        ("ADAM", optimizers.Adam),
        ("sgd", optimizers.SGD),
        ("SGD", optimizers.SGD),
        ("rmsprop", optimizers.RMSprop),
        ("adamw", optimizers.AdamW),
        ("adagrad", optimizers.Adagrad),
        ("adamax", optimizers.Adamax),
        ("nadam", optimizers.Nadam),
        ("adadelta", optimizers.Adadelta),
        ("lion", optimizers.Lion),
        ("ftrl", optimizers.Ftrl),
        ("lamb", optimizers.Lamb),
        ("adafactor", optimizers.Adafactor),
    ],
)
def test_get_accepts_keras_names(name, cls):
    assert type(optimizers.get(name)) is cls


def test_get_passes_none_and_instances_and_instantiates_classes():
    optimizer = optimizers.SGD()
    assert optimizers.get(None) is None
    assert optimizers.get(optimizer) is optimizer
    assert type(optimizers.get(optimizers.Lion)) is optimizers.Lion


@pytest.mark.parametrize("cls", ALL, ids=lambda cls: cls.__name__)
def test_config_round_trips_through_json(cls):
    optimizer = cls(learning_rate=0.05, clipnorm=2.0)
    saved = json.loads(json.dumps(optimizers.serialize(optimizer)))
    assert saved["module"] == "keras.optimizers"
    assert saved["class_name"] == cls.__name__ and saved["registered_name"] is None
    restored = optimizers.deserialize(saved)
    assert type(restored) is cls
    assert restored.get_config() == optimizer.get_config()
    assert saved["config"]["learning_rate"] == 0.05


def test_schedule_learning_rate_round_trips():
    schedule = optimizers.schedules.PiecewiseConstantDecay([2], [0.5, 0.1])
    saved = json.loads(json.dumps(optimizers.serialize(optimizers.Adam(learning_rate=schedule))))
    assert saved["config"]["learning_rate"] == {
        "module": "keras.optimizers.schedules",
        "class_name": "PiecewiseConstantDecay",
        "config": {"boundaries": [2], "values": [0.5, 0.1], "name": "PiecewiseConstant"},
        "registered_name": None,
    }
    restored = optimizers.deserialize(saved)
    assert isinstance(restored._learning_rate, optimizers.schedules.PiecewiseConstantDecay)
    assert float(restored.learning_rate) == 0.5


def test_base_arguments_are_in_every_config():
    config = optimizers.Lion(use_ema=True, gradient_accumulation_steps=4).get_config()
    for key in ("name", "weight_decay", "clipvalue", "ema_momentum", "loss_scale_factor"):
        assert key in config
    assert (config["use_ema"], config["gradient_accumulation_steps"]) == (True, 4)


def test_deserialize_keras_written_config():
    config = {
        "module": "keras.optimizers",
        "class_name": "SGD",
        "config": {
            "name": "SGD",
            "learning_rate": 0.009999999776482582,
            "weight_decay": None,
            "clipnorm": None,
            "global_clipnorm": None,
            "clipvalue": None,
            "use_ema": False,
            "ema_momentum": 0.99,
            "ema_overwrite_frequency": None,
            "loss_scale_factor": None,
            "gradient_accumulation_steps": None,
            "momentum": 0.9,
            "nesterov": False,
        },
        "registered_name": None,
    }
    optimizer = optimizers.deserialize(config)
    assert type(optimizer) is optimizers.SGD and optimizer.momentum == 0.9
    assert optimizer.get_config()["learning_rate"] == pytest.approx(0.01)


def test_restored_optimizer_trains_the_same():
    original = optimizers.RMSprop(learning_rate=0.1, centered=True)
    restored = optimizers.deserialize(optimizers.serialize(original))
    results = []
    for optimizer in (original, restored):
        w = lamina.Variable(np.array([1.0, -1.0], "float32"))
        optimizer.apply([ops.convert_to_tensor([0.5, 2.0])], [w])
        results.append(w.numpy())
    np.testing.assert_array_equal(results[0], results[1])


class HalfSGD(optimizers.SGD):
    pass


def test_custom_objects_resolve_custom_classes():
    saved = optimizers.serialize(HalfSGD(learning_rate=0.5))
    assert saved["registered_name"] == "HalfSGD"
    restored = optimizers.deserialize(saved, custom_objects={"HalfSGD": HalfSGD})
    assert type(restored) is HalfSGD and float(restored.learning_rate) == 0.5


def test_deserialize_rejects_unknown_names():
    with pytest.raises(ValueError, match=r"Unknown optimizer 'adamz'.*custom_objects"):
        optimizers.get("adamz")


def test_deserialize_never_imports_a_module_named_in_the_config():
    config = {"module": "os", "class_name": "system", "config": {}, "registered_name": None}
    with pytest.raises(ValueError, match="Unknown optimizer 'system'"):
        optimizers.deserialize(config)


def test_get_rejects_other_types():
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier: 3"):
        optimizers.get(3)
