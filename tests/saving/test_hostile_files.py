"""Hostile .keras files: each is built here, loading must fail with a clear error, and
nothing may be executed, read or written (sentinels on os / subprocess / eval / exec /
importlib / marshal, a canary file, and the folder's contents before and after)."""

from __future__ import annotations

import base64
import builtins
import contextlib
import importlib
import io
import json
import marshal
import os
import stat
import subprocess
import zipfile

import h5py
import numpy as np
import pytest

import lamina
from lamina.saving import load_model, save_model, serialization_lib

_LOAD_ERROR = (ValueError, TypeError)


class _Sentinels:
    """Replaces the functions a hostile file would need while armed; records (and blocks)
    any call."""

    _TARGETS = [
        (os, "system"),
        (os, "popen"),
        (os, "remove"),
        (subprocess, "Popen"),
        (builtins, "eval"),
        (builtins, "exec"),
        (importlib, "import_module"),
        (marshal, "loads"),
    ]

    def __init__(self) -> None:
        self.calls: list[str] = []

    @contextlib.contextmanager
    def armed(self):
        originals = [(owner, name, getattr(owner, name)) for owner, name in self._TARGETS]
        for owner, name, _ in originals:
            setattr(owner, name, self._blocked(f"{owner.__name__}.{name}"))
        try:
            yield
        finally:
            for owner, name, original in originals:
                setattr(owner, name, original)

    def _blocked(self, name):
        def call(*args, **kwargs):
            self.calls.append(name)
            raise RuntimeError(f"{name} was called while loading a hostile file")

        return call


@pytest.fixture
def sentinels():
    return _Sentinels()


@pytest.fixture
def canary(tmp_path):
    path = tmp_path / "canary.txt"
    path.write_text("untouched")
    return path


def _model():
    model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(2, name="dense")])
    model.compile(optimizer="sgd", loss="mse")
    return model


def _members(tmp_path) -> dict[str, bytes]:
    save_model(_model(), tmp_path / "base.keras")
    with zipfile.ZipFile(tmp_path / "base.keras") as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    os.remove(tmp_path / "base.keras")
    return members


def _write(path, members, extra_infos=()):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for info, data in extra_infos:
            archive.writestr(info, data)
    return path


def _with_config(tmp_path, edit):
    members = _members(tmp_path)
    config = json.loads(members["config.json"])
    edit(config)
    members["config.json"] = json.dumps(config).encode()
    return _write(tmp_path / "hostile.keras", members)


def _tree(root):
    found = {}
    for current, _, files in os.walk(root):
        for name in files:
            path = os.path.join(current, name)
            with open(path, "rb") as f:
                found[os.path.relpath(path, root)] = f.read()
    return found


def _assert_refused(path, match, sentinels, canary, **kwargs):
    root = os.path.dirname(os.path.dirname(str(path)))
    before = _tree(root)
    with sentinels.armed(), pytest.raises(_LOAD_ERROR, match=match):
        load_model(path, **kwargs)
    assert sentinels.calls == [], f"called while loading: {sentinels.calls}"
    assert canary.read_text() == "untouched"
    assert _tree(root) == before, "loading wrote, changed or removed files"
    assert serialization_lib.in_safe_mode() is None, "safe mode was switched"


def _lambda_code(text):
    fn = eval(text)  # noqa: S307 - the test builds the hostile payload itself
    return base64.b64encode(marshal.dumps(fn.__code__)).decode("ascii")


def _dense(config):
    return config["config"]["layers"][1]["config"]


# -- lambdas -----------------------------------------------------------------------------------


def _lambda_layer(code):
    return {
        "module": "keras.layers",
        "class_name": "Lambda",
        "config": {
            "name": "evil",
            "function": {
                "class_name": "__lambda__",
                "config": {"code": code, "defaults": None, "closure": None},
            },
            "arguments": {},
        },
        "registered_name": None,
    }


