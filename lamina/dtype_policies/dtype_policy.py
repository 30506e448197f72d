"""Dtype policies: the dtype a layer's variables are stored in and the dtype it computes in."""

from __future__ import annotations

from typing import Any

from lamina.backend.common import config, dtypes

_MIXED = {"mixed_float16": "float16", "mixed_bfloat16": "bfloat16"}
_global_policy: DTypePolicy | None = None


class DTypePolicy:
    """A layer's dtypes: `variable_dtype` for its weights, `compute_dtype` for its math.

    Args:
        name: A dtype name ("float32", "bfloat16", ...) for both, or "mixed_float16" /
            "mixed_bfloat16" for float32 variables with float16 / bfloat16 computation.
            None means the global policy (`floatx()` unless `set_dtype_policy` was called).

    Example:
        >>> import lamina
        >>> policy = lamina.dtype_policies.DTypePolicy("mixed_bfloat16")
        >>> policy.variable_dtype, policy.compute_dtype
        ('float32', 'bfloat16')
    """

    def __init__(self, name: str | None = None) -> None:
        if name is None:
            name = dtype_policy().name
        if not isinstance(name, str):
            raise TypeError(f"DTypePolicy expected a string name, received {name!r}.")
        if name in _MIXED:
            self._compute_dtype = _MIXED[name]
            self._variable_dtype = "float32"
        else:
            try:
                self._compute_dtype = self._variable_dtype = dtypes.standardize_dtype(name)
            except ValueError:
                raise ValueError(
                    f"DTypePolicy: unknown policy {name!r}. Use a dtype name such as 'float32' "
                    "or 'bfloat16', or 'mixed_float16' / 'mixed_bfloat16'."
                ) from None
        self._name = name

    @property
    def name(self) -> str:
        return self._name

    @property
    def compute_dtype(self) -> str:
        return self._compute_dtype

    @property
    def variable_dtype(self) -> str:
        return self._variable_dtype

    @property
    def quantization_mode(self) -> None:
        """None: lamina has no quantized policies yet (Keras's attribute, for compatibility)."""
        return None

    def __repr__(self) -> str:
        return f'<DTypePolicy "{self._name}">'

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DTypePolicy) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self._name)

    def get_config(self) -> dict:
        return {"name": self._name}

    @classmethod
    def from_config(cls, config: dict) -> DTypePolicy:
        return cls(**config)


def get(identifier: Any) -> DTypePolicy:
    """Returns the DTypePolicy for a name, a policy, a serialized policy dict, or None (global).

    Example:
        >>> import lamina
        >>> lamina.dtype_policies.get("mixed_float16").compute_dtype
        'float16'
    """
    if isinstance(identifier, DTypePolicy):
        return identifier
    if identifier is None:
        return dtype_policy()
    if isinstance(identifier, dict):
        if identifier.get("class_name") not in ("DTypePolicy", "FloatDTypePolicy"):
            raise ValueError(
                f"dtype_policies.get: expected a serialized DTypePolicy, received {identifier!r}."
            )
        return DTypePolicy.from_config(identifier.get("config", {}))
    return DTypePolicy(
        dtypes.standardize_dtype(identifier) if not isinstance(identifier, str) else identifier
    )


def serialize(policy: DTypePolicy) -> dict:
    """Returns the Keras 3 form of `policy`: `{"module", "class_name", "config", ...}`.

    Example:
        >>> import lamina
        >>> lamina.dtype_policies.serialize(lamina.dtype_policies.DTypePolicy("float16"))["config"]
        {'name': 'float16'}
    """
    return {
        "module": "keras",
        "class_name": "DTypePolicy",
        "config": policy.get_config(),
        "registered_name": None,
    }


def deserialize(config: Any, custom_objects: dict | None = None) -> DTypePolicy:
    """Returns the policy described by `serialize`'s output, a policy name or a policy.

    Example:
        >>> import lamina
        >>> policy = lamina.dtype_policies.DTypePolicy("mixed_float16")
        >>> lamina.dtype_policies.deserialize(lamina.dtype_policies.serialize(policy)).name
        'mixed_float16'
    """
    del custom_objects  # Only lamina's own policy class exists.
    if config is None:
        raise ValueError(
            "dtype_policies.deserialize expected a serialized DTypePolicy or a policy name, "
            "received None."
        )
    return get(config)


def set_dtype_policy(policy: Any) -> None:
    """Sets the policy layers get when they are created without `dtype=`.

    Example:
        >>> import lamina
        >>> lamina.dtype_policies.set_dtype_policy("mixed_bfloat16")
        >>> lamina.dtype_policies.dtype_policy().compute_dtype
        'bfloat16'
        >>> lamina.dtype_policies.set_dtype_policy(None)
    """
    global _global_policy
    _global_policy = None if policy is None else get(policy)


def dtype_policy() -> DTypePolicy:
    """Returns the global policy (`floatx()` unless `set_dtype_policy` chose another).

    Example:
        >>> import lamina
        >>> lamina.dtype_policies.dtype_policy().name
        'float32'
    """
    if _global_policy is not None:
        return _global_policy
    return DTypePolicy(config.floatx())
