"""get_file: downloads (from file:// URLs), hash checks, the cache, extraction."""

from __future__ import annotations

import hashlib
import io
import os
import pathlib
import tarfile
import zipfile

import pytest

from lamina.utils import get_file
from lamina.utils.file_utils import validate_file

CONTENT = b"lamina test payload\n"
SHA256 = hashlib.sha256(CONTENT).hexdigest()
MD5 = hashlib.md5(CONTENT).hexdigest()


@pytest.fixture
def source(tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "source" / "payload.bin"
    path.parent.mkdir()
    path.write_bytes(CONTENT)
    return path


@pytest.fixture
def cache(tmp_path: pathlib.Path) -> str:
    return str(tmp_path / "cache")


def _listing(folder: str) -> list[str]:
    return sorted(os.listdir(folder))


@pytest.mark.parametrize("file_hash", [SHA256, MD5, None])
def test_downloads_into_cache_subdir_and_checks_hash(source, cache, file_hash, capsys):
    path = get_file(
        "p.bin", source.as_uri(), file_hash=file_hash, cache_dir=cache, cache_subdir="models"
    )
    assert path == os.path.join(cache, "models", "p.bin")
    assert pathlib.Path(path).read_bytes() == CONTENT
    assert _listing(os.path.join(cache, "models")) == ["p.bin"]  # no temporary left
    assert "Downloading data from file://" in capsys.readouterr().out


def test_default_cache_is_lamina_home_and_name_comes_from_origin(source, tmp_path, monkeypatch):
    monkeypatch.setenv("LAMINA_HOME", str(tmp_path / "home"))
    path = get_file(origin=source.as_uri())
    assert path == str(tmp_path / "home" / "datasets" / "payload.bin")


def test_reuses_a_cached_copy_without_downloading(source, cache, capsys):
    first = get_file("p.bin", source.as_uri(), file_hash=SHA256, cache_dir=cache)
    source.write_bytes(b"changed at the origin")
    capsys.readouterr()
    second = get_file("p.bin", source.as_uri(), file_hash=SHA256, cache_dir=cache)
    assert second == first and pathlib.Path(second).read_bytes() == CONTENT
    assert "Downloading" not in capsys.readouterr().out


def test_force_download_replaces_the_cached_copy(source, cache):
    get_file("p.bin", source.as_uri(), cache_dir=cache)
    source.write_bytes(b"new")
    path = get_file("p.bin", source.as_uri(), cache_dir=cache, force_download=True)
    assert pathlib.Path(path).read_bytes() == b"new"


def test_a_cached_copy_with_a_wrong_hash_is_downloaded_again(source, cache, capsys):
    stale = pathlib.Path(cache) / "datasets" / "p.bin"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"truncated")
    path = get_file("p.bin", source.as_uri(), md5_hash=MD5, cache_dir=cache)
    assert pathlib.Path(path).read_bytes() == CONTENT
    assert "downloading it again" in capsys.readouterr().out


@pytest.mark.parametrize("algorithm", ["auto", "sha256"])
def test_hash_mismatch_raises_and_leaves_no_file(source, cache, algorithm):
    wrong = hashlib.sha256(b"something else").hexdigest()
    with pytest.raises(ValueError, match="incomplete or corrupted: its sha256 hash differs"):
        get_file(
            "p.bin", source.as_uri(), file_hash=wrong, hash_algorithm=algorithm, cache_dir=cache
        )
    assert _listing(os.path.join(cache, "datasets")) == []


def test_md5_mismatch_names_md5(source, cache):
    with pytest.raises(ValueError, match="its md5 hash differs"):
        get_file("p.bin", source.as_uri(), file_hash="0" * 32, cache_dir=cache)


def test_validate_file(source):
    assert validate_file(str(source), SHA256)
    assert validate_file(str(source), MD5.upper())
    assert not validate_file(str(source), MD5, algorithm="sha256")


def test_argument_errors(source, cache):
    with pytest.raises(ValueError, match="'origin' argument .* is required"):
        get_file("p.bin", None, cache_dir=cache)
    with pytest.raises(ValueError, match="fname must be a file name, not a path"):
        get_file(os.path.join("a", "b.bin"), source.as_uri(), cache_dir=cache)
    with pytest.raises(ValueError, match="cannot take a file name from origin"):
        get_file(origin="file:///", cache_dir=cache)
    with pytest.raises(ValueError, match="hash_algorithm must be 'auto', 'sha256' or 'md5'"):
        get_file("p.bin", source.as_uri(), file_hash=MD5, hash_algorithm="sha1", cache_dir=cache)


def test_missing_origin_raises_os_error_and_leaves_no_file(tmp_path, cache):
    with pytest.raises(OSError, match="URL fetch failure on file://"):
        get_file("p.bin", (tmp_path / "absent.bin").as_uri(), cache_dir=cache)
    assert _listing(os.path.join(cache, "datasets")) == []


def _tar_with(path: pathlib.Path, members: dict[str, bytes]) -> None:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


def test_extracts_tar_and_zip_archives(tmp_path, cache):
    tar_path = tmp_path / "data.tar.gz"
    _tar_with(tar_path, {"data/a.txt": b"A"})
    folder = get_file("data.tar.gz", tar_path.as_uri(), extract=True, cache_dir=cache)
    assert folder == os.path.join(cache, "datasets", "data_extracted")
    assert (pathlib.Path(folder) / "data" / "a.txt").read_bytes() == b"A"
    zip_path = tmp_path / "pack.zip"
    with zipfile.ZipFile(zip_path, "w") as archive:
        archive.writestr("b.txt", "B")
    folder = get_file(origin=zip_path.as_uri(), extract=True, archive_format="zip", cache_dir=cache)
    assert folder == os.path.join(cache, "datasets", "pack.zip")
    assert (pathlib.Path(folder) / "b.txt").read_text() == "B"
    assert os.path.isfile(os.path.join(cache, "datasets", "pack.zip_archive"))


def test_refuses_archive_members_outside_the_folder(tmp_path, cache):
    tar_path = tmp_path / "evil.tar.gz"
    _tar_with(tar_path, {"../escaped.txt": b"x"})
    with pytest.raises(ValueError, match="is unsafe"):
        get_file("evil.tar.gz", tar_path.as_uri(), extract=True, cache_dir=cache)
    zip_path = tmp_path / "evil.zip"
    with zipfile.ZipFile(zip_path, "w") as archive:
        archive.writestr("../escaped.txt", "x")
    with pytest.raises(ValueError, match="would be written outside the extraction folder"):
        get_file("evil.zip", zip_path.as_uri(), extract=True, cache_dir=cache)
    assert not (pathlib.Path(cache) / "escaped.txt").exists()
    assert not (tmp_path / "escaped.txt").exists()


def test_extract_rejects_a_file_that_is_no_archive(source, cache):
    with pytest.raises(ValueError, match="is not a tar or zip archive"):
        get_file("p.bin", source.as_uri(), extract=True, cache_dir=cache)
