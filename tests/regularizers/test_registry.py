"""get / serialize / deserialize for regularizers, in Keras 3's config format."""

from __future__ import annotations

import json

import pytest

from lamina import regularizers

ALIASES = {
    "l1": regularizers.L1,
    "L1": regularizers.L1,
    "l2": regularizers.L2,
    "L2": regularizers.L2,
    "l1_l2": regularizers.L1L2,
    "L1L2": regularizers.L1L2,
    "orthogonal_regularizer": regularizers.OrthogonalRegularizer,
    "OrthogonalRegularizer": regularizers.OrthogonalRegularizer,
}


@pytest.mark.parametrize(("name", "cls"), sorted(ALIASES.items()))
def test_get_accepts_keras_names(name, cls):
    assert type(regularizers.get(name)) is cls


def test_public_lowercase_aliases_are_the_classes():
    assert regularizers.l1 is regularizers.L1
    assert regularizers.l1_l2 is regularizers.L1L2
    assert regularizers.orthogonal_regularizer is regularizers.OrthogonalRegularizer


def test_get_passes_none_instances_and_classes():
    regularizer = regularizers.L2(0.5)
    assert regularizers.get(None) is None
    assert regularizers.get(regularizer) is regularizer
    assert type(regularizers.get(regularizers.L1)) is regularizers.L1


@pytest.mark.parametrize(
    "regularizer",
    [
        regularizers.L1(0.2),
        regularizers.L2(0.3),
        regularizers.L1L2(0.1, 0.4),
        regularizers.OrthogonalRegularizer(0.2, "columns"),
    ],
    ids=lambda r: type(r).__name__,
)
def test_serialize_round_trips_through_json(regularizer):
    saved = regularizers.serialize(regularizer)
    assert saved == {
        "module": "keras.regularizers",
        "class_name": type(regularizer).__name__,
        "config": regularizer.get_config(),
        "registered_name": None,
    }
    rebuilt = regularizers.deserialize(json.loads(json.dumps(saved)))
    assert type(rebuilt) is type(regularizer)
    assert rebuilt.get_config() == regularizer.get_config()


def test_unknown_name_raises():
    with pytest.raises(ValueError, match=r"Unknown regularizer 'l3'.*custom_objects"):
        regularizers.get("l3")
