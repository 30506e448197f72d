"""Rebuilding lambdas stored as bytecode (only ever called with safe mode off)."""

from __future__ import annotations

import base64
import marshal

import pytest

from lamina.saving.unsafe_code import load_lambda


def _code_text(fn):
    return base64.b64encode(marshal.dumps(fn.__code__)).decode("ascii")


def test_loads_value_form_with_defaults_and_closure():
    offset = 10

    def make():
        return lambda x, y=2: x * y + offset

    fn = make()
    loaded = load_lambda({"value": [_code_text(fn), [3], [offset]]})
    assert loaded(1) == 1 * 3 + 10


def test_loads_lambda_layer_form_and_sees_keras_names():
    fn = lambda x: keras.ops.add(x, 1.0)  # noqa: E731, F821 - resolved in the loaded globals
    loaded = load_lambda({"code": _code_text(fn), "defaults": None, "closure": None})
    assert float(loaded(1.0)) == 2.0


@pytest.mark.parametrize(
    "config",
    [None, {"value": [1, None, None]}, {"value": ["a", None]}, "text"],
)
def test_rejects_malformed_entries(config):
    with pytest.raises(ValueError, match="malformed '__lambda__' entry"):
        load_lambda(config)


def test_rejects_unreadable_bytecode():
    with pytest.raises(ValueError, match="cannot be read"):
        load_lambda({"value": [base64.b64encode(b"\x00garbage").decode(), None, None]})


def test_rejects_non_code_marshal_data():
    text = base64.b64encode(marshal.dumps([1, 2])).decode()
    with pytest.raises(ValueError, match="holds no code object"):
        load_lambda({"value": [text, None, None]})
