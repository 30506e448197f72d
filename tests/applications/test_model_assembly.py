"""The argument checks and graph helpers the applications share."""

from __future__ import annotations

import pytest

import lamina
from lamina.applications import model_assembly


def test_check_arguments_accepts_the_documented_values(tmp_path):
    path = tmp_path / "model.weights.h5"
    path.write_bytes(b"")
    model_assembly.check_arguments("m", None, True, 7, "sigmoid", None)
    model_assembly.check_arguments("m", "imagenet", False, 7, "relu", "max")
    model_assembly.check_arguments("m", path, True, 7, None, None)


def test_check_arguments_errors(tmp_path):
    with pytest.raises(ValueError, match=r"m: weights must be None .* weights='missing\.h5'"):
        model_assembly.check_arguments("m", "missing.h5", True, 1000, "softmax", None)
    with pytest.raises(ValueError, match="classes must be 1000, received classes=7"):
        model_assembly.check_arguments("m", "imagenet", True, 7, "softmax", None)
    with pytest.raises(ValueError, match="classifier_activation must be None or 'softmax'"):
        model_assembly.check_arguments("m", "imagenet", True, 1000, "relu", None)
    with pytest.raises(ValueError, match="m: pooling must be None, 'avg' or 'max'"):
        model_assembly.check_arguments("m", None, False, 1000, None, "sum")


def test_source_inputs_walks_back_to_the_inputs():
    first = lamina.Input((4,), name="first")
    second = lamina.Input((4,), name="second")
    merged = lamina.layers.Add()([lamina.layers.Dense(4)(first), second])
    found = model_assembly.source_inputs(lamina.layers.Dense(2)(merged))
    assert [t.op.fn.name for t in found] == ["first", "second"]
    assert model_assembly.source_inputs(first) == [first]


def test_add_pooling():
    features = lamina.Input((5, 5, 8))
    assert model_assembly.add_pooling(features, None, ("a", "b")) is features
    pooled = model_assembly.add_pooling(features, "max", ("a", "b"))
    assert pooled.shape == (None, 8) and pooled.op.fn.name == "b"
