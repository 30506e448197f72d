"""CRC32C, TFRecord framing and protobuf encoding of TensorBoard event records."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from lamina.utils import event_records

RNG = np.random.default_rng(0)


def bitwise_crc32c(data: bytes) -> int:
    """The CRC-32C definition, bit by bit (no table): the oracle for the table-driven version."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 * (crc & 1))
    return crc ^ 0xFFFFFFFF


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", 0x00000000),
        (b"123456789", 0xE3069283),
        # RFC 3720 (iSCSI), appendix B.4.
        (bytes(32), 0x8A9136AA),
        (b"\xff" * 32, 0x62A8AB43),
        (bytes(range(32)), 0x46DD794E),
        (bytes(range(31, -1, -1)), 0x113FDB5C),
    ],
)
def test_crc32c_known_vectors(data, expected):
    assert event_records.crc32c(data) == expected


def test_crc32c_matches_bitwise_definition_on_random_bytes():
    for size in (1, 7, 64, 1000):
        data = RNG.integers(0, 256, size=size, dtype=np.uint8).tobytes()
        assert event_records.crc32c(data) == bitwise_crc32c(data)


def test_masked_crc32c_rotates_and_adds_delta():
    data = b"lamina"
    crc = bitwise_crc32c(data)
    rotated = ((crc >> 15) | (crc << 17)) & 0xFFFFFFFF
    assert event_records.masked_crc32c(data) == (rotated + 0xA282EAD8) & 0xFFFFFFFF


def test_frame_record_layout():
    data = b"some event bytes"
    record = event_records.frame_record(data)
    assert len(record) == 8 + 4 + len(data) + 4
    (length,) = struct.unpack("<Q", record[:8])
    assert length == len(data)
    assert struct.unpack("<I", record[8:12])[0] == event_records.masked_crc32c(record[:8])
    assert record[12:-4] == data
    assert struct.unpack("<I", record[-4:])[0] == event_records.masked_crc32c(data)


def test_iter_records_round_trips_several_records():
    payloads = [b"", b"a", bytes(range(256)) * 3]
    buffer = b"".join(event_records.frame_record(p) for p in payloads)
    assert list(event_records.iter_records(buffer)) == payloads


@pytest.mark.parametrize(("position", "message"), [(3, "length checksum"), (14, "data checksum")])
def test_iter_records_rejects_corrupted_bytes(position, message):
    record = bytearray(event_records.frame_record(b"payload"))
    record[position] ^= 0x01
    with pytest.raises(ValueError, match=message):
        list(event_records.iter_records(bytes(record)))


def test_iter_records_rejects_truncated_record():
    record = event_records.frame_record(b"payload")
    with pytest.raises(ValueError, match="truncated record data"):
        list(event_records.iter_records(record[:-2]))
    with pytest.raises(ValueError, match="truncated record header"):
        list(event_records.iter_records(record[:5]))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, b"\x00"),
        (1, b"\x01"),
        (127, b"\x7f"),
        (128, b"\x80\x01"),
        (300, b"\xac\x02"),
        (-1, b"\xff" * 9 + b"\x01"),
    ],
)
def test_varint_encoding(value, expected):
    # Event.step (field 2, varint): key byte 0x10 then the varint.
    event = event_records.encode_event(0.0, value)
    assert event[:9] == b"\x09" + struct.pack("<d", 0.0)
    assert event[9:] == b"\x10" + expected


def test_encode_scalar_value_bytes():
    # tag (field 1, length-delimited) then simple_value (field 2, fixed32 float).
    assert event_records.encode_scalar_value("a", 1.5) == b"\x0a\x01a" + b"\x15" + struct.pack(
        "<f", 1.5
    )


def test_encode_histogram_packs_buckets_as_doubles():
    limits = np.array([1.0, 2.0])
    counts = np.array([3.0, 4.0])
    value = event_records.encode_histogram_value("h", (0.0, 2.0, 7.0, 11.0, 19.0), limits, counts)
    histo_start = value.index(b"\x2a")  # field 5, length-delimited
    histo = value[histo_start + 2 :]
    assert value[histo_start + 1] == len(histo)
    expected_stats = b"".join(
        bytes([(number << 3) | 1]) + struct.pack("<d", v)
        for number, v in enumerate((0.0, 2.0, 7.0, 11.0, 19.0), start=1)
    )
    assert histo.startswith(expected_stats)
    rest = histo[len(expected_stats) :]
    assert (
        rest
        == b"\x32\x10"
        + limits.astype("<f8").tobytes()
        + b"\x3a\x10"
        + counts.astype("<f8").tobytes()
    )
