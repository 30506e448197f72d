"""`get_file`: download a file once into lamina's cache folder, check its hash, reuse it.

A download goes to a temporary name in the cache folder and is renamed onto its final name
only once complete and verified, so an interrupted or corrupted download never leaves a
file that a later call would take for a good cached copy.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from typing import Any

_CHUNK_SIZE = 1 << 16
_ARCHIVE_FORMATS = ("tar", "zip")


def get_file(
    fname: str | None = None,
    origin: str | None = None,
    untar: bool = False,
    md5_hash: str | None = None,
    file_hash: str | None = None,
    cache_subdir: str = "datasets",
    hash_algorithm: str = "auto",
    extract: bool = False,
    archive_format: str | list[str] | None = "auto",
    cache_dir: str | None = None,
    force_download: bool = False,
) -> str:
    """Downloads a file from a URL unless it is already in the cache, and returns its path.

    The file goes to `<cache_dir>/<cache_subdir>/<fname>`; `cache_dir` defaults to
    `$LAMINA_HOME` or `~/.lamina` (or `/tmp/.lamina` when that is not writable). A cached
    file is reused; with `file_hash` it is checked first and downloaded again when its hash
    differs. A new download is written to a temporary name, checked against `file_hash`,
    and only then renamed, so a failed download leaves nothing behind.

    Args:
        fname: The file's name in the cache; default the last part of `origin`'s path.
        origin: The URL to download from (`https://`, `http://`, `file://`, ...).
        untar: Deprecated alias of `extract=True, archive_format="tar"`.
        md5_hash: Deprecated: an MD5 hash, the same as `file_hash` with `"md5"`.
        file_hash: The expected SHA-256 or MD5 hex digest of the file.
        cache_subdir: The folder below `cache_dir` (an absolute path is used as given).
        hash_algorithm: `"sha256"`, `"md5"`, or `"auto"` (SHA-256 for 64-digit hashes,
            MD5 otherwise).
        extract: Whether to extract the file (a tar or zip archive) next to it.
        archive_format: `"auto"` (tar, then zip), `"tar"`, `"zip"`, a list, or None.
        cache_dir: The cache's root folder.
        force_download: Whether to download again even when a cached copy exists.

    Returns:
        The downloaded file's path, or with `extract` the folder it was extracted to.

    Raises:
        ValueError: When `origin` is missing, `fname` is a path, or the downloaded file's
            hash differs from `file_hash`.

    Example:
        >>> import os, pathlib, tempfile
        >>> import lamina
        >>> source = pathlib.Path(tempfile.mkdtemp()) / "notes.txt"
        >>> _ = source.write_text("hello")
        >>> path = lamina.utils.get_file(
        ...     "notes.txt", source.as_uri(), cache_dir=tempfile.mkdtemp(), cache_subdir="docs"
        ... )  # doctest: +ELLIPSIS
        Downloading data from file:///...
        >>> os.path.basename(os.path.dirname(path)), pathlib.Path(path).read_text()
        ('docs', 'hello')
    """
    if origin is None:
        raise ValueError(
            "get_file: the 'origin' argument (the URL of the file to download) is required, "
            "received origin=None."
        )
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    folder = os.path.join(_cache_root(cache_dir), cache_subdir)
    os.makedirs(folder, exist_ok=True)
    name = _file_name(fname, origin)
    extract = extract or untar
    if untar:
        archive_format = "tar"
    target = os.path.join(folder, name)
    extraction_dir = None
    if extract:
        target, extraction_dir = _archive_paths(folder, name, fname is not None)
    downloaded = False
    if force_download or not _cached_copy_is_good(target, file_hash, hash_algorithm):
        _download(origin, target, file_hash, hash_algorithm)
        downloaded = True
    if extraction_dir is None:
        return target
    if downloaded or not os.path.isdir(extraction_dir):
        _extract_archive(target, extraction_dir, archive_format)
    return extraction_dir


def validate_file(
    fpath: str, file_hash: str, algorithm: str = "auto", chunk_size: int = _CHUNK_SIZE
) -> bool:
    """Returns whether the file's SHA-256 or MD5 hex digest equals `file_hash`.

    Args:
        fpath: The file to check.
        file_hash: The expected hex digest.
        algorithm: `"sha256"`, `"md5"`, or `"auto"` (SHA-256 for 64-digit hashes).
        chunk_size: How many bytes to read at a time.

    Example:
        >>> import pathlib, tempfile
        >>> from lamina.utils.file_utils import validate_file
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "empty.bin"
        >>> _ = path.write_bytes(b"")
        >>> validate_file(str(path), "d41d8cd98f00b204e9800998ecf8427e")
        True
    """
    hasher = _hasher(algorithm, file_hash)
    with open(fpath, "rb") as f:
        for chunk in iter(lambda: f.read(chunk_size), b""):
            hasher.update(chunk)
    return hasher.hexdigest() == str(file_hash).lower()


def _cache_root(cache_dir: str | None) -> str:
    if cache_dir is None:
        from lamina.backend.common.config import lamina_home

        cache_dir = lamina_home()
    root = os.path.expanduser(cache_dir)
    with contextlib.suppress(OSError):
        os.makedirs(root, exist_ok=True)
    if not os.access(root, os.W_OK):
        # A read-only home (a container, a shared account): cache in the temp folder instead.
        root = os.path.join(tempfile.gettempdir(), ".lamina")
    return root


def _file_name(fname: str | None, origin: str) -> str:
    if not fname:
        name = os.path.basename(urllib.parse.urlsplit(origin).path)
        if not name:
            raise ValueError(
                f"get_file: cannot take a file name from origin '{origin}'. Pass fname=, "
                "e.g. get_file('data.csv', origin)."
            )
        return name
    name = os.fspath(fname)
    if os.sep in name or (os.altsep and os.altsep in name):
        raise ValueError(
            f"get_file: fname must be a file name, not a path; received fname={name!r}. "
            "Choose the folder with cache_dir= (and cache_subdir=)."
        )
    return name


def _archive_paths(folder: str, name: str, named: bool) -> tuple[str, str]:
    """Where an archive is stored and where it is extracted, as Keras names them."""
    if named and "." in name:
        return os.path.join(folder, name), os.path.join(folder, f"{name.split('.')[0]}_extracted")
    return os.path.join(folder, f"{name}_archive"), os.path.join(folder, name)


def _hasher(algorithm: str, file_hash: str | None) -> Any:
    if algorithm not in ("auto", "sha256", "md5"):
        raise ValueError(
            f"get_file: hash_algorithm must be 'auto', 'sha256' or 'md5', received {algorithm!r}."
        )
    if algorithm == "sha256" or (algorithm == "auto" and file_hash and len(file_hash) == 64):
        return hashlib.sha256()
    return hashlib.md5()


def _cached_copy_is_good(target: str, file_hash: str | None, algorithm: str) -> bool:
    if not os.path.isfile(target):
        return False
    if file_hash is None or validate_file(target, file_hash, algorithm):
        return True
    print(
        f"A cached copy of '{target}' was found, but its hash differs from {file_hash}: "
        "downloading it again."
    )
    return False


def _download(origin: str, target: str, file_hash: str | None, algorithm: str) -> None:
    """Downloads `origin` to a temporary name next to `target`, checks it, then renames."""
    print(f"Downloading data from {origin}")
    folder = os.path.dirname(target)
    handle, temporary = tempfile.mkstemp(
        dir=folder, prefix=f".{os.path.basename(target)}.", suffix=".part"
    )
    try:
        with os.fdopen(handle, "wb") as out:
            _copy_url(origin, out)
        if file_hash is not None and not validate_file(temporary, file_hash, algorithm):
            raise ValueError(
                f"get_file: the file downloaded from '{origin}' is incomplete or corrupted: "
                f"its {_hasher(algorithm, file_hash).name} hash differs from the expected "
                f"{file_hash}. Nothing was saved; check the URL and the hash, then retry."
            )
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temporary)
        raise


def _copy_url(origin: str, out: Any) -> None:
    from lamina.utils.progbar import Progbar

    try:
        with urllib.request.urlopen(origin) as response:  # noqa: S310 - the user's URL
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            bar = Progbar(total, unit_name="byte")
            done = 0
            for chunk in iter(lambda: response.read(_CHUNK_SIZE), b""):
                out.write(chunk)
                done += len(chunk)
                bar.update(done)
            if total is None or done < total:
                bar.update(done, finalize=True)
    except urllib.error.HTTPError as error:
        message = f"get_file: URL fetch failure on {origin}: {error.code} -- {error.msg}"
        raise OSError(message) from error
    except urllib.error.URLError as error:
        raise OSError(f"get_file: URL fetch failure on {origin}: {error.reason}") from error


def _extract_archive(path: str, folder: str, archive_format: Any) -> None:
    """Extracts a tar or zip archive into `folder` (through a temporary folder beside it);
    members that would land outside it (absolute paths, `..`, links) are refused."""
    formats = _archive_formats(archive_format)
    for kind in formats:
        if kind == "tar" and tarfile.is_tarfile(path):
            opener: Any = tarfile.open
        elif kind == "zip" and zipfile.is_zipfile(path):
            opener = zipfile.ZipFile
        else:
            continue
        parent = os.path.dirname(os.path.abspath(folder))
        staging = tempfile.mkdtemp(dir=parent, prefix=f".{os.path.basename(folder)}.")
        try:
            with opener(path) as archive:
                _extract_members(archive, staging)
            if os.path.isdir(folder):
                shutil.rmtree(folder)
            os.replace(staging, folder)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return
    raise ValueError(
        f"get_file: could not extract '{path}': it is not a {' or '.join(formats)} archive."
    )


def _archive_formats(archive_format: Any) -> tuple[str, ...]:
    if archive_format is None:
        return ()
    if archive_format == "auto":
        return _ARCHIVE_FORMATS
    formats = (archive_format,) if isinstance(archive_format, str) else tuple(archive_format)
    for kind in formats:
        if kind not in _ARCHIVE_FORMATS:
            raise ValueError(
                f"get_file: archive_format must be 'auto', 'tar', 'zip', a list of those or "
                f"None, received {archive_format!r}."
            )
    return formats


def _extract_members(archive: Any, folder: str) -> None:
    if isinstance(archive, tarfile.TarFile):
        try:
            archive.extractall(folder, filter="data")
        except tarfile.FilterError as error:
            raise ValueError(
                f"get_file: the archive member {error.tarinfo.name!r} is unsafe ({error}); "
                "the archive was not extracted."
            ) from error
        return
    root = os.path.realpath(folder)
    for member in archive.namelist():
        destination = os.path.realpath(os.path.join(root, member))
        if os.path.commonpath([root, destination]) != root:
            raise ValueError(
                f"get_file: the archive member {member!r} would be written outside the "
                f"extraction folder '{folder}'; the archive was not extracted."
            )
    archive.extractall(folder)
