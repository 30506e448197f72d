"""`lamina.dtype_policies`: which dtypes layers store their variables in and compute in."""

from lamina.dtype_policies.dtype_policy import DTypePolicy as DTypePolicy
from lamina.dtype_policies.dtype_policy import deserialize as deserialize
from lamina.dtype_policies.dtype_policy import dtype_policy as dtype_policy
from lamina.dtype_policies.dtype_policy import get as get
from lamina.dtype_policies.dtype_policy import serialize as serialize
from lamina.dtype_policies.dtype_policy import set_dtype_policy as set_dtype_policy

__all__ = ["DTypePolicy", "deserialize", "dtype_policy", "get", "serialize", "set_dtype_policy"]
