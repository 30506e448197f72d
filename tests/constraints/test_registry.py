"""get / serialize / deserialize for constraints, in Keras 3's config format."""

from __future__ import annotations

import json

import pytest

from lamina import constraints

ALIASES = {
    "max_norm": constraints.MaxNorm,
    "MaxNorm": constraints.MaxNorm,
    "min_max_norm": constraints.MinMaxNorm,
    "MinMaxNorm": constraints.MinMaxNorm,
    "non_neg": constraints.NonNeg,
    "NonNeg": constraints.NonNeg,
    "unit_norm": constraints.UnitNorm,
    "UnitNorm": constraints.UnitNorm,
}


@pytest.mark.parametrize(("name", "cls"), sorted(ALIASES.items()))
def test_get_accepts_keras_names(name, cls):
    assert type(constraints.get(name)) is cls


def test_public_lowercase_aliases_are_the_classes():
    assert constraints.max_norm is constraints.MaxNorm
    assert constraints.non_neg is constraints.NonNeg


def test_get_passes_none_instances_and_functions():
    constraint = constraints.UnitNorm()

    def clip(w):
        return w

    assert constraints.get(None) is None
    assert constraints.get(constraint) is constraint
    assert constraints.get(clip) is clip


@pytest.mark.parametrize(
    "constraint",
    [
        constraints.MaxNorm(3.0, axis=[0, 1]),
        constraints.MinMaxNorm(0.1, 2.0, rate=0.5, axis=1),
        constraints.NonNeg(),
        constraints.UnitNorm(axis=-1),
    ],
    ids=lambda c: type(c).__name__,
)
def test_serialize_round_trips_through_json(constraint):
    saved = constraints.serialize(constraint)
    assert saved == {
        "module": "keras.constraints",
        "class_name": type(constraint).__name__,
        "config": constraint.get_config(),
        "registered_name": None,
    }
    rebuilt = constraints.deserialize(json.loads(json.dumps(saved)))
    assert type(rebuilt) is type(constraint)
    assert rebuilt.get_config() == constraint.get_config()


def test_unknown_name_raises():
    with pytest.raises(ValueError, match=r"Unknown constraint 'positive'.*custom_objects"):
        constraints.get("positive")
