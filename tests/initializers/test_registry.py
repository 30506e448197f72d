"""get / serialize / deserialize for initializers, in Keras 3's config format."""

from __future__ import annotations

import json

import numpy as np
import pytest

from lamina import initializers, ops

ALIASES = {
    "zeros": initializers.Zeros,
    "zero": initializers.Zeros,
    "ones": initializers.Ones,
    "one": initializers.Ones,
    "constant": initializers.Constant,
    "identity": initializers.Identity,
    "IdentityInitializer": initializers.Identity,
    "random_normal": initializers.RandomNormal,
    "normal": initializers.RandomNormal,
    "random_uniform": initializers.RandomUniform,
    "uniform": initializers.RandomUniform,
    "truncated_normal": initializers.TruncatedNormal,
    "variance_scaling": initializers.VarianceScaling,
    "glorot_uniform": initializers.GlorotUniform,
    "glorot_normal": initializers.GlorotNormal,
    "he_uniform": initializers.HeUniform,
    "he_normal": initializers.HeNormal,
    "lecun_uniform": initializers.LecunUniform,
    "lecun_normal": initializers.LecunNormal,
    "orthogonal": initializers.Orthogonal,
    "OrthogonalInitializer": initializers.Orthogonal,
}

INSTANCES = [
    initializers.Zeros(),
    initializers.Ones(),
    initializers.Constant(1.5),
    initializers.Identity(gain=2.0),
    initializers.RandomNormal(mean=1.0, stddev=0.1, seed=1),
    initializers.RandomUniform(minval=0.0, maxval=2.0, seed=2),
    initializers.TruncatedNormal(seed=3),
    initializers.VarianceScaling(0.5, "fan_out", "uniform", seed=4),
    initializers.GlorotUniform(seed=5),
    initializers.GlorotNormal(seed=5),
    initializers.HeUniform(seed=5),
    initializers.HeNormal(seed=5),
    initializers.LecunUniform(seed=5),
    initializers.LecunNormal(seed=5),
    initializers.Orthogonal(gain=0.5, seed=6),
]


@pytest.mark.parametrize(("name", "cls"), sorted(ALIASES.items()))
def test_get_accepts_keras_aliases(name, cls):
    assert type(initializers.get(name)) is cls


@pytest.mark.parametrize("cls", sorted(set(ALIASES.values()), key=lambda c: c.__name__))
def test_get_accepts_class_names_and_classes(cls):
    assert type(initializers.get(cls.__name__)) is cls
    assert type(initializers.get(cls)) is cls


def test_public_lowercase_aliases_are_the_classes():
    assert initializers.glorot_uniform is initializers.GlorotUniform
    assert initializers.he_normal is initializers.HeNormal
    assert initializers.orthogonal is initializers.OrthogonalInitializer is initializers.Orthogonal


def test_get_passes_none_instances_and_functions_through():
    init = initializers.Ones()

    def custom(shape, dtype=None):
        return ops.zeros(shape, dtype=dtype)

    assert initializers.get(None) is None
    assert initializers.get(init) is init
    assert initializers.get(custom) is custom


@pytest.mark.parametrize("init", INSTANCES, ids=lambda i: type(i).__name__)
def test_serialize_round_trips_through_json(init):
    saved = initializers.serialize(init)
    assert saved == {
        "module": "keras.initializers",
        "class_name": type(init).__name__,
        "config": init.get_config(),
        "registered_name": None,
    }
    rebuilt = initializers.deserialize(json.loads(json.dumps(saved)))
    assert type(rebuilt) is type(init)
    assert rebuilt.get_config() == init.get_config()
    shape = (4, 3)
    np.testing.assert_array_equal(
        ops.convert_to_numpy(rebuilt(shape)), ops.convert_to_numpy(init(shape))
    )


def test_deserialize_reads_keras_files():
    config = {
        "module": "keras.initializers",
        "class_name": "GlorotUniform",
        "config": {"seed": None},
        "registered_name": None,
    }
    assert type(initializers.deserialize(config)) is initializers.GlorotUniform
    legacy = {"class_name": "OrthogonalInitializer", "config": {"gain": 1.0, "seed": 3}}
    assert initializers.deserialize(legacy).gain == 1.0


def test_serialize_none_is_none():
    assert initializers.serialize(None) is None
    assert initializers.deserialize(None) is None
