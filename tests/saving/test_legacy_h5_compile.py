"""Keras 2 `training_config`s rewritten as compile configs (`legacy_h5_compile`)."""

from __future__ import annotations

import pytest

import lamina
from lamina.saving.compile_state import compile_from_config
from lamina.saving.legacy_h5_compile import upgrade_training_config


def _optimizer(class_name, **config):
    return {"class_name": class_name, "config": config}


@pytest.mark.parametrize(
    "entry, expected",
    [
        (_optimizer("Custom>Adam", learning_rate=0.01, is_legacy_optimizer=False), "Adam"),
        (_optimizer("rmsprop", lr=0.01, decay=0.0), "RMSprop"),
        (_optimizer("SGD", lr=0.01, jit_compile=True, momentum=0.5), "SGD"),
    ],
)
def test_keras2_optimizer_names_and_arguments(entry, expected):
    config = upgrade_training_config({"optimizer_config": entry}, {}, num_outputs=1)
    assert config["optimizer"]["class_name"] == expected
    assert config["optimizer"]["config"].get("learning_rate") == 0.01
    for key in ("lr", "decay", "is_legacy_optimizer", "jit_compile"):
        assert key not in config["optimizer"]["config"]
    model = lamina.Sequential([lamina.Input((2,)), lamina.layers.Dense(1)])
    compile_from_config(model, {**config, "loss": "mse"})
    assert type(model.optimizer).__name__ == expected
    assert float(model.optimizer.learning_rate) == pytest.approx(0.01)


def test_nonzero_decay_is_kept_so_that_the_optimizer_warns():
    config = upgrade_training_config(
        {"optimizer_config": _optimizer("Adam", lr=0.1, decay=0.5)}, {}, num_outputs=1
    )
    assert config["optimizer"]["config"] == {"learning_rate": 0.1, "decay": 0.5}


def test_a_registered_custom_name_is_kept():
    entry = _optimizer("Custom>Adam", learning_rate=0.1)
    config = upgrade_training_config({"optimizer_config": entry}, {"Custom>Adam": object}, 1)
    assert config["optimizer"]["class_name"] == "Custom>Adam"


def test_losses_and_metrics_of_one_output():
    loss = {
        "class_name": "CategoricalCrossentropy",
        "config": {"reduction": "auto", "name": "cce", "from_logits": True},
    }
    accuracy = {
        "class_name": "MeanMetricWrapper",
        "config": {"name": "accuracy", "dtype": "float32", "fn": "categorical_accuracy"},
    }
    auc = {"class_name": "AUC", "config": {"name": "auc"}}
    keras2 = {"loss": loss, "metrics": [[accuracy, auc]], "weighted_metrics": None}
    config = upgrade_training_config(keras2, {}, num_outputs=1)
    assert config["loss"]["config"]["reduction"] == "sum_over_batch_size"
    assert config["metrics"] == ["accuracy", auc]
    assert "weighted_metrics" not in config and "optimizer" not in config
    assert keras2["loss"]["config"]["reduction"] == "auto"  # input unchanged


def test_metrics_of_several_outputs_stay_per_output():
    keras2 = {"metrics": [["mae"], []], "loss": {"a": "mse", "b": "mse"}, "loss_weights": [1, 2]}
    config = upgrade_training_config(keras2, {}, num_outputs=2)
    assert config == {
        "metrics": [["mae"], []],
        "loss": {"a": "mse", "b": "mse"},
        "loss_weights": [1, 2],
    }


def test_malformed_training_configs_are_refused():
    with pytest.raises(ValueError, match="'training_config' of a legacy .h5 file must be a dict"):
        upgrade_training_config("adam", {}, 1)
    with pytest.raises(ValueError, match="is not a .*'class_name', 'config'.* entry"):
        upgrade_training_config({"optimizer_config": ["adam"]}, {}, 1)
