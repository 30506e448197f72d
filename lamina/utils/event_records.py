"""The bytes of TensorBoard event files: CRC32C, TFRecord framing and the few protobuf messages.

An event file is a sequence of TFRecords. Each record frames one serialized `Event` message:

    uint64 length | uint32 masked_crc32c(length) | data | uint32 masked_crc32c(data)

(integers little-endian). The messages are encoded by hand here, so lamina needs no protobuf
dependency. Field numbers follow TensorFlow's public `event.proto`, `summary.proto`, `tensor.proto`
and `tensor_shape.proto`:

    Event:          wall_time=1 (double), step=2 (int64), file_version=3 (string), summary=5
    Summary:        value=1 (repeated Summary.Value)
    Summary.Value:  tag=1, simple_value=2 (float), histo=5, tensor=8, metadata=9
    SummaryMetadata: plugin_data=1 (PluginData: plugin_name=1, content=2), data_class=4
    HistogramProto: min=1, max=2, num=3, sum=4, sum_squares=5 (doubles),
                    bucket_limit=6, bucket=7 (packed repeated doubles)
    TensorProto:    dtype=1 (enum), tensor_shape=2, string_val=8 (repeated bytes)

Example:
    >>> from lamina.utils import event_records
    >>> hex(event_records.crc32c(b"123456789"))
    '0xe3069283'
    >>> record = event_records.frame_record(b"hello")
    >>> len(record)
    21
    >>> list(event_records.iter_records(record))
    [b'hello']
"""

from __future__ import annotations

import struct
from collections.abc import Iterator, Sequence

import numpy as np

# The reflected Castagnoli polynomial (CRC-32C, as used by TFRecord files).
_CASTAGNOLI_REFLECTED = 0x82F63B78
_MASK_DELTA = 0xA282EAD8
_UINT32 = 0xFFFFFFFF
_UINT64 = 0xFFFFFFFFFFFFFFFF

# protobuf wire types.
_VARINT = 0
_FIXED64 = 1
_LENGTH_DELIMITED = 2
_FIXED32 = 5

# Enum values from TensorFlow's types.proto and summary.proto.
DT_STRING = 7
DATA_CLASS_TENSOR = 2


def _make_crc32c_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ _CASTAGNOLI_REFLECTED if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_CRC32C_TABLE = _make_crc32c_table()


def crc32c(data: bytes) -> int:
    """Returns the CRC-32C (Castagnoli) checksum of `data` as an unsigned 32-bit int."""
    crc = _UINT32
    table = _CRC32C_TABLE
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ _UINT32


def masked_crc32c(data: bytes) -> int:
    """Returns the masked CRC-32C that TFRecord files store (rotated right by 15, plus a delta)."""
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + _MASK_DELTA) & _UINT32


def frame_record(data: bytes) -> bytes:
    """Returns `data` framed as one TFRecord: length, its masked CRC, data, data's masked CRC."""
    header = struct.pack("<Q", len(data))
    return b"".join(
        [
            header,
            struct.pack("<I", masked_crc32c(header)),
            data,
            struct.pack("<I", masked_crc32c(data)),
        ]
    )


def iter_records(buffer: bytes) -> Iterator[bytes]:
    """Yields the data of each TFRecord in `buffer`, checking both CRCs of every record.

    Raises:
        ValueError: When a record is truncated or a checksum does not match.
    """
    offset = 0
    while offset < len(buffer):
        header = buffer[offset : offset + 8]
        if len(buffer) < offset + 12:
            raise ValueError(f"iter_records: truncated record header at byte {offset}.")
        (length_crc,) = struct.unpack("<I", buffer[offset + 8 : offset + 12])
        if masked_crc32c(header) != length_crc:
            raise ValueError(f"iter_records: length checksum mismatch at byte {offset}.")
        (length,) = struct.unpack("<Q", header)
        end = offset + 12 + length
        if len(buffer) < end + 4:
            raise ValueError(f"iter_records: truncated record data at byte {offset}.")
        data = buffer[offset + 12 : end]
        (data_crc,) = struct.unpack("<I", buffer[end : end + 4])
        if masked_crc32c(data) != data_crc:
            raise ValueError(f"iter_records: data checksum mismatch at byte {offset}.")
        yield data
        offset = end + 4


