"""lamina.config and the same names under lamina.backend."""

from __future__ import annotations

import pytest

import lamina


@pytest.fixture
def restore_config():
    yield
    lamina.config.set_floatx("float32")
    lamina.config.set_epsilon(1e-7)
    lamina.config.set_image_data_format("channels_last")


def test_defaults():
    assert lamina.config.floatx() == "float32"
    assert lamina.config.epsilon() == 1e-7
    assert lamina.config.image_data_format() == "channels_last"


def test_setters_change_what_backend_reports(restore_config):
    lamina.config.set_floatx("float16")
    lamina.config.set_epsilon(1e-4)
    lamina.config.set_image_data_format("channels_first")
    assert lamina.backend.floatx() == "float16"
    assert lamina.backend.epsilon() == 1e-4
    assert lamina.backend.image_data_format() == "channels_first"


def test_floatx_sets_the_dtype_of_python_floats(restore_config):
    lamina.config.set_floatx("float64")
    assert lamina.ops.dtype(lamina.ops.convert_to_tensor([1.5])) == "float64"


def test_set_floatx_rejects_non_float():
    with pytest.raises(ValueError, match=r"set_floatx expected one of .*received 'int32'"):
        lamina.config.set_floatx("int32")


def test_set_image_data_format_rejects_unknown():
    with pytest.raises(ValueError, match="set_image_data_format expected one of"):
        lamina.config.set_image_data_format("nhwc")


def test_standardize_data_format():
    assert lamina.backend.standardize_data_format(None) == "channels_last"
    assert lamina.backend.standardize_data_format("Channels_First") == "channels_first"
    with pytest.raises(ValueError, match="data_format must be one of"):
        lamina.backend.standardize_data_format("NCHW")
