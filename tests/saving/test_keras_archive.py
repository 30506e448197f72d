"""The .keras zip container: atomic writing, checked reading, assets, unzipped folders."""

from __future__ import annotations

import io
import os
import zipfile

import h5py
import pytest

from lamina.saving import keras_archive
from lamina.saving.keras_archive import ArchiveReader, check_member_name


def _weights_bytes() -> bytes:
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as file:
        file.create_dataset("vars/0", data=[1.0, 2.0])
    return buffer.getvalue()


def _members(**extra):
    members = [
        ("metadata.json", b'{"keras_version": "3.15.1"}'),
        ("config.json", b'{"class_name": "Dense"}'),
        ("model.weights.h5", _weights_bytes()),
    ]
    return members + list(extra.items())


def test_writes_stored_members_in_order_and_no_temporary(tmp_path):
    target = tmp_path / "m.keras"
    keras_archive.write_archive(str(target), _members())
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == ["metadata.json", "config.json", "model.weights.h5"]
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}
    assert os.listdir(tmp_path) == ["m.keras"]


def test_writes_file_objects(tmp_path):
    target = tmp_path / "m.keras"
    source = io.BytesIO(b"abc")
    source.read()
    keras_archive.write_archive(str(target), [("config.json", source)])
    with zipfile.ZipFile(target) as archive:
        assert archive.read("config.json") == b"abc"


def test_failed_write_keeps_previous_archive(tmp_path):
    target = tmp_path / "m.keras"
    keras_archive.write_archive(str(target), _members())
    before = target.read_bytes()

    def members():
        yield ("config.json", b"{}")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError, match="interrupted"):
        keras_archive.write_archive(str(target), members())
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["m.keras"]


def test_reader_reads_json_and_weights(tmp_path):
    target = tmp_path / "m.keras"
    keras_archive.write_archive(str(target), _members())
    reader = ArchiveReader(str(target))
    try:
        assert reader.read_json("config.json") == {"class_name": "Dense"}
        with reader.open_weights() as weights, h5py.File(weights, "r") as file:
            assert file["vars/0"][()].tolist() == [1.0, 2.0]
    finally:
        reader.close()


def test_reader_refuses_weights_that_are_not_hdf5(tmp_path):
    target = tmp_path / "m.keras"
    members = _members()[:2] + [("model.weights.h5", b"not hdf5 at all")]
    keras_archive.write_archive(str(target), members)
    reader = ArchiveReader(str(target))
    with pytest.raises(ValueError, match="not an HDF5 file"), reader.open_weights():
        pass
    reader.close()


def test_reader_needs_config(tmp_path):
    target = tmp_path / "m.keras"
    keras_archive.write_archive(str(target), [("metadata.json", b"{}")])
    with pytest.raises(ValueError, match="has no config.json"):
        ArchiveReader(str(target))


def test_reader_refuses_non_zip(tmp_path):
    target = tmp_path / "m.keras"
    target.write_bytes(b"plain text, no zip")
    with pytest.raises(ValueError, match="not a .keras archive"):
        ArchiveReader(str(target))


def test_json_size_limit(tmp_path, monkeypatch):
    target = tmp_path / "m.keras"
    keras_archive.write_archive(str(target), _members())
    monkeypatch.setitem(keras_archive._MAX_JSON_BYTES, "config.json", 5)
    reader = ArchiveReader(str(target))
    with pytest.raises(ValueError, match="the limit is 5"):
        reader.read_json("config.json")
    reader.close()


def test_assets_are_extracted_under_their_object(tmp_path):
    target = tmp_path / "m.keras"
    extra = {"assets/layers/lookup/vocabulary.txt": b"a\nb\n", "assets/other/x.txt": b"x"}
    keras_archive.write_archive(str(target), _members(**extra))
    reader = ArchiveReader(str(target))
    folder = tmp_path / "out"
    folder.mkdir()
    assert reader.has_assets("layers/lookup") and not reader.has_assets("layers/none")
    reader.extract_assets("layers/lookup", str(folder))
    reader.close()
    assert os.listdir(folder) == ["vocabulary.txt"]
    assert (folder / "vocabulary.txt").read_bytes() == b"a\nb\n"


@pytest.mark.parametrize(
    "name",
    ["config.json", "metadata.json", "model.weights.h5", "assets/a/b.txt", "assets/"],
)
def test_member_names_accepted(name):
    check_member_name(name, "test")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../evil", "leaves its folder"),
        ("assets/../../evil", "leaves its folder"),
        ("assets/./x", "leaves its folder"),
        ("assets//x", "leaves its folder"),
        ("/etc/passwd", "absolute or not portable"),
        ("C:/evil", "absolute or not portable"),
        ("assets\\..\\evil", "absolute or not portable"),
        ("assets/x\x00.txt", "absolute or not portable"),
        ("evil.py", "unexpected member"),
        ("model.weights.npz", "unexpected member"),
        ("", "empty or too long"),
        ("assets/" + "a" * 2000, "empty or too long"),
    ],
)
def test_member_names_refused(name, message):
    with pytest.raises(ValueError, match=message):
        check_member_name(name, "test")


def test_folder_write_and_read(tmp_path):
    target = tmp_path / "m.keras"
    keras_archive.write_folder(str(target), _members(**{"assets/a/b.txt": b"b"}))
    assert sorted(os.listdir(target)) == [
        "assets",
        "config.json",
        "metadata.json",
        "model.weights.h5",
    ]
    keras_archive.write_folder(str(target), _members())
    assert not (target / "assets").exists(), "the new folder replaced the old one"
    assert os.listdir(tmp_path) == ["m.keras"]
    reader = ArchiveReader(str(target))
    assert reader.read_json("config.json") == {"class_name": "Dense"}
    reader.close()


def test_folder_write_refuses_existing_file(tmp_path):
    target = tmp_path / "m.keras"
    target.write_bytes(b"x")
    with pytest.raises(ValueError, match="a file \\(not a folder\\) is there"):
        keras_archive.write_folder(str(target), _members())


@pytest.mark.skipif(os.name != "posix", reason="symlinks need POSIX permissions")
def test_folder_reader_refuses_symlinks(tmp_path):
    target = tmp_path / "m.keras"
    keras_archive.write_folder(str(target), _members())
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    os.makedirs(target / "assets")
    os.symlink(secret, target / "assets" / "link.txt")
    with pytest.raises(ValueError, match="symbolic link"):
        ArchiveReader(str(target))


def test_folder_reader_refuses_unexpected_folder(tmp_path):
    target = tmp_path / "m.keras"
    keras_archive.write_folder(str(target), _members())
    os.makedirs(target / "plugins")
    with pytest.raises(ValueError, match="unexpected folder"):
        ArchiveReader(str(target))


def test_reader_without_weights_says_so(tmp_path):
    target = tmp_path / "m.keras"
    keras_archive.write_archive(str(target), _members()[:2])
    reader = ArchiveReader(str(target))
    with pytest.raises(ValueError, match="holds no model.weights.h5"), reader.open_weights():
        pass
    reader.close()
