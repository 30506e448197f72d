"""Crash-safe file writes: write to a temporary file in the target's folder, then rename.

`os.replace` within one folder is atomic on POSIX and Windows, so a reader (or a process
that restarts after a crash or a kill) sees either the previous file or the complete new one,
never a partial write. The data is flushed to disk (`os.fsync`) before the rename, and the
folder entry after it where the OS allows, so a power cut cannot leave the new name pointing
at unwritten blocks.

This module imports nothing from lamina, so tools (and tests) can load it on its own.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from typing import IO, Any

_WRITE_MODES = frozenset({"w", "wb", "wt", "xb", "xt", "x"})


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "wb") -> Iterator[IO[Any]]:
    """Opens a temporary file next to `path`; on success it replaces `path` atomically.

    The body writes into the yielded file object. When the body ends normally, the file is
    flushed, synced to disk, closed and renamed onto `path`. When the body raises, the
    temporary file is removed and any previous file at `path` is left untouched.

    Args:
        path: The file to (re)write. Its folder must exist.
        mode: `"wb"` (bytes) or `"w"` (text, UTF-8).

    Yields:
        The open temporary file.

    Example:
        >>> import pathlib, tempfile
        >>> from lamina.saving.file_writes import atomic_write
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "notes.txt"
        >>> with atomic_write(target, "w") as f:
        ...     _ = f.write("hello")
        >>> target.read_text()
        'hello'
    """
    if mode not in _WRITE_MODES:
        raise ValueError(
            f"atomic_write: mode must be a write mode ('wb' or 'w'), received {mode!r}. "
            "Appending or updating in place cannot be made atomic; read the old file and "
            "write the whole new content instead."
        )
    binary = "b" in mode
    with _replacing(path, sync=False) as temporary:
        with open(temporary, "wb" if binary else "w", encoding=None if binary else "utf-8") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())


@contextlib.contextmanager
def atomic_write_path(path: str | os.PathLike) -> Iterator[str]:
    """Yields a fresh temporary path next to `path`; on success it replaces `path` atomically.

    For writers that open files themselves (h5py, zipfile): the body writes the complete
    content to the yielded path and closes it. Then the file is synced to disk and renamed
    onto `path`. When the body raises, the temporary file is removed and any previous file
    at `path` is left untouched.

    Args:
        path: The file to (re)write. Its folder must exist.

    Yields:
        The temporary file's path (an empty file already exists there).

    Example:
        >>> import os, pathlib, tempfile
        >>> from lamina.saving.file_writes import atomic_write_path
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "data.bin"
        >>> with atomic_write_path(target) as temporary:
        ...     with open(temporary, "wb") as f:
        ...         _ = f.write(b"abc")
        >>> target.read_bytes(), os.listdir(target.parent)
        (b'abc', ['data.bin'])
    """
    with _replacing(path, sync=True) as temporary:
        yield temporary


@contextlib.contextmanager
def _replacing(path: str | os.PathLike, sync: bool) -> Iterator[str]:
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(folder):
        raise FileNotFoundError(
            f"atomic_write: cannot write '{target}': the folder '{folder}' does not exist. "
            "Create it first (os.makedirs(folder, exist_ok=True))."
        )
    handle, temporary = tempfile.mkstemp(
        dir=folder, prefix=f".{os.path.basename(target)}.", suffix=".tmp"
    )
    os.close(handle)
    try:
        yield temporary
        if sync:
            _sync_file(temporary)
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temporary)
        raise
    _sync_folder(folder)


def _sync_file(path: str) -> None:
    """Flushes the file's data to disk (writers like h5py close without fsync)."""
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _sync_folder(folder: str) -> None:
    """Flushes the folder entry, so the rename itself survives a power cut (POSIX only)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _mode_for(target: str) -> int:
    """The permission bits the new file gets: the previous file's, else what `open` would
    give (0o666 less the umask) — mkstemp alone would leave it private (0o600)."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return 0o666 & ~_current_umask()


def _current_umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    # No /proc: read the umask by setting it (briefly process-wide; only on such systems).
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
