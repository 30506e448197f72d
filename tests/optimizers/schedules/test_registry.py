"""serialize / deserialize for learning-rate schedules in Keras 3's format."""

from __future__ import annotations

import json

import pytest

from lamina.optimizers import schedules


@pytest.mark.parametrize(
    "schedule",
    [
        schedules.ExponentialDecay(0.1, 10, 0.5),
        schedules.PiecewiseConstantDecay([1], [0.2, 0.1]),
        schedules.PolynomialDecay(0.1, 10),
        schedules.InverseTimeDecay(0.1, 10, 0.5),
        schedules.CosineDecay(0.1, 10),
        schedules.CosineDecayRestarts(0.1, 10),
    ],
    ids=lambda schedule: type(schedule).__name__,
)
def test_round_trip_through_json(schedule):
    saved = json.loads(json.dumps(schedules.serialize(schedule)))
    assert saved["module"] == "keras.optimizers.schedules"
    assert saved["class_name"] == type(schedule).__name__ and saved["registered_name"] is None
    restored = schedules.deserialize(saved)
    assert type(restored) is type(schedule)
    assert restored.get_config() == schedule.get_config()


class Constant(schedules.LearningRateSchedule):
    def __init__(self, value):
        self.value = value

    def __call__(self, step):
        return self.value

    def get_config(self):
        return {"value": self.value}


def test_custom_schedules_need_custom_objects():
    saved = schedules.serialize(Constant(0.3))
    assert saved["registered_name"] == "Constant"
    restored = schedules.deserialize(saved, custom_objects={"Constant": Constant})
    assert restored(5) == 0.3
    with pytest.raises(ValueError, match="Unknown learning rate schedule 'Constant'"):
        schedules.deserialize(saved)
