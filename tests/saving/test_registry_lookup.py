"""Every package's `get` / `serialize` / `deserialize` goes through the shared registry:
registered objects and custom-object scopes are found, registered names are written, and
names still never reach anything but lamina's built-ins and the user's own objects."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import (
    activations,
    constraints,
    initializers,
    layers,
    losses,
    metrics,
    ops,
    optimizers,
    regularizers,
)
from lamina.object_registry import registered_objects
from tests.conftest import BACKEND

TRAINS = BACKEND in ("torch", "jax")


@pytest.fixture(autouse=True)
def _clean_registry():
    objects = dict(registered_objects.GLOBAL_OBJECTS)
    names = dict(registered_objects.GLOBAL_NAMES)
    yield
    registered_objects.GLOBAL_OBJECTS.clear()
    registered_objects.GLOBAL_OBJECTS.update(objects)
    registered_objects.GLOBAL_NAMES.clear()
    registered_objects.GLOBAL_NAMES.update(names)


def half_squared(y_true, y_pred):
    return ops.mean(ops.multiply(0.5, ops.square(ops.subtract(y_true, y_pred))), axis=-1)


def gap(y_true, y_pred):
    return ops.mean(ops.abs(ops.subtract(y_true, y_pred)), axis=-1)


def doubled(x):
    return ops.multiply(x, 2.0)


class MeanGap(metrics.Mean):
    def update_state(self, y_true, y_pred, sample_weight=None):
        super().update_state(gap(y_true, y_pred), sample_weight)


class Halving(initializers.Initializer):
    def __call__(self, shape, dtype=None):
        return ops.multiply(ops.ones(shape, dtype=dtype), 0.5)


class Cubic(regularizers.Regularizer):
    def __call__(self, x):
        return ops.sum(ops.abs(ops.power(x, 3)))

    def get_config(self):
        return {}


class Clip(constraints.Constraint):
    def __call__(self, w):
        return ops.clip(w, -1.0, 1.0)


class Doubler(layers.Layer):
    def call(self, x):
        return ops.multiply(x, 2.0)


# package, object to register, what `get(name)` gives back: the object or an instance of it.
CASES = [
    (activations, doubled, "same"),
    (losses, half_squared, "same"),
    (metrics, MeanGap, "instance"),
    (initializers, Halving, "instance"),
    (regularizers, Cubic, "instance"),
    (constraints, Clip, "instance"),
]
IDS = [case[0].__name__ for case in CASES]


def _register(obj):
    return lamina.saving.register_keras_serializable(package="Lookup")(obj)


def _check_found(found, obj, expect):
    if expect == "same":
        assert found is obj
    else:
        assert type(found) is obj


@pytest.mark.parametrize(("package", "obj", "expect"), CASES, ids=IDS)
def test_get_and_deserialize_find_registered_names(package, obj, expect):
    name = f"Lookup>{obj.__name__}"
    with pytest.raises(ValueError, match=f"{package.__name__}: Unknown .*'{name}'"):
        package.get(name)
    _register(obj)
    _check_found(package.get(name), obj, expect)
    _check_found(package.deserialize(name), obj, expect)


@pytest.mark.parametrize(("package", "obj", "expect"), CASES, ids=IDS)
def test_registered_objects_round_trip_without_custom_objects(package, obj, expect):
    _register(obj)
    original = obj if expect == "same" else obj()
    saved = package.serialize(original)
    name = f"Lookup>{obj.__name__}"
    if expect == "same":
        # Keras 3's form for a registered function.
        assert saved == {
            "module": "builtins",
            "class_name": "function",
            "config": name,
            "registered_name": "function",
        }
    else:
        assert (saved["class_name"], saved["registered_name"]) == (obj.__name__, name)
    _check_found(package.deserialize(saved), obj, expect)
    _check_found(package.get(saved), obj, expect)


@pytest.mark.parametrize(("package", "obj", "expect"), CASES, ids=IDS)
def test_scoped_objects_are_found_only_inside_the_scope(package, obj, expect):
    with lamina.saving.custom_object_scope({"scoped_thing": obj}):
        _check_found(package.get("scoped_thing"), obj, expect)
        config = {"module": "my_project", "class_name": obj.__name__, "config": {}}
        config["registered_name"] = "scoped_thing"
        if expect == "same":
            config.update(class_name="function", config="scoped_thing")
        _check_found(package.deserialize(config), obj, expect)
    with pytest.raises(ValueError, match=f"{package.__name__}: Unknown .*'scoped_thing'"):
        package.get("scoped_thing")


def test_scope_takes_precedence_over_a_builtin_name():
    with lamina.saving.custom_object_scope({"relu": doubled, "mse": half_squared}):
        assert activations.get("relu") is doubled
        assert losses.get("mse") is half_squared
    assert activations.get("relu") is activations.relu


def test_keras_36_bare_function_names_find_the_registered_function():
    _register(half_squared)
    entry = {
        "module": "builtins",
        "class_name": "function",
        "config": "half_squared",
        "registered_name": "function",
    }
    assert losses.deserialize(entry) is half_squared


def test_wrapped_registered_function_round_trips():
    _register(gap)
    saved = metrics.serialize(metrics.MeanMetricWrapper(gap, name="gap"))
    assert saved["config"]["fn"]["config"] == "Lookup>gap"
    assert metrics.deserialize(saved)._fn is gap
    saved = losses.serialize(losses.LossFunctionWrapper(gap, name="gap"))
    assert losses.deserialize(saved).fn is gap


def test_registered_optimizer_is_found():
    class Slow(optimizers.SGD):
        pass

    _register(Slow)
    assert type(optimizers.get("Lookup>Slow")) is Slow
    assert type(optimizers.deserialize(optimizers.serialize(Slow(0.5)))) is Slow


def test_registered_layer_round_trips_through_layers_and_sequential():
    _register(Doubler)
    saved = layers.serialize(Doubler(name="twice"))
    assert (saved["registered_name"], saved["module"]) == ("Lookup>Doubler", __name__)
    restored = layers.deserialize(saved)
    assert type(restored) is Doubler and restored.name == "twice"
    model = lamina.Sequential([lamina.Input((2,)), Doubler()])
    clone = lamina.Sequential.from_config(model.get_config())
    out = clone.predict(np.ones((1, 2), "float32"), verbose=0)
    np.testing.assert_allclose(out, [[2.0, 2.0]])


def test_unknown_name_error_lists_no_registered_or_scoped_names():
    _register(half_squared)
    with lamina.saving.custom_object_scope({"private_loss": gap}):
        with pytest.raises(ValueError) as raised:
            losses.get("nope")
    message = str(raised.value)
    assert "lamina.losses: Unknown loss 'nope'" in message
    assert "Lookup>" not in message and "private_loss" not in message


def test_long_hostile_names_are_cut_short_in_messages():
    with pytest.raises(ValueError) as raised:
        activations.get("x" * 10_000)
    assert len(str(raised.value)) < 2_000


@pytest.mark.parametrize(
    "package", [activations, losses, metrics, initializers, regularizers, constraints]
)
def test_configs_never_reach_foreign_modules(package):
    for entry in (
        {"module": "os", "class_name": "function", "config": "system", "registered_name": None},
        {"module": "builtins", "class_name": "function", "config": "eval"},
        {"module": "kerasx.evil", "class_name": "function", "config": "relu"},
        {"module": "subprocess", "class_name": "Popen", "config": {}},
    ):
        with pytest.raises(ValueError, match=f"{package.__name__}: Unknown"):
            package.deserialize(entry)


def test_layers_refuse_builtin_names_from_foreign_modules():
    config = {"module": "my_project", "class_name": "Dense", "config": {"units": 2}}
    with pytest.raises(ValueError, match=r"lamina.layers: Unknown layer 'Dense' \(module"):
        layers.deserialize(config)


def _compiled_model():
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(2, use_bias=False)])
    model.set_weights([np.eye(3, 2, dtype="float32")])
    return model


def _expected(x, y):
    pred = x[:, :2]
    return float(np.mean(0.5 * (y - pred) ** 2)), float(np.mean(np.abs(y - pred)))


def test_compile_resolves_registered_and_scoped_names():
    _register(half_squared)
    _register(MeanGap)
    model = _compiled_model()
    x = np.arange(12, dtype="float32").reshape(4, 3) / 10
    y = np.ones((4, 2), "float32")
    with lamina.saving.custom_object_scope({"gap": gap}):
        model.compile(loss="Lookup>half_squared", metrics=["Lookup>MeanGap", "gap"])
        pred = model.predict(x, verbose=0)
        loss_value = model._compile_loss(y, pred)
        model._compile_metrics.build(y, pred)
        model._compile_metrics.update_state(y, pred)
        results = model._compile_metrics.result().items()
    found = {key: float(ops.convert_to_numpy(value)) for key, value in results}
    expected_loss, expected_gap = _expected(x, y)
    assert float(ops.convert_to_numpy(loss_value)) == pytest.approx(expected_loss, rel=1e-5)
    assert found == pytest.approx({"Lookup>MeanGap": expected_gap, "gap": expected_gap}, rel=1e-5)


@pytest.mark.skipif(not TRAINS, reason="the numpy backend is inference-only (no evaluate)")
def test_evaluate_with_registered_loss_and_metric_names():
    _register(half_squared)
    _register(MeanGap)
    model = _compiled_model()
    model.compile(loss="Lookup>half_squared", metrics=["Lookup>MeanGap"])
    x = np.arange(12, dtype="float32").reshape(4, 3) / 10
    y = np.ones((4, 2), "float32")
    logs = model.evaluate(x, y, verbose=0, return_dict=True)
    expected_loss, expected_gap = _expected(x, y)
    assert logs["loss"] == pytest.approx(expected_loss, rel=1e-5)
    assert logs["Lookup>MeanGap"] == pytest.approx(expected_gap, rel=1e-5)
