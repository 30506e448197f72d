"""`get`, `serialize` and `deserialize` of `lamina.losses`: Keras names and aliases, Keras 3
config dicts, custom losses through custom_objects only, and one test per error message."""

from __future__ import annotations

import json

import numpy as np
import pytest

from lamina import losses, ops
from lamina.losses.registry import BUILTIN_LOSSES

ALIASES = {
    "mse": losses.mean_squared_error,
    "MSE": losses.mean_squared_error,
    "mae": losses.mean_absolute_error,
    "MAE": losses.mean_absolute_error,
    "mape": losses.mean_absolute_percentage_error,
    "msle": losses.mean_squared_logarithmic_error,
    "bce": losses.binary_crossentropy,
    "kld": losses.kl_divergence,
    "KLD": losses.kl_divergence,
    "binary_crossentropy": losses.binary_crossentropy,
    "sparse_categorical_crossentropy": losses.sparse_categorical_crossentropy,
}


def twice_mse(y_true, y_pred):
    return ops.multiply(losses.mean_squared_error(y_true, y_pred), 2.0)


class Scaled(losses.Loss):
    def __init__(self, factor=1.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, y_true, y_pred):
        return ops.multiply(losses.mean_absolute_error(y_true, y_pred), self.factor)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


def test_builtins_are_exactly_the_exported_losses():
    exported = set(losses.__all__) - {"get", "serialize", "deserialize"}
    not_exported = {"bce", "kld", "BCE", "KLD", "MSE", "MAE", "MAPE", "MSLE"}
    assert set(BUILTIN_LOSSES) - not_exported == exported
    for name in exported:
        assert BUILTIN_LOSSES[name] is getattr(losses, name)


@pytest.mark.parametrize(("name", "function"), sorted(ALIASES.items()))
def test_get_returns_functions_for_function_names(name, function):
    assert losses.get(name) is function


def test_get_instantiates_class_names_and_classes():
    assert type(losses.get("MeanSquaredError")) is losses.MeanSquaredError
    assert type(losses.get(losses.Huber)) is losses.Huber
    loss = losses.CategoricalCrossentropy()
    assert losses.get(loss) is loss
    assert losses.get(twice_mse) is twice_mse
    assert losses.get(None) is None


def test_builtin_function_serializes_as_keras_does():
    saved = losses.serialize(losses.mse)
    assert saved == {
        "module": "keras.losses",
        "class_name": "function",
        "config": "mean_squared_error",
        "registered_name": "mean_squared_error",
    }
    assert losses.deserialize(json.loads(json.dumps(saved))) is losses.mean_squared_error
    assert losses.serialize(None) is None


def test_custom_function_and_class_need_custom_objects():
    saved = losses.serialize(twice_mse)
    assert saved["registered_name"] == "twice_mse"
    assert losses.deserialize(saved, custom_objects={"twice_mse": twice_mse}) is twice_mse
    loss = Scaled(3.0, name="scaled", reduction="sum")
    saved = json.loads(json.dumps(losses.serialize(loss)))
    assert saved["registered_name"] == "Scaled"
    rebuilt = losses.deserialize(saved, custom_objects={"Scaled": Scaled})
    assert (type(rebuilt), rebuilt.factor, rebuilt.name, rebuilt.reduction) == (
        Scaled,
        3.0,
        "scaled",
        "sum",
    )
    y = np.ones((2, 2), "float32")
    assert float(ops.convert_to_numpy(rebuilt(y, 2 * y))) == pytest.approx(6.0)


def test_custom_objects_take_precedence_over_builtins():
    assert losses.deserialize("mse", custom_objects={"mse": twice_mse}) is twice_mse


def test_deserialize_accepts_keras_files():
    config = {
        "module": "keras.losses",
        "class_name": "SparseCategoricalCrossentropy",
        "config": {
            "name": "scce",
            "reduction": "sum_over_batch_size",
            "from_logits": True,
            "ignore_class": None,
        },
        "registered_name": None,
    }
    loss = losses.deserialize(config)
    assert (type(loss), loss.name, loss.from_logits) == (
        losses.SparseCategoricalCrossentropy,
        "scce",
        True,
    )


def test_unknown_name_lists_names_and_custom_objects():
    with pytest.raises(
        ValueError, match=r"Unknown loss 'focal'\. Valid names are \[.*custom_objects=\{'focal'"
    ):
        losses.get("focal")


def test_names_from_foreign_modules_are_not_resolved():
    config = {"module": "os", "class_name": "function", "config": "mse", "registered_name": None}
    with pytest.raises(ValueError, match=r"Unknown loss 'mse' \(module 'os'\)"):
        losses.deserialize(config)


def test_lambda_cannot_be_serialized():
    with pytest.raises(ValueError, match="serialize expected a Loss or a named loss function"):
        losses.serialize(lambda y_true, y_pred: y_pred)


def test_malformed_configs_are_rejected():
    with pytest.raises(
        ValueError, match="deserialize expected a loss config dict with a string 'class_name'"
    ):
        losses.deserialize({"config": {}})
    with pytest.raises(ValueError, match="deserialize expected the 'config' of a 'function' entry"):
        losses.deserialize({"class_name": "function", "config": {}})
    with pytest.raises(
        ValueError, match="deserialize expected a loss name, a config dict or a callable"
    ):
        losses.deserialize(3)


def test_get_rejects_other_types():
    with pytest.raises(ValueError, match=r"Could not interpret loss identifier: 3 \(type int\)"):
        losses.get(3)
