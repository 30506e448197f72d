"""TensorBoard: the event files it writes, read back with TensorBoard's own reader."""

from __future__ import annotations

import os

import numpy as np
import pytest

import lamina
from lamina.callbacks import TensorBoard
from tests.conftest import BACKEND

RNG = np.random.default_rng(0)
_TB_REASON = "tensorboard is not installed: it is only needed to read the event files back"
needs_training = pytest.mark.skipif(
    BACKEND not in ("torch", "jax"), reason="numpy backend is inference-only"
)


def _load(log_dir) -> object:
    module = pytest.importorskip(
        "tensorboard.backend.event_processing.event_accumulator", reason=_TB_REASON
    )
    guidance = {module.SCALARS: 0, module.HISTOGRAMS: 0, module.TENSORS: 0}
    accumulator = module.EventAccumulator(str(log_dir), size_guidance=guidance)
    accumulator.Reload()
    return accumulator


def _scalars(accumulator, tag: str) -> tuple[list[int], list[float]]:
    events = accumulator.Scalars(tag)
    return [event.step for event in events], [event.value for event in events]


def _model() -> lamina.Model:
    model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(2)])
    model.compile(optimizer=lamina.optimizers.SGD(0.05), loss="mse", metrics=["mae"])
    return model


def _fit(log_dir, epochs: int = 3, **tensorboard_args) -> tuple[lamina.Model, object]:
    x = RNG.normal(size=(20, 3)).astype("float32")
    y = RNG.normal(size=(20, 2)).astype("float32")
    model = _model()
    history = model.fit(
        x[:16],
        y[:16],
        batch_size=4,
        epochs=epochs,
        verbose=0,
        validation_data=(x[16:], y[16:]),
        callbacks=[TensorBoard(log_dir, **tensorboard_args)],
    )
    return model, history


@needs_training
def test_fit_writes_epoch_scalars_like_keras(tmp_path):
    _, history = _fit(tmp_path)
    assert sorted(os.listdir(tmp_path)) == ["train", "validation"]
    train = _load(tmp_path / "train")
    assert sorted(train.Tags()["scalars"]) == ["epoch_learning_rate", "epoch_loss", "epoch_mae"]
    for name in ("loss", "mae"):
        steps, values = _scalars(train, f"epoch_{name}")
        assert steps == [0, 1, 2]
        np.testing.assert_allclose(values, history.history[name], rtol=1e-6)
    np.testing.assert_allclose(_scalars(train, "epoch_learning_rate")[1], [0.05] * 3, rtol=1e-6)
    assert train.Tags()["histograms"] == []
    validation = _load(tmp_path / "validation")
    for name in ("loss", "mae"):
        steps, values = _scalars(validation, f"epoch_{name}")
        assert steps == [0, 1, 2]
        np.testing.assert_allclose(values, history.history[f"val_{name}"], rtol=1e-6)
    # Each validation also writes its results against the optimizer's step count (4 a epoch).
    steps, values = _scalars(validation, "evaluation_loss_vs_iterations")
    assert steps == [4, 8, 12]
    np.testing.assert_allclose(values, history.history["val_loss"], rtol=1e-6)


