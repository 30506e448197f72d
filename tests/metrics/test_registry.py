"""get, serialize and deserialize: Keras's names and aliases, configs, custom objects, errors."""

from __future__ import annotations

import json

import pytest

from lamina import losses, metrics, ops
from lamina.metrics.registry import BUILTIN_METRICS


@pytest.mark.parametrize(
    "name, class_name",
    [
        ("accuracy", "Accuracy"),
        ("binary_accuracy", "BinaryAccuracy"),
        ("mse", "MeanSquaredError"),
        ("MAE", "MeanAbsoluteError"),
        ("mape", "MeanAbsolutePercentageError"),
        ("msle", "MeanSquaredLogarithmicError"),
        ("bce", "BinaryCrossentropy"),
        ("auc", "AUC"),
        ("AUC", "AUC"),
        ("r2_score", "R2Score"),
        ("kl_divergence", "KLDivergence"),
        ("log_cosh_error", "LogCoshError"),
        ("top_k_categorical_accuracy", "TopKCategoricalAccuracy"),
        ("precision", "Precision"),
        ("mean", "Mean"),
    ],
)
def test_get_gives_a_new_instance_for_keras_names(name, class_name):
    metric = metrics.get(name)
    assert type(metric).__name__ == class_name
    assert metrics.get(name) is not metric


def test_get_passes_functions_and_instances_through():
    metric = metrics.Mean()
    assert metrics.get(metric) is metric
    assert metrics.get(metrics.binary_accuracy) is metrics.binary_accuracy
    assert metrics.get("huber") is losses.huber
    assert isinstance(metrics.get(metrics.Sum), metrics.Sum)
    assert metrics.get(None) is None


def test_every_builtin_class_round_trips_through_json():
    required = {
        "IoU": {"num_classes": 3, "target_class_ids": [0]},
        "MeanIoU": {"num_classes": 3},
        "OneHotIoU": {"num_classes": 3, "target_class_ids": [0]},
        "OneHotMeanIoU": {"num_classes": 3},
        "MeanMetricWrapper": {"fn": metrics.mean_squared_error},
        "PrecisionAtRecall": {"recall": 0.5},
        "RecallAtPrecision": {"precision": 0.5},
        "SensitivityAtSpecificity": {"specificity": 0.5},
        "SpecificityAtSensitivity": {"sensitivity": 0.5},
    }
    for name in sorted({cls.__name__ for cls in BUILTIN_METRICS.values()}):
        metric = BUILTIN_METRICS[name](**required.get(name, {}))
        saved = json.loads(json.dumps(metrics.serialize(metric)))
        assert saved["module"] == "keras.metrics" and saved["registered_name"] is None
        restored = metrics.deserialize(saved)
        assert type(restored) is type(metric)
        assert restored.get_config() == metric.get_config()


def test_functions_serialize_by_name_with_their_keras_module():
    assert metrics.serialize(metrics.sparse_categorical_accuracy) == {
        "module": "keras.metrics",
        "class_name": "function",
        "config": "sparse_categorical_accuracy",
        "registered_name": "sparse_categorical_accuracy",
    }
    saved = metrics.serialize(metrics.mse)
    assert saved["module"] == "keras.losses" and saved["config"] == "mean_squared_error"
    assert metrics.deserialize(saved) is losses.mean_squared_error


def test_deserialize_reads_a_keras_written_config():
    config = {
        "module": "keras.metrics",
        "class_name": "MeanMetricWrapper",
        "config": {
            "name": "acc",
            "dtype": "float32",
            "fn": {
                "module": "keras.metrics",
                "class_name": "function",
                "config": "binary_accuracy",
                "registered_name": "binary_accuracy",
            },
            "threshold": 0.6,
        },
        "registered_name": None,
    }
    metric = metrics.deserialize(config)
    metric.update_state([[1.0], [0.0]], [[0.7], [0.65]])
    assert metric.name == "acc" and float(metric.result()) == 0.5


class Halved(metrics.Mean):
    def update_state(self, values, sample_weight=None):
        super().update_state(ops.multiply(values, 0.5), sample_weight)


def test_custom_classes_need_custom_objects():
    saved = metrics.serialize(Halved(name="half"))
    assert saved["registered_name"] == "Halved" and saved["module"] == __name__
    restored = metrics.deserialize(saved, custom_objects={"Halved": Halved})
    assert isinstance(restored, Halved) and restored.name == "half"
    with pytest.raises(ValueError, match=r"Unknown metric 'Halved' \(module 'tests.metrics"):
        metrics.deserialize(saved)


def test_custom_objects_resolve_a_wrapped_function():
    def doubled(y_true, y_pred):
        return ops.multiply(ops.subtract(y_pred, y_true), 2.0)

    saved = metrics.serialize(metrics.MeanMetricWrapper(doubled, name="doubled"))
    restored = metrics.deserialize(saved, custom_objects={"doubled": doubled})
    assert restored._fn is doubled


def test_get_rejects_an_unknown_name():
    with pytest.raises(ValueError, match=r"lamina.metrics: Unknown metric 'acuracy'\. Valid"):
        metrics.get("acuracy")


def test_get_rejects_a_non_callable():
    with pytest.raises(ValueError, match=r"Could not interpret metric identifier: 3 \(type int\)"):
        metrics.get(3)


def test_deserialize_rejects_a_name_from_another_module():
    config = {"module": "os", "class_name": "Mean", "config": {}}
    with pytest.raises(ValueError, match=r"Unknown metric 'Mean' \(module 'os'\)"):
        metrics.deserialize(config)


def test_deserialize_rejects_a_dict_without_class_name():
    with pytest.raises(ValueError, match="with a string 'class_name'"):
        metrics.deserialize({"config": {}})


def test_deserialize_rejects_a_function_entry_without_a_name():
    with pytest.raises(ValueError, match="'config' of a 'function' entry to be its name"):
        metrics.deserialize({"class_name": "function", "config": {}})


def test_deserialize_rejects_other_types():
    with pytest.raises(ValueError, match="deserialize expected a metric name, a config dict"):
        metrics.deserialize(3)


def test_serialize_rejects_a_lambda():
    with pytest.raises(ValueError, match="serialize expected a Metric or a named metric func"):
        metrics.serialize(lambda y_true, y_pred: y_pred)
