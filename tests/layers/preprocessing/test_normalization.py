"""Normalization: given and adapted statistics against NumPy, axes, invert, adapt sources,
weights that save like Keras's, and errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers, ops
from tests.support.layer_check import check_layer

RNG = np.random.default_rng(0)


def _numpy(x):
    return np.asarray(ops.convert_to_numpy(x))


def _data(shape=(16, 3, 4)):
    return (RNG.normal(size=shape) * 3.0 + 2.0).astype("float32")


def test_normalization_with_given_statistics():
    mean, variance = [1.0, 2.0, 3.0, 4.0], [1.0, 4.0, 9.0, 0.25]
    check_layer(
        layers.Normalization,
        {"mean": mean, "variance": variance},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_weights=0,
        reference=lambda x, w: (x - np.array(mean)) / np.sqrt(variance),
    )


def test_normalization_adapted_weights_round_trip():
    x = _data()
    layer = layers.Normalization(axis=-1)
    layer.adapt(x)
    mean, std = x.mean(axis=(0, 1)), x.std(axis=(0, 1))
    check_layer(
        lambda: layer,
        input_data=x[:2],
        expected_output_shape=(2, 3, 4),
        expected_num_weights=3,
        expected_num_trainable_weights=0,
        reference=lambda data, w: (data - mean) / std,
        rtol=1e-4,
        atol=1e-4,
    )
    assert [w.path for w in layer.weights] == [
        f"{layer.name}/mean",
        f"{layer.name}/variance",
        f"{layer.name}/count",
    ]
    assert int(layer.count.numpy()) == 48


@pytest.mark.parametrize(
    "axis, kept",
    [(None, ()), (1, (1,)), ((1, 2), (1, 2)), ((-1, 1), (1, 2))],
)
def test_normalization_adapt_keeps_the_given_axes(axis, kept):
    x = _data()
    layer = layers.Normalization(axis=axis)
    layer.adapt(x)
    reduce_axes = tuple(d for d in range(3) if d not in kept)
    mean = x.mean(axis=reduce_axes, keepdims=True)
    std = x.std(axis=reduce_axes, keepdims=True)
    np.testing.assert_allclose(_numpy(layer(x)), (x - mean) / std, rtol=1e-4, atol=1e-4)


def test_normalization_adapt_from_batches_matches_one_array():
    x = _data((20, 4))
    whole, batched, generated = (layers.Normalization() for _ in range(3))
    whole.adapt(x)
    batched.adapt([x[:3], ops.convert_to_tensor(x[3:11]), x[11:]])
    generated.adapt((x[i : i + 6], np.zeros(6)) for i in range(0, 20, 6))
    for other in (batched, generated):
        np.testing.assert_allclose(other.adapt_mean.numpy(), whole.adapt_mean.numpy(), rtol=1e-5)
        np.testing.assert_allclose(
            other.adapt_variance.numpy(), whole.adapt_variance.numpy(), rtol=1e-5
        )


def test_normalization_adapt_from_py_dataset():
    x = _data((12, 4))

    class Batches(lamina.utils.PyDataset):
        def __len__(self):
            return 3

        def __getitem__(self, index):
            return x[index * 4 : (index + 1) * 4], None

    layer = layers.Normalization()
    layer.adapt(Batches())
    np.testing.assert_allclose(layer.adapt_mean.numpy(), x.mean(axis=0), rtol=1e-5)


def test_normalization_invert_undoes_normalization():
    x = _data((4, 3))
    forward = layers.Normalization(mean=[1.0, -2.0, 0.5], variance=[4.0, 1.0, 0.01])
    inverse = layers.Normalization(mean=[1.0, -2.0, 0.5], variance=[4.0, 1.0, 0.01], invert=True)
    np.testing.assert_allclose(_numpy(inverse(forward(x))), x, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_numpy(inverse(np.zeros((1, 3), "float32")))[0], [1.0, -2.0, 0.5])


def test_normalization_scalar_statistics_and_integer_inputs():
    layer = layers.Normalization(mean=3.0, variance=4.0)
    y = layer(np.array([[5], [1]], "int32"))
    assert ops.dtype(y) == "float32"
    np.testing.assert_allclose(_numpy(y), [[1.0], [-1.0]])


def test_normalization_in_a_functional_model_builds_from_the_input():
    inputs = lamina.Input((5, 3))
    layer = layers.Normalization(axis=-1)
    outputs = layer(inputs)
    assert tuple(outputs.shape) == (None, 5, 3)
    assert tuple(layer.adapt_mean.shape) == (3,)
    layer.adapt(_data((4, 5, 3)))


def test_normalization_rejects_mean_without_variance():
    with pytest.raises(ValueError, match="pass mean and variance together"):
        layers.Normalization(mean=1.0)


def test_normalization_rejects_mismatched_statistic_shapes():
    with pytest.raises(ValueError, match=r"same shape, received shapes \(2,\) and \(3,\)"):
        layers.Normalization(mean=[1.0, 2.0], variance=[1.0, 1.0, 1.0])


def test_normalization_rejects_statistics_of_too_high_rank():
    with pytest.raises(ValueError, match="mean has rank 2 but only 1 axes are kept"):
        layers.Normalization(mean=[[1.0]], variance=[[1.0]])


def test_normalization_rejects_unbroadcastable_statistics():
    layer = layers.Normalization(mean=[1.0, 2.0], variance=[1.0, 1.0])
    with pytest.raises(ValueError, match=r"mean of shape \(2,\) cannot be broadcast"):
        layer(np.ones((2, 3), "float32"))


def test_normalization_rejects_axis_out_of_range():
    with pytest.raises(ValueError, match=r"every axis must be in \[-2, 2\)"):
        layers.Normalization(axis=2)(np.ones((2, 3), "float32"))


def test_normalization_rejects_unknown_kept_axis():
    with pytest.raises(ValueError, match="need known sizes, but axis 1"):
        layers.Normalization(axis=1)(lamina.Input((None, 3)))


def test_normalization_rejects_bad_axis_type():
    with pytest.raises(TypeError, match="axis must be an int, a tuple of ints or None"):
        layers.Normalization(axis="last")


def test_normalization_adapt_errors():
    with pytest.raises(ValueError, match="nothing to adapt"):
        layers.Normalization(mean=0.0, variance=1.0).adapt(np.ones((2, 1)))
    with pytest.raises(ValueError, match="received no batches"):
        layers.Normalization().adapt([])
    with pytest.raises(TypeError, match="adapt expects a NumPy array"):
        layers.Normalization().adapt(3.0)
    layer = layers.Normalization()
    layer.adapt(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"adapt\(\) received a batch of shape \(2, 4\)"):
        layer.adapt(np.ones((2, 4)))
