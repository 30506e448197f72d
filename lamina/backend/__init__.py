"""Backend selection and the backend-neutral names Keras keeps under `keras.backend`.

The backend is chosen once, at import: `LAMINA_BACKEND`, then `backend` in
`$LAMINA_HOME/lamina.json`, then the first installed of torch, jax, numpy. The chosen engine's
modules are then reachable here (`lamina.backend.core`, `lamina.backend.nn`, ...); code above
this package calls them and never imports an engine itself.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from types import ModuleType
from typing import Any

from lamina.backend.common.config import epsilon as epsilon
from lamina.backend.common.config import floatx as floatx
from lamina.backend.common.config import image_data_format as image_data_format
from lamina.backend.common.config import read_config_file
from lamina.backend.common.config import set_epsilon as set_epsilon
from lamina.backend.common.config import set_floatx as set_floatx
from lamina.backend.common.config import set_image_data_format as set_image_data_format
from lamina.backend.common.config import standardize_data_format as standardize_data_format
from lamina.backend.common.dtypes import is_float_dtype as is_float_dtype
from lamina.backend.common.dtypes import is_int_dtype as is_int_dtype
from lamina.backend.common.dtypes import result_type as result_type
from lamina.backend.common.dtypes import standardize_dtype as standardize_dtype
from lamina.backend.common.name_scope import name_scope as name_scope
from lamina.backend.common.stateless_scope import StatelessScope as StatelessScope
from lamina.backend.common.stateless_scope import get_stateless_scope as get_stateless_scope
from lamina.backend.common.stateless_scope import in_stateless_scope as in_stateless_scope
from lamina.backend.common.symbolic_tensor import SymbolicTensor as SymbolicTensor
from lamina.backend.common.symbolic_tensor import is_symbolic as is_symbolic

#: Backends lamina can run on today, in the order of the automatic choice.
AVAILABLE_BACKENDS = ("torch", "jax", "numpy")
#: The modules every backend folder provides, with the same names in each.
BACKEND_MODULES = (
    "core",
    "elementwise",
    "creation",
    "linear",
    "reductions",
    "manipulation",
    "indexing",
    "numpy",
    "nn",
    "conv",
    "attention",
    "math",
    "linalg",
    "random",
    "image",
    "rnn",
    "layer",
    "trainer",
    "optimizer",
)


def _choose_backend() -> str:
    name = os.environ.get("LAMINA_BACKEND")
    source = "the LAMINA_BACKEND environment variable"
    if not name:
        name = read_config_file().get("backend")
        source = "lamina.json"
    if not name:
        for candidate in AVAILABLE_BACKENDS:
            if importlib.util.find_spec(candidate) is not None:
                return candidate
        return "numpy"
    name = str(name).strip().lower()
    if name not in AVAILABLE_BACKENDS:
        raise ValueError(
            f"Unknown lamina backend {name!r} (from {source}). "
            f"Valid backends: {', '.join(AVAILABLE_BACKENDS)}."
        )
    return name


_BACKEND = _choose_backend()


def backend() -> str:
    """Returns the name of the active backend: "torch", "jax" or "numpy".

    Example:
        >>> import lamina
        >>> lamina.backend.backend() in ("torch", "jax", "numpy")
        True
    """
    return _BACKEND


def _load(module: str) -> ModuleType:
    return importlib.import_module(f"lamina.backend.{_BACKEND}.{module}")


core = _load("core")
elementwise = _load("elementwise")
creation = _load("creation")
linear = _load("linear")
reductions = _load("reductions")
manipulation = _load("manipulation")
indexing = _load("indexing")
numpy = _load("numpy")
nn = _load("nn")
conv = _load("conv")
attention = _load("attention")
math = _load("math")
linalg = _load("linalg")
random = _load("random")
image = _load("image")
rnn = _load("rnn")
layer = _load("layer")
trainer = _load("trainer")
optimizer = _load("optimizer")

Variable = core.Variable


def device(device_name: str) -> Any:
    """Context manager placing tensors created inside on `device_name`.

    Names: "cpu", or "cuda" / "cuda:1" (also "gpu:1") when the engine sees a GPU. An unknown
    or absent device is a ValueError naming it.

    Example:
        >>> import lamina
        >>> with lamina.device("cpu"):
        ...     x = lamina.ops.convert_to_tensor([1.0, 2.0])
        >>> lamina.ops.shape(x)
        (2,)
    """
    return core.device(device_name)
