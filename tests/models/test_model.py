"""Model: subclassed models, masks flowing through Sequential and Functional models, and
models as torch modules."""

from __future__ import annotations

import numpy as np
import pytest

import lamina as keras
from lamina import layers, ops
from tests.conftest import BACKEND


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


class TwoLayer(keras.Model):
    def __init__(self, hidden=4, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(hidden, activation="relu", name="hidden")
        self.head = layers.Dense(1, name="head")

    def call(self, inputs, training=None):
        return self.head(self.hidden(inputs))


def test_subclassed_model_with_call():
    model = TwoLayer(name="two_layer")
    assert not model.built and model.weights == []
    x = np.random.normal(size=(3, 5)).astype("float32")
    out = model(x)
    kernel1, bias1, kernel2, bias2 = model.get_weights()
    expected = np.maximum(x @ kernel1 + bias1, 0.0) @ kernel2 + bias2
    np.testing.assert_allclose(_np(out), expected, rtol=1e-5, atol=1e-5)
    assert [layer.name for layer in model.layers] == ["hidden", "head"]
    assert model.count_params() == 5 * 4 + 4 + 4 + 1
    assert model.get_layer("head") is model.head


def test_subclassed_model_automatic_config():
    model = TwoLayer(hidden=7, name="auto")
    clone = TwoLayer.from_config(model.get_config())
    assert clone.name == "auto" and clone.hidden.units == 7


def test_subclassed_model_used_in_a_functional_model():
    inputs = keras.Input((5,))
    model = keras.Model(inputs, TwoLayer()(inputs))
    assert model.output_shape == (None, 1) and model.count_params() == 29


def test_model_rejects_positional_arguments_in_subclasses():
    with pytest.raises(TypeError, match=r"TwoLayer: unexpected positional arguments"):
        keras.Model.__init__(TwoLayer(), 1)


class MaskNegatives(layers.Layer):
    """Produces a mask: True where the first feature is non-negative."""

    def call(self, inputs):
        return inputs

    def compute_mask(self, inputs, previous_mask=None):
        return ops.greater_equal(inputs[..., 0], 0.0)


class MaskedSum(layers.Layer):
    """Sums the timesteps the mask keeps, and records the mask it received."""

    def call(self, inputs, mask=None):
        self.received = mask
        if mask is None:
            return ops.sum(inputs, axis=1)
        weights = ops.expand_dims(ops.cast(mask, inputs.dtype), -1)
        return ops.sum(inputs * weights, axis=1)


class PassMask(layers.Layer):
    """Keeps the mask (supports_masking) and doubles the values."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs):
        return inputs * 2.0


_SEQUENCES = np.array([[[1.0, 1.0], [-1.0, 5.0], [2.0, 2.0]]], "float32")


def _masked_expected(x):
    keep = (x[..., 0] >= 0).astype("float32")[..., None]
    return (2.0 * x * keep).sum(axis=1)


def test_mask_flows_through_sequential():
    model = keras.Sequential([keras.Input((3, 2)), MaskNegatives(), PassMask(), MaskedSum()])
    out = model(_SEQUENCES)
    np.testing.assert_allclose(_np(out), _masked_expected(_SEQUENCES))
    assert _np(model.layers[-1].received).tolist() == [[True, False, True]]


def test_mask_flows_through_functional():
    inputs = keras.Input((3, 2))
    summed = MaskedSum(name="masked_sum")(PassMask()(MaskNegatives()(inputs)))
    model = keras.Model(inputs, summed)
    np.testing.assert_allclose(_np(model(_SEQUENCES)), _masked_expected(_SEQUENCES))
    assert _np(model.get_layer("masked_sum").received).tolist() == [[True, False, True]]


def test_mask_stops_at_layers_without_masking_support():
    class Plain(layers.Layer):
        def call(self, inputs):
            return inputs

    model = keras.Sequential([keras.Input((3, 2)), MaskNegatives(), Plain(), MaskedSum()])
    model(_SEQUENCES)
    assert model.layers[-1].received is None


def test_mask_passed_to_a_model():
    model = keras.Sequential([keras.Input((3, 2)), PassMask(), MaskedSum()])
    mask = np.array([[True, True, False]])
    out = model(_SEQUENCES, mask=mask)
    np.testing.assert_allclose(_np(out), 2.0 * _SEQUENCES[:, :2].sum(axis=1))


@pytest.mark.skipif(BACKEND != "torch", reason="torch.nn.Module integration is torch-only")
def test_models_are_torch_modules_with_all_parameters():
    import torch

    inputs = keras.Input((3,))
    inner = keras.Sequential([layers.Dense(4), layers.Dense(2)])
    functional = keras.Model(inputs, layers.Dense(1)(inner(inputs)))
    subclassed = TwoLayer()
    subclassed(np.ones((1, 3), "float32"))
    deferred = keras.Sequential([layers.Dense(2), layers.Dense(3)])
    deferred(np.ones((1, 3), "float32"))
    for model in (functional, subclassed, deferred):
        assert isinstance(model, torch.nn.Module)
        params = list(model.parameters())
        assert {id(p) for p in params} == {id(w.value) for w in model.weights}
        assert sum(p.numel() for p in params) == model.count_params()


@pytest.mark.skipif(BACKEND != "torch", reason="torch.nn.Module integration is torch-only")
def test_torch_parameters_follow_add_and_pop():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(2)])
    model.add(layers.Dense(5))
    assert sum(p.numel() for p in model.parameters()) == 8 + 15
    model.pop()
    assert sum(p.numel() for p in model.parameters()) == 8
    deferred = keras.Sequential([layers.Dense(2), layers.Dense(3)])
    deferred(np.ones((1, 4), "float32"))
    deferred.pop()
    assert sum(p.numel() for p in deferred.parameters()) == 10


@pytest.mark.skipif(BACKEND != "torch", reason="torch.nn.Module integration is torch-only")
def test_torch_autograd_trains_a_lamina_model_through_its_parameters():
    import torch

    model = keras.Sequential([keras.Input((3,)), layers.Dense(4), layers.Dense(1)])
    x = torch.randn(16, 3)
    y = x.sum(dim=1, keepdim=True)
    losses = []
    for _ in range(5):
        model.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            for parameter in model.parameters():
                parameter -= 0.05 * parameter.grad
        losses.append(float(loss.detach()))
    assert losses[-1] < losses[0]