def test_lambda_layer_with_bytecode_is_refused(tmp_path, sentinels, canary):
    code = _lambda_code(f"lambda x: open({str(canary)!r}, 'w').write('written') and x")
    path = _with_config(tmp_path, lambda c: c["config"]["layers"].insert(2, _lambda_layer(code)))
    message = "safe_mode=True.*safe_mode=False.*enable_unsafe_deserialization"
    _assert_refused(path, message, sentinels, canary)


@pytest.mark.parametrize("where", ["activation", "kernel_initializer", "compile_loss"])
def test_any_lambda_entry_is_refused(tmp_path, sentinels, canary, where):
    entry = {"class_name": "__lambda__", "config": {"value": ["AAAA", None, None]}}

    def edit(config):
        if where == "compile_loss":
            config["compile_config"]["loss"] = entry
        else:
            _dense(config)[where] = entry

    _assert_refused(_with_config(tmp_path, edit), "__lambda__.*safe_mode", sentinels, canary)


# -- names of arbitrary objects ----------------------------------------------------------------


def _function(module, name):
    return {"module": module, "class_name": "function", "config": name, "registered_name": None}


def _klass(module, name, config=None):
    return {"module": module, "class_name": name, "config": config or {}, "registered_name": None}


_NAMED = {
    "os.system as activation": ("activation", _function("os", "system")),
    "builtins.eval as activation": ("activation", _function("builtins", "eval")),
    "builtins.exec as activation": ("activation", _function("builtins", "exec")),
    "importlib.import_module": ("kernel_initializer", _function("importlib", "import_module")),
    "subprocess.Popen as initializer": (
        "kernel_initializer",
        _klass("subprocess", "Popen", {"args": ["touch", "x"]}),
    ),
    "atomic_write": ("activation", _function("lamina.saving.file_writes", "atomic_write")),
    "the unsafe switch": (
        "activation",
        _function("lamina.saving.serialization_lib", "enable_unsafe_deserialization"),
    ),
    "load_model itself": ("activation", _function("keras.saving", "load_model")),
}


@pytest.mark.parametrize("safe_mode", [True, False])
@pytest.mark.parametrize("case", sorted(_NAMED))
def test_config_naming_arbitrary_callable_is_refused(tmp_path, sentinels, canary, case, safe_mode):
    key, entry = _NAMED[case]
    path = _with_config(tmp_path, lambda c: _dense(c).__setitem__(key, entry))
    _assert_refused(path, "refusing (function|class)", sentinels, canary, safe_mode=safe_mode)


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda c: c["config"]["layers"].append(_klass("subprocess", "Popen")), "Popen"),
        (lambda c: c.update(module="os", class_name="system"), "os.system"),
        (lambda c: c["compile_config"].update(optimizer=_klass("os", "system")), "os.system"),
        (lambda c: c["compile_config"].update(metrics=[_function("builtins", "exec")]), "exec"),
        (lambda c: c["config"]["layers"].append(_klass("keras.layers", "__import__")), "import"),
        (lambda c: c["config"]["layers"].append(_klass("keras.src.ops.numpy", "System")), "Sys"),
    ],
)
def test_classes_and_compile_entries_naming_arbitrary_objects(
    tmp_path, sentinels, canary, edit, match
):
    _assert_refused(_with_config(tmp_path, edit), match, sentinels, canary)


def test_lambda_layer_naming_eval_by_string_is_refused(tmp_path, sentinels, canary):
    layer = _lambda_layer("unused")
    layer["config"]["function"] = "eval"
    path = _with_config(tmp_path, lambda c: c["config"]["layers"].insert(2, layer))
    _assert_refused(path, "eval", sentinels, canary)


# -- zip members -------------------------------------------------------------------------------


def _info(name, mode=stat.S_IFREG | 0o644, compress_type=zipfile.ZIP_STORED):
    info = zipfile.ZipInfo(name)
    info.external_attr = mode << 16
    info.compress_type = compress_type
    return info


