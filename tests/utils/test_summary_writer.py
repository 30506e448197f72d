"""SummaryWriter writes event files that TensorBoard's own reader (and a reader here) load back."""

from __future__ import annotations

import os
import socket
import struct
import time
from collections import defaultdict

import numpy as np
import pytest

import lamina
from lamina import ops
from lamina.utils import event_records
from lamina.utils.summary_writer import SummaryWriter

RNG = np.random.default_rng(0)
_TB_REASON = "tensorboard is not installed (it is in the dev extras); its reader checks the files"


def decode_message(buffer: bytes) -> dict[int, list]:
    """A minimal protobuf decoder: field number -> list of raw values, in order."""
    fields: dict[int, list] = defaultdict(list)
    offset = 0

    def varint() -> int:
        nonlocal offset
        result = shift = 0
        while True:
            byte = buffer[offset]
            offset += 1
            result |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return result

    while offset < len(buffer):
        key = varint()
        field, wire_type = key >> 3, key & 7
        if wire_type == 0:
            fields[field].append(varint())
        elif wire_type == 1:
            fields[field].append(struct.unpack_from("<d", buffer, offset)[0])
            offset += 8
        elif wire_type == 5:
            fields[field].append(struct.unpack_from("<f", buffer, offset)[0])
            offset += 4
        else:
            assert wire_type == 2, wire_type
            size = varint()
            fields[field].append(buffer[offset : offset + size])
            offset += size
    return fields


def read_events(path: str) -> list[dict[int, list]]:
    with open(path, "rb") as file:
        return [decode_message(record) for record in event_records.iter_records(file.read())]


def summary_value(event: dict[int, list]) -> dict[int, list]:
    (summary,) = event[5]
    (value,) = decode_message(summary)[1]
    return decode_message(value)


def load_accumulator(logdir: str):
    module = pytest.importorskip(
        "tensorboard.backend.event_processing.event_accumulator", reason=_TB_REASON
    )
    guidance = {module.SCALARS: 0, module.HISTOGRAMS: 0, module.TENSORS: 0}
    accumulator = module.EventAccumulator(logdir, size_guidance=guidance)
    accumulator.Reload()
    return accumulator


def test_file_name_and_first_event(tmp_path):
    logdir = tmp_path / "run" / "train"
    before = int(time.time())
    with SummaryWriter(logdir) as writer:
        pass
    (name,) = os.listdir(logdir)
    assert name.startswith("events.out.tfevents.")
    seconds, hostname = name[len("events.out.tfevents.") :].split(".", 1)
    assert before <= int(seconds) <= time.time()
    assert hostname == socket.gethostname()
    assert writer.path == os.path.join(str(logdir), name)
    (event,) = read_events(writer.path)
    assert event[3] == [b"brain.Event:2"]
    assert abs(event[1][0] - time.time()) < 60


def test_two_writers_get_two_files(tmp_path):
    with SummaryWriter(tmp_path) as first, SummaryWriter(tmp_path) as second:
        first.add_scalar("a", 1.0, 0)
        second.add_scalar("a", 2.0, 0)
    assert first.path != second.path
    assert len(os.listdir(tmp_path)) == 2
    assert summary_value(read_events(first.path)[1])[2] == [1.0]
    assert summary_value(read_events(second.path)[1])[2] == [2.0]


def test_scalars_read_back_by_own_reader(tmp_path):
    values = [0.5, np.float32(0.25), np.float64(1e-3), 7, np.array(3.5)]
    with SummaryWriter(tmp_path) as writer:
        for step, value in enumerate(values):
            writer.add_scalar("loss", value, step * 10, walltime=100.0 + step)
        writer.add_scalar("loss", 1.0, -1)
    events = read_events(writer.path)
    assert len(events) == 1 + len(values) + 1
    for step, (event, value) in enumerate(zip(events[1:], values)):
        assert event[1] == [100.0 + step]
        assert event[2] == [step * 10]
        decoded = summary_value(event)
        assert decoded[1] == [b"loss"]
        assert decoded[2] == [np.float32(value)]
    assert events[-1][2] == [2**64 - 1]  # step -1 as int64 two's complement


def test_engine_tensors_are_accepted(tmp_path):
    data = RNG.normal(size=(4, 5)).astype("float32")
    with SummaryWriter(tmp_path) as writer:
        writer.add_scalar("mean", ops.mean(ops.convert_to_tensor(data)), 3)
        writer.add_histogram("weights", ops.convert_to_tensor(data), 3)
        writer.add_histogram("variable", lamina.Variable(data), 3)
    events = read_events(writer.path)
    assert summary_value(events[3])[5] == summary_value(events[2])[5]
    np.testing.assert_allclose(summary_value(events[1])[2][0], data.mean(), rtol=1e-6)
    histogram = decode_message(summary_value(events[2])[5][0])
    assert histogram[1] == [float(data.min())]
    assert histogram[2] == [float(data.max())]
    assert histogram[3] == [20.0]


