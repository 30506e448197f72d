"""The `.keras` zip archive: written crash-safely, read only after checking every member.

Members (Keras 3's layout, all stored uncompressed): `metadata.json`, `config.json`,
`model.weights.h5` and, when an object has assets, files under `assets/<object path>/`.

Reading refuses, before anything is extracted: members with other names, names that are
absolute or climb out (`..`), backslashes or NUL bytes, duplicate names, symlinks and other
special files, encrypted members, compression other than stored/deflate, members whose
declared size is out of proportion to the bytes stored (decompression bombs) or above the
limit for their kind, a weights member that is not HDF5, and archives nested inside assets.
Reads never go past the declared sizes. Extracted data goes only to anonymous temporary
files or to a fresh temporary folder whose paths lamina builds itself.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from typing import IO, Any

from lamina.saving.file_writes import atomic_write_path

METADATA = "metadata.json"
CONFIG = "config.json"
WEIGHTS = "model.weights.h5"
ASSETS = "assets"

_MAX_MEMBERS = 100_000
_MAX_NAME_LENGTH = 1024
_MAX_JSON_BYTES = {METADATA: 1 << 20, CONFIG: 256 << 20}
# A deflated member may expand at most this much (deflate itself tops out near 1032:1;
# Keras stores members uncompressed), once past a floor that small files never reach.
_BOMB_FLOOR_BYTES = 1 << 20
_BOMB_MAX_EXPANSION = 200
_COPY_CHUNK = 1 << 20
_HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
_ARCHIVE_SIGNATURES = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"PK\x07\x08",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!",
)
_ARCHIVE_SUFFIXES = (".zip", ".keras", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar")


def write_archive(path: str, members: Iterable[tuple[str, Any]]) -> None:
    """Writes a zip of `(name, content)` members to `path` atomically.

    `content` is bytes or an open binary file (read from its start). The archive is built
    in a temporary file next to `path` that replaces it only once complete.
    """
    with atomic_write_path(path) as temporary:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_STORED) as archive:
            for name, content in members:
                check_member_name(name, "write_archive")
                if isinstance(content, bytes):
                    archive.writestr(_member_info(name), content)
                    continue
                content.seek(0)
                with archive.open(_member_info(name), "w", force_zip64=True) as target:
                    shutil.copyfileobj(content, target, _COPY_CHUNK)


def write_folder(path: str, members: Iterable[tuple[str, Any]]) -> None:
    """Writes the members as files of a folder (`save_model(..., zipped=False)`).

    The folder is built next to `path` under a temporary name, then swapped in: a previous
    folder is renamed away first and removed last, so one complete copy always exists.
    """
    target = os.path.abspath(path)
    if os.path.lexists(target) and not os.path.isdir(target):
        raise ValueError(
            f"save_model: cannot write the unzipped model to '{path}': a file (not a "
            "folder) is there. Remove it or choose another path."
        )
    parent = os.path.dirname(target)
    building = tempfile.mkdtemp(dir=parent, prefix=f".{os.path.basename(target)}.")
    try:
        for name, content in members:
            check_member_name(name, "save_model")
            destination = os.path.join(building, *name.split("/"))
            os.makedirs(os.path.dirname(destination), exist_ok=True)
            with open(destination, "xb") as f:
                if isinstance(content, bytes):
                    f.write(content)
                else:
                    content.seek(0)
                    shutil.copyfileobj(content, f, _COPY_CHUNK)
                f.flush()
                os.fsync(f.fileno())
        _swap_in(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise


def _swap_in(building: str, target: str) -> None:
    old = None
    if os.path.isdir(target):
        old = tempfile.mkdtemp(dir=os.path.dirname(target), prefix=".old.")
        os.rmdir(old)
        os.replace(target, old)
    os.replace(building, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _member_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    return info


def check_member_name(name: Any, where: str) -> None:
    """Refuses a member name that is not one of the archive's own (see the module doc)."""
    if not isinstance(name, str) or not name or len(name) > _MAX_NAME_LENGTH:
        raise _refusal(where, f"a member name that is empty or too long ({name!r})")
    if "\\" in name or "\x00" in name or name.startswith("/") or ":" in name.split("/")[0]:
        raise _refusal(where, f"the member name {name!r}, which is absolute or not portable")
    parts = name.rstrip("/").split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise _refusal(where, f"the member name {name!r}, which leaves its folder")
    if name in (METADATA, CONFIG, WEIGHTS):
        return
    if parts[0] != ASSETS:
        raise _refusal(
            where,
            f"an unexpected member {name!r} (a .keras archive holds only {METADATA}, "
            f"{CONFIG}, {WEIGHTS} and files under {ASSETS}/)",
        )