# ---------------------------------------------------------------------------------------------
# protobuf wire encoding


def _varint(value: int) -> bytes:
    # Negative int64 values are encoded as their 64-bit two's complement (ten bytes).
    value &= _UINT64
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _key(field: int, wire_type: int) -> bytes:
    return _varint((field << 3) | wire_type)


def _varint_field(field: int, value: int) -> bytes:
    return _key(field, _VARINT) + _varint(value)


def _double_field(field: int, value: float) -> bytes:
    return _key(field, _FIXED64) + struct.pack("<d", value)


def _float_field(field: int, value: float) -> bytes:
    return _key(field, _FIXED32) + struct.pack("<f", value)


def _bytes_field(field: int, value: bytes) -> bytes:
    return _key(field, _LENGTH_DELIMITED) + _varint(len(value)) + value


def _packed_doubles_field(field: int, values: Sequence[float] | np.ndarray) -> bytes:
    return _bytes_field(field, np.asarray(values, dtype="<f8").tobytes())


# ---------------------------------------------------------------------------------------------
# messages


def encode_event(
    wall_time: float,
    step: int = 0,
    file_version: str | None = None,
    summary: bytes | None = None,
) -> bytes:
    """Returns a serialized `Event`; `summary` is a serialized `Summary` (see `encode_summary`)."""
    parts = [_double_field(1, wall_time), _varint_field(2, step)]
    if file_version is not None:
        parts.append(_bytes_field(3, file_version.encode("utf-8")))
    if summary is not None:
        parts.append(_bytes_field(5, summary))
    return b"".join(parts)


def encode_summary(values: Sequence[bytes]) -> bytes:
    """Returns a serialized `Summary` holding the serialized `Summary.Value`s in `values`."""
    return b"".join(_bytes_field(1, value) for value in values)


def encode_scalar_value(tag: str, value: float) -> bytes:
    """Returns a serialized `Summary.Value` with a `simple_value` (stored as float32)."""
    return _bytes_field(1, tag.encode("utf-8")) + _float_field(2, value)


def encode_histogram_value(
    tag: str,
    statistics: tuple[float, float, float, float, float],
    bucket_limits: np.ndarray,
    bucket_counts: np.ndarray,
) -> bytes:
    """Returns a serialized `Summary.Value` holding a `HistogramProto`.

    Args:
        tag: The series name.
        statistics: `(min, max, num, sum, sum_squares)` of the values.
        bucket_limits: The right edge of each bucket; bucket `i` spans
            `(bucket_limits[i - 1], bucket_limits[i]]`, the first one starts at `min`.
        bucket_counts: How many values fall in each bucket.
    """
    fields = [_double_field(number, value) for number, value in enumerate(statistics, start=1)]
    fields.append(_packed_doubles_field(6, bucket_limits))
    fields.append(_packed_doubles_field(7, bucket_counts))
    return _bytes_field(1, tag.encode("utf-8")) + _bytes_field(5, b"".join(fields))


def encode_text_value(tag: str, text: str) -> bytes:
    """Returns a serialized `Summary.Value` holding a scalar string tensor for the text plugin."""
    plugin_data = _bytes_field(1, b"text") + _bytes_field(2, b"")
    metadata = _bytes_field(1, plugin_data) + _varint_field(4, DATA_CLASS_TENSOR)
    # An empty TensorShapeProto is a scalar (rank 0).
    tensor = (
        _varint_field(1, DT_STRING) + _bytes_field(2, b"") + _bytes_field(8, text.encode("utf-8"))
    )
    return (
        _bytes_field(1, tag.encode("utf-8")) + _bytes_field(8, tensor) + _bytes_field(9, metadata)
    )
