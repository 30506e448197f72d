"""Crash-safe writes: the target holds the previous content or the complete new one."""

from __future__ import annotations

import hashlib
import os
import random
import stat
import subprocess
import sys
import textwrap
import time

import pytest

from lamina.saving import file_writes
from lamina.saving.file_writes import atomic_write, atomic_write_path


def test_writes_bytes_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "a.bin"
    with atomic_write(target) as f:
        f.write(b"new content")
    assert target.read_bytes() == b"new content"
    assert os.listdir(tmp_path) == ["a.bin"]


def test_writes_text_as_utf8(tmp_path):
    target = tmp_path / "a.json"
    with atomic_write(target, "w") as f:
        f.write("héllo")
    assert target.read_bytes() == "héllo".encode()


def test_replaces_previous_file(tmp_path):
    target = tmp_path / "a.bin"
    target.write_bytes(b"old")
    with atomic_write(target) as f:
        f.write(b"new")
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["a.bin"]


def test_previous_file_intact_when_body_raises(tmp_path):
    target = tmp_path / "a.bin"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError, match="boom"):
        with atomic_write(target) as f:
            f.write(b"partial")
            raise RuntimeError("boom")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["a.bin"]


def test_no_file_created_when_body_raises(tmp_path):
    target = tmp_path / "a.bin"
    with pytest.raises(KeyboardInterrupt):
        with atomic_write_path(target) as temporary:
            with open(temporary, "wb") as f:
                f.write(b"partial")
            raise KeyboardInterrupt
    assert os.listdir(tmp_path) == []


def test_path_variant_hands_a_fresh_path_in_the_same_folder(tmp_path):
    target = tmp_path / "b.h5"
    target.write_bytes(b"old")
    with atomic_write_path(target) as temporary:
        assert os.path.dirname(temporary) == str(tmp_path)
        assert temporary != str(target)
        assert target.read_bytes() == b"old"
        with open(temporary, "wb") as f:
            f.write(b"new")
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["b.h5"]


def test_two_writes_get_different_temporaries(tmp_path):
    target = tmp_path / "c.bin"
    with atomic_write_path(target) as first, atomic_write_path(target) as second:
        assert first != second
        for path in (first, second):
            with open(path, "wb") as f:
                f.write(b"x")
    assert os.listdir(tmp_path) == ["c.bin"]


def test_rejects_non_write_mode(tmp_path):
    with pytest.raises(ValueError, match=r"atomic_write: mode must be a write mode.*'ab'"):
        with atomic_write(tmp_path / "a.bin", "ab"):
            pass


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="folder .* does not exist"):
        with atomic_write(tmp_path / "missing" / "a.bin"):
            pass


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_new_file_gets_umask_permissions_and_replacement_keeps_them(tmp_path):
    target = tmp_path / "a.bin"
    with atomic_write(target) as f:
        f.write(b"x")
    umask = file_writes._current_umask()
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o666 & ~umask
    os.chmod(target, 0o640)
    with atomic_write(target) as f:
        f.write(b"y")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640


# -- killed writers ------------------------------------------------------------------------

_PAYLOAD_BYTES = 2 * 1024 * 1024
_CHUNK_BYTES = 64 * 1024

_WRITER = textwrap.dedent(
    """
    import hashlib, importlib.util, sys
    spec = importlib.util.spec_from_file_location("file_writes", sys.argv[1])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    target, size, chunk = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    iteration = 0
    while True:
        iteration += 1
        payload = iteration.to_bytes(8, "little") * (size // 8)
        with module.atomic_write(target) as f:
            for start in range(0, size, chunk):
                f.write(payload[start : start + chunk])
            f.write(hashlib.sha256(payload).digest())
    """
)


def _is_complete(content: bytes) -> bool:
    payload, digest = content[:-32], content[-32:]
    return (
        len(payload) == _PAYLOAD_BYTES
        and hashlib.sha256(payload).digest() == digest
        and payload == payload[:8] * (_PAYLOAD_BYTES // 8)
    )


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_target_is_previous_or_complete_when_writer_is_killed(tmp_path):
    """A child rewrites a 2 MiB file in a loop; it is SIGKILLed at random moments (before its
    first rename, and later, mostly mid-write). The target must always be the previous
    content or one complete new content."""
    trials = [(0.0, 0.03), (0.0, 0.03), (0.05, 0.25), (0.05, 0.25), (0.05, 0.25)]
    previous = b"previous content"
    for number, (low, high) in enumerate(trials):
        target = tmp_path / f"target_{number}.bin"
        if number % 2:
            target.write_bytes(previous)
        child = subprocess.Popen(
            [sys.executable, "-c", _WRITER, file_writes.__file__, str(target)]
            + [str(_PAYLOAD_BYTES), str(_CHUNK_BYTES)]
        )
        try:
            if low > 0:
                _wait_until_replaced(target, previous)
            time.sleep(random.uniform(low, high))
        finally:
            child.kill()
            child.wait()
        assert child.returncode == -9
        if target.exists():
            content = target.read_bytes()
            assert content == previous or _is_complete(content), f"trial {number}"
        else:
            assert number % 2 == 0, "the previous file disappeared"


def _wait_until_replaced(target, previous: bytes) -> None:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if target.exists() and target.read_bytes() != previous:
            return
        time.sleep(0.005)
    raise AssertionError("the writer never replaced the target")
