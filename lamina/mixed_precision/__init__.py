"""Mixed precision, under the names of Keras's `keras.mixed_precision` namespace.

`set_global_policy("mixed_float16")` makes layers compute in float16 with float32 weights, and
`compile` then wraps the optimizer in a `LossScaleOptimizer`.

Example:
    >>> import lamina
    >>> lamina.mixed_precision.set_global_policy("mixed_bfloat16")
    >>> lamina.mixed_precision.global_policy().compute_dtype
    'bfloat16'
    >>> lamina.mixed_precision.set_global_policy("float32")
"""

from lamina.dtype_policies.dtype_policy import DTypePolicy as DTypePolicy
from lamina.dtype_policies.dtype_policy import DTypePolicy as Policy
from lamina.dtype_policies.dtype_policy import dtype_policy as dtype_policy
from lamina.dtype_policies.dtype_policy import dtype_policy as global_policy
from lamina.dtype_policies.dtype_policy import set_dtype_policy as set_dtype_policy
from lamina.dtype_policies.dtype_policy import set_dtype_policy as set_global_policy
from lamina.optimizers.loss_scale_optimizer import LossScaleOptimizer as LossScaleOptimizer

__all__ = [
    "DTypePolicy",
    "LossScaleOptimizer",
    "Policy",
    "dtype_policy",
    "global_policy",
    "set_dtype_policy",
    "set_global_policy",
]
