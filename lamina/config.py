"""`lamina.config`: global numerical settings and the active backend's name."""

from lamina.backend import backend as backend
from lamina.backend.common.config import epsilon as epsilon
from lamina.backend.common.config import floatx as floatx
from lamina.backend.common.config import image_data_format as image_data_format
from lamina.backend.common.config import lamina_home as lamina_home
from lamina.backend.common.config import read_config_file as read_config_file
from lamina.backend.common.config import set_epsilon as set_epsilon
from lamina.backend.common.config import set_floatx as set_floatx
from lamina.backend.common.config import set_image_data_format as set_image_data_format
from lamina.dtype_policies import dtype_policy as dtype_policy
from lamina.dtype_policies import set_dtype_policy as set_dtype_policy
from lamina.saving.serialization_lib import (
    enable_unsafe_deserialization as enable_unsafe_deserialization,
)

__all__ = [
    "enable_unsafe_deserialization",
    "backend",
    "dtype_policy",
    "epsilon",
    "floatx",
    "image_data_format",
    "lamina_home",
    "read_config_file",
    "set_dtype_policy",
    "set_epsilon",
    "set_floatx",
    "set_image_data_format",
]