@pytest.mark.parametrize(
    ("name", "match"),
    [
        ("evil.py", "unexpected member"),
        ("../escape.txt", "leaves its folder"),
        ("assets/../../escape.txt", "leaves its folder"),
        ("assets/layers/dense/../../../../escape.txt", "leaves its folder"),
        ("/tmp/absolute_escape.txt", "absolute"),
        ("..\\escape.txt", "absolute or not portable"),
        ("model.weights.npz", "unexpected member"),
    ],
)
def test_unexpected_and_escaping_member_names(tmp_path, sentinels, canary, name, match):
    path = _write(tmp_path / "hostile.keras", _members(tmp_path), [(_info(name), b"payload")])
    _assert_refused(path, match, sentinels, canary)
    assert not os.path.exists(tmp_path.parent / "escape.txt")
    assert not os.path.exists("/tmp/absolute_escape.txt")


def test_symlink_member_is_refused(tmp_path, sentinels, canary):
    link = _info("assets/layers/dense/link", mode=stat.S_IFLNK | 0o777)
    path = _write(tmp_path / "hostile.keras", _members(tmp_path), [(link, str(canary).encode())])
    _assert_refused(path, "symbolic link", sentinels, canary)


def test_real_decompression_bomb_is_refused(tmp_path, sentinels, canary):
    bomb = _info("assets/layers/dense/zeros.bin", compress_type=zipfile.ZIP_DEFLATED)
    data = bytes(64 << 20)
    path = _write(tmp_path / "hostile.keras", _members(tmp_path), [(bomb, data)])
    del data
    assert os.path.getsize(path) < 1 << 20
    _assert_refused(path, "decompression bomb", sentinels, canary)


