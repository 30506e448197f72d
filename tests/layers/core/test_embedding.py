"""Embedding through check_layer with int inputs, its mask, initial weights and errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers
from tests.support.layer_check import check_layer

IDS = np.array([[0, 3, 1, 0], [2, 4, 4, 1]], dtype="int32")


def test_embedding_basics_with_int32_ids():
    layer = check_layer(
        layers.Embedding,
        {"input_dim": 5, "output_dim": 3},
        input_data=IDS,
        expected_output_shape=(2, 4, 3),
        expected_num_weights=1,
        expected_num_trainable_weights=1,
        reference=lambda x, w: w["embeddings"][x],
    )
    assert [w.path for w in layer.weights] == [f"{layer.name}/embeddings"]
    assert tuple(layer.weights[0].shape) == (5, 3)


def test_embedding_with_int64_ids():
    layer = layers.Embedding(5, 2, mask_zero=True)
    out = lamina.ops.convert_to_numpy(layer(IDS.astype("int64")))
    np.testing.assert_allclose(out, layer.get_weights()[0][IDS])
    assert out.dtype == np.float32


def test_embedding_mask_zero_gives_nonzero_ids():
    layer = layers.Embedding(5, 2, mask_zero=True)
    mask = layer.compute_mask(lamina.ops.convert_to_tensor(IDS))
    np.testing.assert_array_equal(lamina.ops.convert_to_numpy(mask), IDS != 0)
    assert layer.supports_masking
    assert layers.Embedding(5, 2).compute_mask(lamina.ops.convert_to_tensor(IDS)) is None


def test_embedding_mask_reaches_next_layer_in_a_model():
    seen = []

    def record(x, mask=None):
        seen.append(mask)
        return x

    inputs = lamina.Input(shape=(4,), dtype="int32")
    outputs = layers.Lambda(record)(layers.Embedding(5, 2, mask_zero=True)(inputs))
    model = lamina.Model(inputs, outputs)
    seen.clear()
    model(IDS)
    np.testing.assert_array_equal(lamina.ops.convert_to_numpy(seen[-1]), IDS != 0)


def test_embedding_float_ids_are_cast():
    layer = layers.Embedding(5, 2)
    out = layer(IDS.astype("float32"))
    table = layer.get_weights()[0]
    np.testing.assert_allclose(lamina.ops.convert_to_numpy(out), table[IDS])


def test_embedding_initial_weights():
    table = np.arange(10, dtype="float32").reshape(5, 2)
    layer = layers.Embedding(5, 2, weights=table)
    assert layer.built
    out = lamina.ops.convert_to_numpy(layer(IDS[:1]))
    np.testing.assert_allclose(out, table[IDS[:1]])
    np.testing.assert_allclose(layers.Embedding(5, 2, weights=[table]).get_weights()[0], table)


def test_embedding_default_initializer_is_uniform():
    layer = layers.Embedding(50, 4)
    layer.build(None)
    table = layer.get_weights()[0]
    assert np.all(np.abs(table) <= 0.05)
    assert layer.get_config()["embeddings_initializer"]["class_name"] == "RandomUniform"


def test_embedding_config_round_trip():
    layer = layers.Embedding(7, 3, mask_zero=True, embeddings_regularizer="l2", name="emb")
    config = layer.get_config()
    assert config["input_dim"] == 7 and config["output_dim"] == 3 and config["mask_zero"]
    clone = layers.Embedding.from_config(config)
    assert clone.mask_zero and clone.input_dim == 7 and clone.name == "emb"


def test_embedding_input_length_is_deprecated():
    with pytest.warns(UserWarning, match=r"input_length` is deprecated"):
        layers.Embedding(5, 2, input_length=4)


def test_embedding_rejects_bad_input_dim():
    with pytest.raises(ValueError, match=r"Embedding '.*': input_dim must be a positive int, rec"):
        layers.Embedding(0, 2)


def test_embedding_rejects_bad_output_dim():
    with pytest.raises(ValueError, match=r"Embedding '.*': output_dim must be a positive int"):
        layers.Embedding(5, 2.5)


def test_embedding_rejects_wrong_weights_shape():
    with pytest.raises(
        ValueError, match=r"has shape \(5, 2\) but set_weights received shape \(3, 2\)"
    ):
        layers.Embedding(5, 2, weights=np.zeros((3, 2), "float32"))


def test_embedding_rejects_lora():
    with pytest.raises(NotImplementedError, match=r"Embedding '.*': LoRA"):
        layers.Embedding(5, 2, lora_rank=4)
