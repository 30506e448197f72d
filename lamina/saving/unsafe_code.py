"""Rebuilding Python lambdas that Keras stored as bytecode: used ONLY with safe mode off.

Keras 3 writes a lambda as `{"class_name": "__lambda__", "config": {...}}` whose config is
either `{"value": [code, defaults, closure]}` or `{"code", "defaults", "closure"}`, `code`
being the base64 text of the marshalled code object. Running such a function runs
whatever the file's author put there, so `config_resolution` calls this module only when
the user switched safe mode off (`safe_mode=False` or
`lamina.config.enable_unsafe_deserialization()`).
"""

from __future__ import annotations

import base64
import binascii
import builtins
import marshal
import types
from typing import Any


def load_lambda(config: Any) -> types.FunctionType:
    """Returns the function a `"__lambda__"` entry's config stores (runs no code itself)."""
    if isinstance(config, dict) and "value" in config:
        parts = config["value"]
    elif isinstance(config, dict):
        parts = [config.get("code"), config.get("defaults"), config.get("closure")]
    else:
        parts = None
    if not isinstance(parts, (list, tuple)) or len(parts) != 3 or not isinstance(parts[0], str):
        raise ValueError(
            f"deserialize_keras_object: malformed '__lambda__' entry {config!r}: expected "
            "the base64 code, the defaults and the closure."
        )
    code_text, defaults, closure = parts
    try:
        raw = base64.b64decode(code_text.encode("ascii"), validate=False)
        code = marshal.loads(raw)
    except (ValueError, EOFError, TypeError, binascii.Error) as error:
        raise ValueError(
            "deserialize_keras_object: the lambda's bytecode cannot be read; it was probably "
            "written by another Python version. Rebuild the layer with a named function."
        ) from error
    if not isinstance(code, types.CodeType):
        raise ValueError("deserialize_keras_object: a '__lambda__' entry holds no code object.")
    import lamina

    # Lambdas written for Keras refer to `keras` / `ops`: lamina answers for both.
    globals_ = {"__builtins__": builtins, "keras": lamina, "lamina": lamina, "ops": lamina.ops}
    cells = tuple(types.CellType(value) for value in closure) if closure else None
    return types.FunctionType(
        code, globals_, code.co_name, tuple(defaults) if defaults else None, cells
    )
