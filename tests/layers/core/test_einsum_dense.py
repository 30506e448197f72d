"""EinsumDense through check_layer against numpy.einsum, Keras's weight shapes, and errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers
from tests.support.layer_check import check_layer


def test_einsum_dense_as_dense():
    check_layer(
        layers.EinsumDense,
        {"equation": "ab,bc->ac", "output_shape": 4, "bias_axes": "c"},
        input_shape=(2, 3),
        expected_output_shape=(2, 4),
        expected_num_weights=2,
        expected_num_trainable_weights=2,
        reference=lambda x, w: x @ w["kernel"] + w["bias"],
    )


def test_einsum_dense_rank_3_without_bias_with_activation():
    layer = layers.EinsumDense("abc,cd->abd", output_shape=(None, 5), activation="relu")
    x = np.random.default_rng(0).normal(size=(2, 3, 4)).astype("float32")
    out = lamina.ops.convert_to_numpy(layer(x))
    (kernel,) = layer.get_weights()
    np.testing.assert_allclose(out, np.maximum(np.einsum("abc,cd->abd", x, kernel), 0.0), 1e-5)
    assert layer.compute_output_shape((7, 3, 4)) == (7, 3, 5)


def test_einsum_dense_left_elided_multi_head_projection():
    layer = check_layer(
        layers.EinsumDense,
        {"equation": "...b,bcd->...cd", "output_shape": (2, 3), "bias_axes": "cd"},
        input_shape=(2, 5, 4),
        expected_output_shape=(2, 5, 2, 3),
        expected_num_weights=2,
        reference=lambda x, w: np.einsum("...b,bcd->...cd", x, w["kernel"]) + w["bias"],
    )
    assert [tuple(w.shape) for w in layer.weights] == [(4, 2, 3), (2, 3)]


def test_einsum_dense_right_elided_bias_shape_has_trailing_ones():
    layer = layers.EinsumDense("ab...,bc->ac...", output_shape=(4,), bias_axes="c")
    x = np.random.default_rng(0).normal(size=(2, 3, 5)).astype("float32")
    out = lamina.ops.convert_to_numpy(layer(x))
    kernel, bias = layer.get_weights()
    assert (kernel.shape, bias.shape) == ((3, 4), (4, 1))
    np.testing.assert_allclose(out, np.einsum("ab...,bc->ac...", x, kernel) + bias, 1e-5)
    assert layer(lamina.SymbolicTensor((None, 3, 5))).shape == (None, 4, 5)


def test_einsum_dense_bias_spans_from_first_bias_label():
    layer = layers.EinsumDense("abc,cde->abde", output_shape=(None, 2, 3), bias_axes="e")
    layer.build((None, 7, 4))
    assert [tuple(w.shape) for w in layer.weights] == [(4, 2, 3), (3,)]
    layer = layers.EinsumDense("abc,cde->abde", output_shape=(None, 2, 3), bias_axes="d")
    layer.build((None, 7, 4))
    assert [tuple(w.shape) for w in layer.weights] == [(4, 2, 3), (2, 1)]


def test_einsum_dense_with_hand_set_weights():
    layer = layers.EinsumDense("ab,bc->ac", output_shape=2, bias_axes="c")
    layer.build((None, 3))
    kernel = np.arange(6, dtype="float32").reshape(3, 2)
    layer.set_weights([kernel, np.array([1.0, -1.0], "float32")])
    out = lamina.ops.convert_to_numpy(layer(np.ones((1, 3), "float32")))
    np.testing.assert_allclose(out, [[7.0, 8.0]])
    assert [w.path for w in layer.weights] == [f"{layer.name}/kernel", f"{layer.name}/bias"]


def test_einsum_dense_config_keeps_keras_keys():
    config = layers.EinsumDense("ab,bc->ac", output_shape=4, bias_axes="c").get_config()
    assert config["equation"] == "ab,bc->ac"
    assert config["output_shape"] == (4,)
    assert config["bias_axes"] == "c"
    assert config["activation"] == "linear"


def test_einsum_dense_rejects_invalid_equation():
    with pytest.raises(ValueError, match=r"EinsumDense 'ed': invalid equation 'ab->b'"):
        layers.EinsumDense("ab->b", output_shape=2, name="ed")(np.ones((1, 2), "float32"))


def test_einsum_dense_rejects_non_string_equation():
    with pytest.raises(ValueError, match=r"EinsumDense '.*': equation must be a string"):
        layers.EinsumDense(3, output_shape=2)


def test_einsum_dense_rejects_bad_output_shape():
    with pytest.raises(ValueError, match=r"output_shape must be a positive int or a tuple"):
        layers.EinsumDense("ab,bc->ac", output_shape=-1)


def test_einsum_dense_rejects_wrong_input_rank():
    layer = layers.EinsumDense("abc,cd->abd", output_shape=(None, 2), name="ed")
    with pytest.raises(ValueError, match=r"EinsumDense 'ed': .* labels 3 input axes.*\(1, 2\)"):
        layer(np.ones((1, 2), "float32"))


def test_einsum_dense_rejects_output_shape_of_wrong_length():
    layer = layers.EinsumDense("ab,bc->ac", output_shape=(2, 3), name="ed")
    with pytest.raises(ValueError, match=r"EinsumDense 'ed': output_shape \(2, 3\) does not fit"):
        layer(np.ones((1, 4), "float32"))


def test_einsum_dense_rejects_shared_label_size_mismatch():
    layer = layers.EinsumDense("abc,cd->abd", output_shape=(5, 2), name="ed")
    with pytest.raises(ValueError, match=r"label 'b' is shared.*size 3 there.*gives 5"):
        layer(np.ones((1, 3, 4), "float32"))


def test_einsum_dense_rejects_unknown_output_label():
    layer = layers.EinsumDense("ab,bc->ad", output_shape=2, name="ed")
    with pytest.raises(ValueError, match=r"output label 'd' .* appears in neither"):
        layer(np.ones((1, 4), "float32"))


def test_einsum_dense_rejects_unknown_kernel_label():
    layer = layers.EinsumDense("ab,bce->ac", output_shape=2, name="ed")
    with pytest.raises(ValueError, match=r"kernel label 'e' .* so its size is unknown"):
        layer(np.ones((1, 4), "float32"))


def test_einsum_dense_rejects_unknown_kernel_size():
    layer = layers.EinsumDense("ab,bc->ac", output_shape=2, name="ed")
    with pytest.raises(ValueError, match=r"kernel's axis 'b' needs a known size"):
        layer(lamina.SymbolicTensor((None, None)))


def test_einsum_dense_rejects_bias_label_outside_output():
    layer = layers.EinsumDense("ab,bc->ac", output_shape=2, bias_axes="b", name="ed")
    with pytest.raises(ValueError, match=r"bias label 'b' of bias_axes 'b' is not an output"):
        layer(np.ones((1, 4), "float32"))


def test_einsum_dense_rejects_unknown_bias_size():
    layer = layers.EinsumDense("abc,cd->abd", output_shape=(None, 2), bias_axes="b", name="ed")
    with pytest.raises(ValueError, match=r"the bias needs known sizes"):
        layer(lamina.SymbolicTensor((None, None, 4)))


def test_einsum_dense_rejects_lora():
    with pytest.raises(NotImplementedError, match=r"EinsumDense '.*': LoRA"):
        layers.EinsumDense("ab,bc->ac", output_shape=2, lora_rank=2)
