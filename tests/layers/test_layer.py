"""The Layer base: Keras-style custom layers run unchanged under `import lamina as keras`."""

from __future__ import annotations

import numpy as np
import pytest

import lamina as keras
from lamina import layers, ops


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


class Scale(layers.Layer):
    """A custom layer in the Keras style: weights in build, math in call."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.build_shapes = []

    def build(self, input_shape):
        self.build_shapes.append(tuple(input_shape))
        self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="scale")
        self.count = self.add_weight(shape=(), initializer="zeros", trainable=False, name="count")

    def call(self, inputs):
        return inputs * self.scale


class Recorder(layers.Layer):
    """Records the `training` value each call receives."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seen = []

    def call(self, inputs, training=None):
        self.seen.append(training)
        return inputs


class Block(layers.Layer):
    """Holds sublayers and variables in attributes, a list and a dict."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.first = layers.Dense(2, name="first")
        self.stack = [layers.Dense(3, name="s0"), layers.Dense(4, name="s1")]
        self.by_key = {"last": layers.Dense(5, name="last")}
        self.steps = keras.Variable(0.0, trainable=False, name="steps")
        self.recorder = Recorder()

    def build(self, input_shape):
        self.gain = self.add_weight(shape=(), initializer="ones", name="gain")

    def call(self, inputs, training=None):
        x = self.first(inputs) * self.gain
        for layer in self.stack:
            x = layer(x)
        x = self.recorder(x)
        return self.by_key["last"](x)


def test_builds_lazily_on_first_call():
    layer = Scale()
    assert not layer.built and layer.weights == []
    out = layer(np.full((2, 3), 2.0, "float32"))
    assert layer.built and layer.build_shapes == [(2, 3)]
    np.testing.assert_allclose(_np(out), np.full((2, 3), 2.0))
    layer(np.ones((4, 3), "float32"))
    assert layer.build_shapes == [(2, 3)]


def test_add_weight_paths_and_attributes():
    layer = Scale(name="scaler")
    layer.build((None, 3))
    assert [w.path for w in layer.weights] == ["scaler/scale", "scaler/count"]
    assert [w.name for w in layer.weights] == ["scale", "count"]
    assert layer.scale.shape == (3,) and layer.scale.dtype == "float32"
    assert layer.count.trainable is False


def test_weights_order_and_tracking_through_lists_and_dicts():
    block = Block(name="block")
    block(np.ones((2, 3), "float32"))
    names = [w.path for w in block.weights]
    own = ["block/gain", "steps"]
    nested = [f"{n}/{w}" for n in ("first", "s0", "s1", "last") for w in ("kernel", "bias")]
    assert names == own + nested
    assert [w.path for w in block.trainable_weights] == ["block/gain", *nested]
    assert [w.path for w in block.non_trainable_weights] == ["steps"]
    assert [v.path for v in block.variables] == names
    assert [layer.name for layer in block.layers] == ["first", "s0", "s1", "last", "recorder"]


def test_variables_tracked_in_lists_and_dicts():
    class Holder(layers.Layer):
        def __init__(self):
            super().__init__()
            self.pair = [keras.Variable(1.0, name="a"), keras.Variable(2.0, name="b")]
            self.table = {"c": keras.Variable(3.0, name="c", trainable=False)}
            self.nested = {"deep": [layers.Dense(1, name="deep")]}

    holder = Holder()
    holder.nested["deep"][0].build((None, 2))
    assert [w.name for w in holder.weights] == ["a", "b", "c", "kernel", "bias"]
    assert [w.name for w in holder.non_trainable_weights] == ["c"]
    assert holder.layers == [holder.nested["deep"][0]]
    holder.pair.append(keras.Variable(4.0, name="late"))
    assert "late" in [w.name for w in holder.weights]


def test_trainable_weights_come_before_non_trainable_ones():
    class Late(layers.Layer):
        def build(self, input_shape):
            self.frozen = self.add_weight(shape=(), trainable=False, name="frozen")
            self.kernel = self.add_weight(shape=(), name="kernel")

        def call(self, inputs):
            return inputs

    layer = Late(name="late")
    layer.build(None)
    assert [w.name for w in layer.weights] == ["kernel", "frozen"]


def test_variables_include_seed_generator_state():
    class Noisy(layers.Layer):
        def __init__(self):
            super().__init__()
            self.seed_generator = keras.random.SeedGenerator(1)

        def call(self, inputs):
            return inputs + keras.random.normal(ops.shape(inputs), seed=self.seed_generator)

    layer = Noisy()
    layer(np.zeros((2,), "float32"))
    assert layer.weights == [] and len(layer.variables) == 1


def test_trainable_false_freezes_layer_and_sublayers():
    block = Block()
    block(np.ones((1, 3), "float32"))
    total = len(block.weights)
    block.trainable = False
    assert block.trainable_weights == [] and len(block.non_trainable_weights) == total
    assert not block.first.trainable and not block.stack[1].trainable
    assert block.first.trainable_weights == []
    block.trainable = True
    assert len(block.trainable_weights) == total - 1


def test_trainable_false_in_constructor():
    layer = layers.Dense(2, trainable=False)
    layer(np.ones((1, 3), "float32"))
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 2
    assert layer.get_config()["trainable"] is False


def test_trainable_false_on_a_whole_model():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(4), layers.Dense(1)])
    model.trainable = False
    assert model.trainable_weights == [] and len(model.non_trainable_weights) == 4
    assert all(not layer.trainable for layer in model.layers)


def test_training_passed_down_and_inherited():
    block = Block()
    x = np.ones((1, 3), "float32")
    block(x, training=True)
    block(x, training=False)
    block(x)
    assert block.recorder.seen == [True, False, None]
    model = keras.Sequential([keras.Input((3,)), Recorder(name="rec")])
    model(x, training=True)
    model(x)
    assert model.get_layer("rec").seen[-2:] == [True, None]


def test_training_default_from_call_signature():
    class DefaultsToTrue(layers.Layer):
        def call(self, inputs, training=True):
            self.received = training
            return inputs

    layer = DefaultsToTrue()
    layer(np.ones((1,), "float32"))
    assert layer.received is True
    layer(np.ones((1,), "float32"), training=False)
    assert layer.received is False


def test_training_not_passed_to_layers_without_the_argument():
    class NoTraining(layers.Layer):
        def call(self, inputs):
            return inputs + 1.0

    out = NoTraining()(np.zeros((1,), "float32"), training=True)
    assert _np(out).tolist() == [1.0]


class Penalized(layers.Layer):
    def call(self, inputs):
        self.add_loss(ops.sum(inputs))
        return inputs


def test_losses_from_add_loss_cleared_at_next_outermost_call():
    outer = keras.Sequential([Penalized(), Penalized()])
    x = np.ones((2, 2), "float32")
    outer(x)
    assert [float(_np(v)) for v in outer.losses] == [4.0, 4.0]
    outer(x * 2)
    assert [float(_np(v)) for v in outer.losses] == [8.0, 8.0]
    assert [float(_np(v)) for v in outer.layers[0].losses] == [8.0]


def test_calling_another_layer_keeps_losses():
    generator, other = Penalized(), Penalized()
    generator(np.ones((2,), "float32"))
    other(np.ones((3,), "float32"))
    assert [float(_np(v)) for v in generator.losses] == [2.0]


def test_activity_and_weight_regularizer_losses():
    layer = layers.Dense(
        2,
        kernel_initializer="ones",
        kernel_regularizer=keras.regularizers.L2(0.1),
        activity_regularizer=keras.regularizers.L1(0.01),
    )
    layer(np.ones((1, 3), "float32"))
    losses = sorted(float(_np(v)) for v in layer.losses)
    # activity: 0.01 * |[3, 3]| = 0.06; kernel: 0.1 * 6 ones = 0.6
    np.testing.assert_allclose(losses, [0.06, 0.6], rtol=1e-5)
    layer.trainable = False
    assert len(layer.losses) == 1


def test_symbolic_calls_leave_no_losses():
    inputs = keras.Input((2,))
    layer = Penalized()
    keras.Model(inputs, layer(inputs))
    assert layer.losses == []


def test_compute_output_shape_falls_back_to_a_symbolic_call():
    class Project(layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1], 5), name="w")

        def call(self, inputs):
            return ops.matmul(inputs, self.w)

    layer = Project()
    assert tuple(layer.compute_output_shape((None, 3))) == (None, 5)
    assert layer.built
    out = layer(keras.SymbolicTensor((None, 3)))
    assert out.shape == (None, 5)


class Affine(layers.Layer):
    """A simple subclass without get_config: its config is automatic."""

    def __init__(self, units, offset=0.0, activation_name="linear", **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.offset = offset

    def call(self, inputs):
        return inputs + self.offset


def test_automatic_config_of_simple_subclasses():
    layer = Affine(3, offset=1.5, name="aff", trainable=False)
    config = layer.get_config()
    assert config["units"] == 3 and config["offset"] == 1.5
    assert config["name"] == "aff" and config["trainable"] is False
    clone = Affine.from_config(config)
    assert (clone.units, clone.offset, clone.name, clone.trainable) == (3, 1.5, "aff", False)


def test_automatic_config_without_kwargs_in_init():
    class Shift(layers.Layer):
        def __init__(self, amount):
            super().__init__()
            self.amount = amount

    assert Shift.from_config(Shift(2.0).get_config()).amount == 2.0


def test_automatic_config_rejects_objects():
    class Wrap(layers.Layer):
        def __init__(self, inner, **kwargs):
            super().__init__(**kwargs)
            self.inner = inner

    with pytest.raises(NotImplementedError, match=r"Wrap '.*': argument 'inner' of type Dense"):
        Wrap(layers.Dense(2)).get_config()


def test_get_config_from_config_dense():
    layer = layers.Dense(3, activation="relu", name="d", dtype="float64")
    clone = layers.Dense.from_config(layer.get_config())
    assert (clone.units, clone.name, clone.dtype) == (3, "d", "float64")
    assert clone.activation is layer.activation


def test_count_params():
    layer = layers.Dense(4)
    layer.build((None, 3))
    assert layer.count_params() == 3 * 4 + 4


def test_count_params_before_build_raises():
    with pytest.raises(ValueError, match=r"Dense 'unbuilt' is not built yet.*build\(input_shape\)"):
        layers.Dense(4, name="unbuilt").count_params()


def test_get_and_set_weights():
    layer = layers.Dense(2)
    layer.build((None, 3))
    kernel = np.arange(6, dtype="float32").reshape(3, 2)
    layer.set_weights([kernel, np.array([1.0, 2.0], "float32")])
    got = layer.get_weights()
    assert all(isinstance(w, np.ndarray) for w in got)
    np.testing.assert_array_equal(got[0], kernel)
    out = layer(np.ones((1, 3), "float32"))
    np.testing.assert_allclose(_np(out), [[7.0, 11.0]])


def test_set_weights_rejects_wrong_count():
    layer = layers.Dense(2, name="d2")
    layer.build((None, 3))
    with pytest.raises(ValueError, match=r"Dense 'd2' has 2 weights but set_weights received 1"):
        layer.set_weights([np.zeros((3, 2))])


def test_set_weights_rejects_wrong_shape():
    layer = layers.Dense(2, name="d3")
    layer.build((None, 3))
    with pytest.raises(
        ValueError, match=r"weight 'd3/kernel' has shape \(3, 2\) but .* shape \(2, 2\)"
    ):
        layer.set_weights([np.zeros((2, 2)), np.zeros((2,))])


def test_stateless_call_leaves_variables_alone():
    layer = Scale()
    layer.build((None, 2))

    class Counting(Scale):
        def call(self, inputs):
            self.count.assign(self.count + 1.0)
            return inputs * self.scale

    counting = Counting()
    counting.build((None, 2))
    x = np.ones((1, 2), "float32")
    trainable = [ops.convert_to_tensor(np.array([2.0, 3.0], "float32"))]
    non_trainable = [ops.convert_to_tensor(np.array(5.0, "float32"))]
    out, updated = counting.stateless_call(trainable, non_trainable, x)
    np.testing.assert_allclose(_np(out), [[2.0, 3.0]])
    assert float(_np(updated[0])) == 6.0
    assert counting.count.numpy() == 0.0 and counting.scale.numpy().tolist() == [1.0, 1.0]


def test_stateless_call_returns_losses():
    layer = layers.Dense(1, kernel_regularizer=keras.regularizers.L2(1.0), use_bias=False)
    layer.build((None, 2))
    kernel = ops.convert_to_tensor(np.array([[1.0], [2.0]], "float32"))
    _, _, losses = layer.stateless_call(
        [kernel], [], np.ones((1, 2), "float32"), return_losses=True
    )
    assert float(_np(losses[0])) == pytest.approx(5.0)


def test_stateless_call_rejects_wrong_counts():
    layer = layers.Dense(1, name="sc")
    layer.build((None, 2))
    with pytest.raises(ValueError, match=r"Dense 'sc'.stateless_call expected 2 trainable and 0"):
        layer.stateless_call([], [], np.ones((1, 2), "float32"))


def test_rejects_unknown_constructor_argument():
    with pytest.raises(TypeError, match=r"Scale: unexpected keyword argument\(s\) \['colour'\]"):
        Scale(colour="red")


def test_rejects_bad_name():
    with pytest.raises(ValueError, match=r"name must be a non-empty string without '/'"):
        Scale(name="a/b")


def test_call_not_implemented():
    with pytest.raises(NotImplementedError, match=r"Layer 'bare' has no call\(\)"):
        layers.Layer(name="bare")(np.ones((1,), "float32"))


def test_input_and_output_before_any_symbolic_call():
    with pytest.raises(ValueError, match=r"Dense 'lonely' has no input yet"):
        _ = layers.Dense(1, name="lonely").input


def test_unique_default_names():
    first, second = Scale(), Scale()
    assert first.name != second.name
    assert first.name.startswith("scale") and second.name.startswith("scale")