def test_scalars_read_back_by_tensorboard(tmp_path):
    losses = RNG.uniform(size=5)
    with SummaryWriter(tmp_path) as writer:
        for step, loss in enumerate(losses):
            writer.add_scalar("epoch_loss", loss, step)
            writer.add_scalar("epoch_accuracy", 1.0 - loss, step)
    accumulator = load_accumulator(str(tmp_path))
    assert sorted(accumulator.Tags()["scalars"]) == ["epoch_accuracy", "epoch_loss"]
    events = accumulator.Scalars("epoch_loss")
    assert [event.step for event in events] == list(range(5))
    np.testing.assert_allclose([event.value for event in events], losses, rtol=1e-6)
    accuracy = [event.value for event in accumulator.Scalars("epoch_accuracy")]
    np.testing.assert_allclose(accuracy, 1.0 - losses, rtol=1e-6)


def test_histograms_read_back_by_tensorboard(tmp_path):
    samples = {step: RNG.normal(loc=step, size=(50, 3)) for step in (0, 5)}
    with SummaryWriter(tmp_path) as writer:
        for step, values in samples.items():
            writer.add_histogram("dense/kernel", values, step, buckets=12)
    accumulator = load_accumulator(str(tmp_path))
    assert accumulator.Tags()["histograms"] == ["dense/kernel"]
    events = accumulator.Histograms("dense/kernel")
    assert [event.step for event in events] == [0, 5]
    for event in events:
        values = samples[event.step].reshape(-1)
        histogram = event.histogram_value
        assert histogram.min == values.min()
        assert histogram.max == values.max()
        assert histogram.num == values.size
        np.testing.assert_allclose(histogram.sum, values.sum(), rtol=1e-12)
        np.testing.assert_allclose(histogram.sum_squares, (values**2).sum(), rtol=1e-12)
        counts, edges = np.histogram(values, bins=12)
        np.testing.assert_array_equal(histogram.bucket, counts)
        np.testing.assert_allclose(histogram.bucket_limit, edges[1:], rtol=1e-12)


def test_constant_and_empty_histograms(tmp_path):
    with SummaryWriter(tmp_path) as writer:
        writer.add_histogram("constant", np.full((3, 2), 2.5), 0)
        writer.add_histogram("empty", np.zeros((0,)), 0)
    events = read_events(writer.path)
    constant = decode_message(summary_value(events[1])[5][0])
    assert [constant[i][0] for i in range(1, 6)] == [2.5, 2.5, 6.0, 15.0, 37.5]
    assert np.frombuffer(constant[6][0], "<f8").tolist() == [2.5]
    assert np.frombuffer(constant[7][0], "<f8").tolist() == [6.0]
    empty = decode_message(summary_value(events[2])[5][0])
    assert empty[3] == [0.0]
    assert np.frombuffer(empty[7][0], "<f8").tolist() == [0.0]


def test_text_read_back_by_tensorboard(tmp_path):
    tensor_util = pytest.importorskip("tensorboard.util.tensor_util", reason=_TB_REASON)
    with SummaryWriter(tmp_path) as writer:
        writer.add_text("notes", "héllo *world*", 4)
    accumulator = load_accumulator(str(tmp_path))
    assert list(accumulator.PluginTagToContent("text")) == ["notes"]
    (event,) = accumulator.Tensors("notes")
    assert event.step == 4
    array = tensor_util.make_ndarray(event.tensor_proto)
    assert array.shape == ()
    assert array.item().decode("utf-8") == "héllo *world*"


def test_flush_makes_records_visible(tmp_path):
    writer = SummaryWriter(tmp_path)
    writer.add_scalar("a", 1.0, 0)
    size_before_flush = os.path.getsize(writer.path)
    writer.flush()
    assert len(read_events(writer.path)) == 2
    assert os.path.getsize(writer.path) > size_before_flush
    writer.close()
    immediate = SummaryWriter(tmp_path / "immediate", flush_secs=0)
    immediate.add_scalar("a", 1.0, 0)
    assert len(read_events(immediate.path)) == 2
    immediate.close()


def test_close_is_idempotent_and_final(tmp_path):
    writer = SummaryWriter(tmp_path)
    writer.close()
    writer.close()
    assert writer.closed
    with pytest.raises(ValueError, match="is closed. Create a new SummaryWriter"):
        writer.add_scalar("a", 1.0, 0)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda w: w.add_scalar("", 1.0, 0), TypeError, "tag must be a non-empty str"),
        (lambda w: w.add_scalar("a", 1.0, 1.5), TypeError, "step must be an int"),
        (lambda w: w.add_scalar("a", 1.0, True), TypeError, "step must be an int"),
        (lambda w: w.add_scalar("a", [1.0, 2.0], 0), ValueError, r"exactly one number.*\(2,\)"),
        (lambda w: w.add_scalar("a", "x", 0), TypeError, "expected real numbers"),
        (lambda w: w.add_histogram("h", [1.0], 0, buckets=0), ValueError, "positive int"),
        (lambda w: w.add_histogram("h", [1.0, np.nan], 0), ValueError, "1 NaN or infinite"),
        (lambda w: w.add_text("t", 3, 0), TypeError, "text must be a str"),
    ],
)
def test_rejects_bad_arguments(tmp_path, call, error, match):
    with SummaryWriter(tmp_path) as writer, pytest.raises(error, match=match):
        call(writer)
    assert len(read_events(writer.path)) == 1


def test_rejects_bad_constructor_arguments(tmp_path):
    with pytest.raises(TypeError, match="logdir must be a str or os.PathLike"):
        SummaryWriter(3)
    with pytest.raises(ValueError, match="flush_secs must be a number >= 0"):
        SummaryWriter(tmp_path, flush_secs=-1)
