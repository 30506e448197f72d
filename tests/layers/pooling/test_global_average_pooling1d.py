"""GlobalAveragePooling1D through check_layer against NumPy's mean over the spatial axes, in both
data formats, with and without keepdims."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers, ops
from tests.layers.pooling.pool_reference import layout
from tests.support.layer_check import check_layer


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_global_average_pooling1d_matches_reference(data_format, keepdims):
    axes = tuple(range(2, 3)) if data_format == "channels_first" else tuple(range(1, 2))

    def reference(x, weights):
        return np.mean(x, axis=axes, keepdims=keepdims)

    shape = layout(2, (7,), 3, data_format)
    expected = np.mean(np.zeros(shape), axis=axes, keepdims=keepdims).shape
    layer = check_layer(
        layers.GlobalAveragePooling1D,
        {"data_format": data_format, "keepdims": keepdims},
        input_shape=shape,
        expected_output_shape=expected,
        expected_num_weights=0,
        reference=reference,
    )
    assert layer.get_config()["keepdims"] is keepdims
    assert layers.GlobalAvgPool1D is layers.GlobalAveragePooling1D


def _masked_mean(x, mask, data_format, keepdims):
    """Loops over samples and steps: the mean of the unmasked steps."""
    steps = np.moveaxis(x, 2, 1) if data_format == "channels_first" else x
    result = np.zeros((x.shape[0], steps.shape[-1]))
    for b in range(x.shape[0]):
        kept = [steps[b, t] for t in range(steps.shape[1]) if mask[b, t]]
        result[b] = np.sum(kept, axis=0) / len(kept)
    if keepdims:
        result = result[:, None, :] if data_format == "channels_last" else result[:, :, None]
    return result


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_global_average_pooling1d_skips_masked_steps(data_format, keepdims):
    mask = np.array([[True, False, True, True, False], [False, False, True, False, False]])
    shape = layout(2, (5,), 3, data_format)
    check_layer(
        layers.GlobalAveragePooling1D,
        {"data_format": data_format, "keepdims": keepdims},
        input_shape=shape,
        expected_output_shape=(2, 1, 3) if keepdims and data_format == "channels_last" else None,
        call_kwargs={"mask": mask},
        reference=lambda x, w: _masked_mean(x, mask, data_format, keepdims),
    )


def test_global_average_pooling1d_uses_the_mask_of_an_embedding():
    ids = np.array([[3, 5, 0, 0], [1, 0, 0, 0]])
    inputs = lamina.Input(shape=(4,), dtype="int32")
    embedded = layers.Embedding(8, 2, mask_zero=True)(inputs)
    model = lamina.Model(inputs, layers.GlobalAveragePooling1D()(embedded))
    table = model.layers[1].get_weights()[0]
    expected = np.stack([table[[3, 5]].mean(axis=0), table[[1]].mean(axis=0)])
    np.testing.assert_allclose(ops.convert_to_numpy(model(ids)), expected, rtol=1e-6)
    sequential = lamina.Sequential(
        [lamina.Input(shape=(4,), dtype="int32"), model.layers[1], layers.GlobalAveragePooling1D()]
    )
    np.testing.assert_allclose(ops.convert_to_numpy(sequential(ids)), expected, rtol=1e-6)
    assert layers.GlobalAveragePooling1D().compute_mask(None, ops.ones((2, 4), "bool")) is None