class ArchiveReader:
    """A `.keras` archive (or an unzipped model folder) opened for reading after checks."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self._infos: dict[str, zipfile.ZipInfo] = {}
        if os.path.isdir(path):
            self._files = _folder_members(path)
            return
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
            raise ValueError(
                f"load_model: '{path}' is not a .keras archive (not a readable zip file): {error}."
            ) from error
        try:
            self._infos = _checked_infos(self._zip, path)
        except BaseException:
            self._zip.close()
            raise

    def names(self) -> list[str]:
        """The member names (files only)."""
        if self._zip is None:
            return sorted(self._files)
        return [name for name in self._infos if not name.endswith("/")]

    def read_json(self, name: str) -> Any:
        """Parses a JSON member (config or metadata), within its size limit."""
        if name not in self.names():
            raise ValueError(f"load_model: '{self.path}' has no {name}, so it is not a model.")
        data = self._read_bytes(name, _MAX_JSON_BYTES[name])
        try:
            return json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            raise ValueError(
                f"load_model: the {name} of '{self.path}' is not valid JSON."
            ) from error

    @contextlib.contextmanager
    def open_weights(self) -> Iterator[IO[bytes]]:
        """Yields the weights member as a seekable binary file (an anonymous temporary
        copy for archives), after checking that it is an HDF5 file."""
        if WEIGHTS not in self.names():
            npz = " (Keras's npz weights format is not supported)" if self._has_npz() else ""
            raise ValueError(f"load_model: '{self.path}' holds no {WEIGHTS}{npz}.")
        with contextlib.ExitStack() as stack:
            if self._zip is None:
                file: IO[bytes] = stack.enter_context(open(self._files[WEIGHTS], "rb"))
            else:
                file = stack.enter_context(tempfile.TemporaryFile())
                self._copy_member(WEIGHTS, file)
            file.seek(0)
            if file.read(len(_HDF5_SIGNATURE)) != _HDF5_SIGNATURE:
                raise _refusal("load_model", f"a {WEIGHTS} member that is not an HDF5 file")
            file.seek(0)
            yield file

    def has_assets(self, object_path: str) -> bool:
        prefix = f"{ASSETS}/{object_path}/" if object_path else f"{ASSETS}/"
        return any(name.startswith(prefix) for name in self.names())

    def extract_assets(self, object_path: str, folder: str) -> None:
        """Copies the files under `assets/<object_path>/` into `folder` (fresh and empty)."""
        prefix = f"{ASSETS}/{object_path}/" if object_path else f"{ASSETS}/"
        root = os.path.realpath(folder)
        for name in self.names():
            if not name.startswith(prefix):
                continue
            relative = name[len(prefix) :].split("/")
            destination = os.path.realpath(os.path.join(root, *relative))
            if not destination.startswith(root + os.sep):
                raise _refusal("load_model", f"the asset {name!r}, which leaves its folder")
            os.makedirs(os.path.dirname(destination), exist_ok=True)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            with os.fdopen(os.open(destination, flags, 0o600), "wb") as target:
                self._copy_member(name, target, refuse_archives=True)

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def _has_npz(self) -> bool:
        return self._zip is not None and "model.weights.npz" in self._zip.namelist()

    def _read_bytes(self, name: str, limit: int) -> bytes:
        buffer = io.BytesIO()
        self._copy_member(name, buffer, limit=limit)
        return buffer.getvalue()

    def _copy_member(
        self, name: str, target: IO[bytes], limit: int | None = None, refuse_archives: bool = False
    ) -> None:
        try:
            self._copy_checked(name, target, limit, refuse_archives)
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            raise ValueError(
                f"load_model: the member {name!r} of '{self.path}' is corrupt: {error}."
            ) from error

    def _copy_checked(
        self, name: str, target: IO[bytes], limit: int | None, refuse_archives: bool
    ) -> None:
        if self._zip is None:
            source: IO[bytes] = open(self._files[name], "rb")
            declared = os.fstat(source.fileno()).st_size
        else:
            source = self._zip.open(self._infos[name])
            declared = self._infos[name].file_size
        with source:
            if limit is not None and declared > limit:
                raise _refusal("load_model", f"a {name} of {declared} bytes (the limit is {limit})")
            copied = 0
            while copied <= declared:
                chunk = source.read(min(_COPY_CHUNK, declared - copied + 1))
                if not chunk:
                    break
                if refuse_archives and copied == 0 and chunk.startswith(_ARCHIVE_SIGNATURES):
                    raise _refusal("load_model", f"a nested archive ({name!r})")
                copied += len(chunk)
                if copied > declared:
                    raise _refusal("load_model", f"a member {name!r} longer than it declares")
                target.write(chunk)


def _checked_infos(archive: zipfile.ZipFile, path: str) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > _MAX_MEMBERS:
        raise _refusal("load_model", f"{len(infos)} members (at most {_MAX_MEMBERS} allowed)")
    found: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        check_member_name(name, "load_model")
        if name in found:
            raise _refusal("load_model", f"the member name {name!r} twice")
        _check_member_kind(info)
        _check_member_size(info)
        found[name] = info
    if CONFIG not in found:
        raise ValueError(f"load_model: '{path}' has no {CONFIG}, so it is not a .keras model.")
    return found


def _check_member_kind(info: zipfile.ZipInfo) -> None:
    name = info.filename
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if stat.S_ISLNK(mode):
        raise _refusal("load_model", f"a symbolic link ({name!r})")
    if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
        raise _refusal("load_model", f"a special file ({name!r})")
    if info.is_dir() and not name.startswith(ASSETS + "/"):
        raise _refusal("load_model", f"an unexpected folder ({name!r})")
    if info.flag_bits & 0x1:
        raise _refusal("load_model", f"an encrypted member ({name!r})")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _refusal("load_model", f"a member compressed with method {info.compress_type}")
    if name.startswith(ASSETS + "/") and name.lower().endswith(_ARCHIVE_SUFFIXES):
        raise _refusal("load_model", f"a nested archive ({name!r})")


def _check_member_size(info: zipfile.ZipInfo) -> None:
    declared, stored = info.file_size, info.compress_size
    if info.compress_type == zipfile.ZIP_STORED and declared != stored:
        raise _refusal(
            "load_model",
            f"the stored member {info.filename!r} declaring {declared} bytes but holding {stored}",
        )
    if declared > _BOMB_FLOOR_BYTES and declared > _BOMB_MAX_EXPANSION * max(stored, 1):
        raise _refusal(
            "load_model",
            f"the member {info.filename!r} declaring {declared} bytes but storing only "
            f"{stored} (a decompression bomb)",
        )


def _folder_members(folder: str) -> dict[str, str]:
    """The files of an unzipped model folder, checked like archive members (no links)."""
    found: dict[str, str] = {}
    for current, folders, files in os.walk(folder, followlinks=False):
        for entry in folders + files:
            full = os.path.join(current, entry)
            name = os.path.relpath(full, folder).replace(os.sep, "/")
            if os.path.islink(full):
                raise _refusal("load_model", f"a symbolic link ({name!r})")
            if entry in files:
                if not stat.S_ISREG(os.lstat(full).st_mode):
                    raise _refusal("load_model", f"a special file ({name!r})")
                check_member_name(name, "load_model")
                found[name] = full
            elif name != ASSETS and not name.startswith(ASSETS + "/"):
                raise _refusal("load_model", f"an unexpected folder ({name!r})")
    if CONFIG not in found:
        raise ValueError(f"load_model: the folder '{folder}' has no {CONFIG}, so it is no model.")
    return found


def _refusal(where: str, what: str) -> ValueError:
    return ValueError(
        f"{where}: refusing the file: it contains {what}. lamina loads only .keras archives "
        "laid out as Keras 3 and lamina write them, so that loading a file cannot read or "
        "write other files or exhaust memory. Re-save the model from its source."
    )