@needs_training
def test_fit_writes_weight_histograms_every_histogram_freq(tmp_path):
    model, _ = _fit(tmp_path, epochs=3, histogram_freq=2)
    train = _load(tmp_path / "train")
    kernel_path, bias_path = (variable.path for variable in model.weights)
    assert kernel_path.endswith("/kernel") and bias_path.endswith("/bias")
    assert sorted(train.Tags()["histograms"]) == sorted([kernel_path, bias_path])
    kernel_events = train.Histograms(kernel_path)
    assert [event.step for event in kernel_events] == [0, 2]
    # The last histogram describes the final weights.
    last = kernel_events[-1].histogram_value
    kernel = model.get_weights()[0]
    assert last.num == kernel.size
    np.testing.assert_allclose([last.min, last.max], [kernel.min(), kernel.max()], rtol=1e-6)
    np.testing.assert_allclose(last.sum, kernel.sum(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    ("update_freq", "expected_steps"), [("batch", [1, 2, 3, 4, 5, 6, 7, 8]), (4, [4, 8])]
)
@needs_training
def test_fit_writes_batch_scalars(tmp_path, update_freq, expected_steps):
    _fit(tmp_path, epochs=2, update_freq=update_freq, write_steps_per_second=True)
    train = _load(tmp_path / "train")
    tags = set(train.Tags()["scalars"])
    assert {"batch_loss", "batch_mae", "batch_steps_per_second"} <= tags
    assert {"epoch_loss", "epoch_steps_per_second"} <= tags
    assert _scalars(train, "batch_loss")[0] == expected_steps
    assert all(value > 0 for value in _scalars(train, "epoch_steps_per_second")[1])


def test_epoch_end_without_fit_writes_scalars_and_learning_rate(tmp_path):
    callback = TensorBoard(tmp_path)
    callback.set_model(_model())
    callback.on_train_begin()
    callback.on_epoch_begin(0)
    callback.on_epoch_end(0, {"loss": 0.5, "accuracy": 0.25})
    callback.on_epoch_begin(1)
    callback.on_epoch_end(1, {"loss": 0.4, "accuracy": 0.5})
    callback.on_train_end()
    assert os.listdir(tmp_path) == ["train"]
    train = _load(tmp_path / "train")
    assert _scalars(train, "epoch_loss") == ([0, 1], pytest.approx([0.5, 0.4]))
    assert _scalars(train, "epoch_accuracy") == ([0, 1], [0.25, 0.5])
    assert _scalars(train, "epoch_learning_rate")[1] == pytest.approx([0.05, 0.05])


def test_histograms_leave_out_non_finite_values(tmp_path):
    model = _model()
    kernel = np.arange(6, dtype="float32").reshape(3, 2)
    kernel[0, 0] = np.nan
    kernel[1, 1] = np.inf
    model.set_weights([kernel, np.zeros(2, "float32")])
    callback = TensorBoard(tmp_path, histogram_freq=1)
    callback.set_model(model)
    callback.on_epoch_end(0, {"loss": 1.0})
    callback.on_train_end()
    kernel_path = model.weights[0].path
    histogram = _load(tmp_path / "train").Histograms(kernel_path)[0].histogram_value
    assert histogram.num == 4
    assert (histogram.min, histogram.max, histogram.sum) == (1.0, 5.0, 1.0 + 2.0 + 4.0 + 5.0)


def test_evaluate_writes_evaluation_scalars(tmp_path):
    callback = TensorBoard(tmp_path)
    callback.set_model(_model())
    callback.on_test_begin()
    callback.on_test_end({"loss": 0.75})
    validation = _load(tmp_path / "validation")
    assert _scalars(validation, "evaluation_loss_vs_iterations") == ([0], [0.75])
    assert callback._writers == {}  # Closed: no fit will close it later.


def test_unsupported_arguments_raise():
    with pytest.raises(ValueError, match=r"write_images=True is not supported"):
        TensorBoard(write_images=True)
    with pytest.raises(ValueError, match=r"profile_batch must be 0, received \(2, 4\)"):
        TensorBoard(profile_batch=(2, 4))
    with pytest.raises(ValueError, match=r"embeddings_freq must be 0, received 1"):
        TensorBoard(embeddings_freq=1)
    with pytest.raises(ValueError, match=r"update_freq must be 'epoch', 'batch' or a positive"):
        TensorBoard(update_freq=0)
    with pytest.raises(ValueError, match=r"histogram_freq must be an int >= 0"):
        TensorBoard(histogram_freq=-1)
    with pytest.raises(TypeError, match=r"log_dir must be a str or os.PathLike"):
        TensorBoard(log_dir=3)


def test_accepted_no_op_arguments_keep_keras_defaults():
    callback = TensorBoard(write_graph=False, embeddings_metadata={"embedding": "meta.tsv"})
    assert callback.log_dir == "logs"
    assert callback.update_freq == "epoch"
    assert TensorBoard(update_freq="batch").update_freq == 1
    assert TensorBoard().write_graph is True