def _patch_declared_size(path, member, size):
    """Rewrites the uncompressed size the central directory declares for `member`."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    start = 0
    while True:
        start = data.index(b"PK\x01\x02", start)
        length = int.from_bytes(data[start + 28 : start + 30], "little")
        if bytes(data[start + 46 : start + 46 + length]) == name:
            data[start + 24 : start + 28] = size.to_bytes(4, "little")
            break
        start += 4
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("member", ["config.json", "model.weights.h5"])
def test_declared_size_bomb_is_refused(tmp_path, sentinels, canary, member):
    members = _members(tmp_path)
    data = members.pop(member)
    deflated = _info(member, compress_type=zipfile.ZIP_DEFLATED)
    path = _write(tmp_path / "hostile.keras", members, [(deflated, data)])
    _patch_declared_size(path, member, 3 << 30)
    _assert_refused(path, "decompression bomb", sentinels, canary)


def test_stored_member_declaring_other_size_is_refused(tmp_path, sentinels, canary):
    path = _write(tmp_path / "hostile.keras", _members(tmp_path))
    _patch_declared_size(path, "config.json", 10_000_000)
    _assert_refused(path, "declaring 10000000 bytes but holding", sentinels, canary)


@pytest.mark.parametrize(
    ("name", "data"),
    [("assets/layers/dense/inner.zip", b"anything"), ("assets/layers/dense/data.tar.gz", b"x")],
)
def test_nested_archive_by_name_is_refused(tmp_path, sentinels, canary, name, data):
    path = _write(tmp_path / "hostile.keras", _members(tmp_path), [(_info(name), data)])
    _assert_refused(path, "nested archive", sentinels, canary)


def test_weights_member_that_is_an_archive_is_refused(tmp_path, sentinels, canary):
    members = _members(tmp_path)
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("model.weights.h5", members["model.weights.h5"])
    members["model.weights.h5"] = inner.getvalue()
    _assert_refused(_write(tmp_path / "h.keras", members), "not an HDF5 file", sentinels, canary)


def test_duplicate_members_are_refused(tmp_path, sentinels, canary):
    members = _members(tmp_path)
    with pytest.warns(UserWarning, match="Duplicate name"):
        path = _write(tmp_path / "h.keras", members, [(_info("config.json"), b"{}")])
    _assert_refused(path, "twice", sentinels, canary)


def test_encrypted_member_is_refused(tmp_path, sentinels, canary):
    info = _info("assets/layers/dense/secret.bin")
    path = _write(tmp_path / "hostile.keras", _members(tmp_path), [(info, b"x")])
    data = bytearray(path.read_bytes())
    start = data.rindex(b"PK\x01\x02")  # the last central entry: the secret member
    data[start + 8] |= 0x1
    path.write_bytes(bytes(data))
    _assert_refused(path, "encrypted", sentinels, canary)


def test_corrupt_member_is_refused(tmp_path, sentinels, canary):
    path = _write(tmp_path / "hostile.keras", _members(tmp_path))
    data = bytearray(path.read_bytes())
    offset = data.index(b'"class_name"')
    data[offset + 1 : offset + 2] = b"K"
    path.write_bytes(bytes(data))
    _assert_refused(path, "corrupt", sentinels, canary)


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"no zip here", "not a .keras archive"),
        (b"PK\x03\x04" + bytes(40), "not a .keras archive"),
    ],
)
def test_not_a_zip(tmp_path, sentinels, canary, content, match):
    path = tmp_path / "hostile.keras"
    path.write_bytes(content)
    _assert_refused(path, match, sentinels, canary)


@pytest.mark.parametrize(
    ("config", "match"),
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "not a config dict"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    ],
)
def test_malformed_config(tmp_path, sentinels, canary, config, match):
    members = _members(tmp_path)
    members["config.json"] = config
    _assert_refused(_write(tmp_path / "h.keras", members), match, sentinels, canary)


# -- HDF5 content ------------------------------------------------------------------------------


def _with_weights(tmp_path, edit):
    members = _members(tmp_path)
    buffer = io.BytesIO(members["model.weights.h5"])
    with h5py.File(buffer, "r+") as file:
        edit(file)
    members["model.weights.h5"] = buffer.getvalue()
    return _write(tmp_path / "hostile.keras", members)


def test_weights_with_external_link_are_refused(tmp_path, sentinels, canary):
    with h5py.File(tmp_path / "canary.h5", "w") as target:
        target["data"] = np.ones((3, 2), "float32")

    def edit(file):
        del file["layers/dense/vars/0"]
        file["layers/dense/vars/0"] = h5py.ExternalLink(str(tmp_path / "canary.h5"), "/data")

    _assert_refused(_with_weights(tmp_path, edit), "external link", sentinels, canary)


def test_weights_with_soft_link_are_refused(tmp_path, sentinels, canary):
    def edit(file):
        file["layers/dense/vars/extra"] = h5py.SoftLink("/layers/dense/vars/0")

    _assert_refused(_with_weights(tmp_path, edit), "soft link", sentinels, canary)


def test_weights_with_virtual_dataset_are_refused(tmp_path, sentinels, canary):
    with h5py.File(tmp_path / "canary.h5", "w") as target:
        target["data"] = np.ones((3, 2), "float32")

    def edit(file):
        del file["layers/dense/vars/0"]
        layout = h5py.VirtualLayout(shape=(3, 2), dtype="float32")
        layout[:] = h5py.VirtualSource(str(tmp_path / "canary.h5"), "data", shape=(3, 2))
        file["layers/dense/vars"].create_virtual_dataset("0", layout)

    _assert_refused(_with_weights(tmp_path, edit), "virtual dataset", sentinels, canary)


def test_weights_of_the_wrong_shape_are_refused(tmp_path, sentinels, canary):
    def edit(file):
        del file["layers/dense/vars/0"]
        file["layers/dense/vars/0"] = np.ones((30, 20), "float32")

    match = "dense.*\\(3, 2\\) in the model but \\(30, 20\\) in the file"
    _assert_refused(_with_weights(tmp_path, edit), match, sentinels, canary)
