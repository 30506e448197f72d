"""InputSpec: the checks a layer's `input_spec` makes, and the messages naming the layer, what
it expected and the shape it received."""

from __future__ import annotations

import numpy as np
import pytest

import lamina as keras
from lamina import layers


class Checked(layers.Layer):
    def __init__(self, spec, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = spec

    def call(self, inputs):
        return inputs


def _call(spec, shape):
    return Checked(spec, name="chk")(np.zeros(shape, "float32"))


def test_accepts_matching_inputs():
    spec = layers.InputSpec(ndim=3, axes={-1: 4, 1: None})
    _call(spec, (2, 5, 4))
    _call(layers.InputSpec(min_ndim=2, max_ndim=3), (2, 3))
    _call(layers.InputSpec(shape=(None, 3)), (7, 3))
    assert Checked(spec)(keras.SymbolicTensor((None, None, 4))).shape == (None, None, 4)


def test_rejects_wrong_rank():
    with pytest.raises(
        ValueError, match=r"Checked 'chk': expected rank 3, but received an input of shape \(2, 4\)"
    ):
        _call(layers.InputSpec(ndim=3), (2, 4))


def test_rejects_rank_below_min():
    with pytest.raises(
        ValueError, match=r"expected rank >= 2, but received an input of shape \(4,\)"
    ):
        _call(layers.InputSpec(min_ndim=2), (4,))


def test_rejects_rank_above_max():
    with pytest.raises(ValueError, match=r"expected rank <= 2, but received .* shape \(1, 2, 3\)"):
        _call(layers.InputSpec(max_ndim=2), (1, 2, 3))


def test_rejects_wrong_axis_size():
    with pytest.raises(ValueError, match=r"expected axis -1 of size 4, but received .* \(2, 5\)"):
        _call(layers.InputSpec(axes={-1: 4}), (2, 5))


def test_rejects_missing_axis():
    with pytest.raises(
        ValueError, match=r"expected an axis 2 \(rank >= 3\), but received .* \(2, 5\)"
    ):
        _call(layers.InputSpec(axes={2: 4}), (2, 5))


def test_rejects_wrong_full_shape():
    with pytest.raises(ValueError, match=r"expected shape \(None, 3\), but received .* \(2, 4\)"):
        _call(layers.InputSpec(shape=(None, 3)), (2, 4))


def test_symbolic_calls_are_checked_too():
    with pytest.raises(ValueError, match=r"Checked 'sym': expected rank 2, .* \(None, 2, 3\)"):
        Checked(layers.InputSpec(ndim=2), name="sym")(keras.Input((2, 3)))


def test_one_spec_per_input():
    class Pair(layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.input_spec = [layers.InputSpec(ndim=2), layers.InputSpec(ndim=3)]

        def call(self, inputs):
            return inputs[0]

    Pair()([np.zeros((1, 2), "float32"), np.zeros((1, 2, 3), "float32")])
    with pytest.raises(ValueError, match=r"Pair 'pair_bad': input 1 expected rank 3"):
        Pair(name="pair_bad")([np.zeros((1, 2), "float32"), np.zeros((1, 2), "float32")])
    with pytest.raises(ValueError, match=r"Pair 'pair_one' expects 2 input\(s\), but received 1"):
        Pair(name="pair_one")([np.zeros((1, 2), "float32")])


def test_config_round_trip():
    spec = layers.InputSpec(min_ndim=2, axes={-1: 3})
    clone = layers.InputSpec.from_config(spec.get_config())
    assert (clone.min_ndim, clone.axes, clone.ndim) == (2, {-1: 3}, None)
    assert repr(spec) == "InputSpec(min_ndim=2, axes={-1: 3})"
    assert layers.InputSpec(shape=(None, 3)).ndim == 2
