"""Global numerical settings (floatx, epsilon, image data format) and the lamina home folder."""

from __future__ import annotations

import json
import os

_FLOATX = "float32"
_EPSILON = 1e-7
_IMAGE_DATA_FORMAT = "channels_last"
_FLOATX_CHOICES = ("float16", "bfloat16", "float32", "float64")
_IMAGE_DATA_FORMATS = ("channels_last", "channels_first")


def lamina_home() -> str:
    """Returns the folder lamina keeps its config and caches in (`$LAMINA_HOME` or `~/.lamina`).

    Example:
        >>> import lamina
        >>> isinstance(lamina.config.lamina_home(), str)
        True
    """
    return os.environ.get("LAMINA_HOME") or os.path.join(os.path.expanduser("~"), ".lamina")


def read_config_file() -> dict:
    """Returns the settings stored in `lamina.json` under `lamina_home()`, or `{}` if none.

    Example:
        >>> import lamina
        >>> isinstance(lamina.config.read_config_file(), dict)
        True
    """
    path = os.path.join(lamina_home(), "lamina.json")
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def floatx() -> str:
    """Returns the default float dtype, e.g. `"float32"`.

    Example:
        >>> import lamina
        >>> lamina.config.floatx()
        'float32'
    """
    return _FLOATX


def set_floatx(value: str) -> None:
    """Sets the default float dtype: one of float16, bfloat16, float32, float64.

    Example:
        >>> import lamina
        >>> lamina.config.set_floatx("float64"); lamina.config.floatx()
        'float64'
        >>> lamina.config.set_floatx("float32")
    """
    global _FLOATX
    value = str(value)
    if value not in _FLOATX_CHOICES:
        raise ValueError(f"set_floatx expected one of {_FLOATX_CHOICES}, received {value!r}.")
    _FLOATX = value


def epsilon() -> float:
    """Returns the fuzz factor used to avoid division by zero (default 1e-7).

    Example:
        >>> import lamina
        >>> lamina.config.epsilon()
        1e-07
    """
    return _EPSILON


def set_epsilon(value: float) -> None:
    """Sets the fuzz factor returned by `epsilon()`.

    Example:
        >>> import lamina
        >>> lamina.config.set_epsilon(1e-5); lamina.config.epsilon()
        1e-05
        >>> lamina.config.set_epsilon(1e-7)
    """
    global _EPSILON
    _EPSILON = float(value)


def image_data_format() -> str:
    """Returns the default image layout: `"channels_last"` or `"channels_first"`.

    Example:
        >>> import lamina
        >>> lamina.config.image_data_format()
        'channels_last'
    """
    return _IMAGE_DATA_FORMAT


def set_image_data_format(data_format: str) -> None:
    """Sets the default image layout: `"channels_last"` or `"channels_first"`.

    Example:
        >>> import lamina
        >>> lamina.config.set_image_data_format("channels_first")
        >>> lamina.config.image_data_format()
        'channels_first'
        >>> lamina.config.set_image_data_format("channels_last")
    """
    global _IMAGE_DATA_FORMAT
    value = str(data_format).lower()
    if value not in _IMAGE_DATA_FORMATS:
        raise ValueError(
            f"set_image_data_format expected one of {_IMAGE_DATA_FORMATS}, "
            f"received {data_format!r}."
        )
    _IMAGE_DATA_FORMAT = value


def standardize_data_format(data_format: str | None) -> str:
    """Returns `data_format`, or the global default when it is None; rejects unknown names."""
    if data_format is None:
        return _IMAGE_DATA_FORMAT
    value = str(data_format).lower()
    if value not in _IMAGE_DATA_FORMATS:
        raise ValueError(
            f"data_format must be one of {_IMAGE_DATA_FORMATS}, received {data_format!r}."
        )
    return value


def _apply_config_file() -> None:
    settings = read_config_file()
    if "floatx" in settings:
        set_floatx(settings["floatx"])
    if "epsilon" in settings:
        set_epsilon(settings["epsilon"])
    if "image_data_format" in settings:
        set_image_data_format(settings["image_data_format"])


_apply_config_file()
