"""`lamina.constraints`: Keras 3's weight constraints, plus `get`, `serialize` and
`deserialize` to refer to them by name.

The import lines and `__all__` are kept by hand: a new constraint adds a line to each and an
entry in `registry.BUILTIN_CONSTRAINTS`.

Example:
    >>> import lamina
    >>> constraint = lamina.constraints.get("non_neg")
    >>> lamina.ops.convert_to_numpy(constraint(lamina.ops.convert_to_tensor([-2.0, 3.0]))).tolist()
    [0.0, 3.0]
"""

from lamina.constraints.constraints import Constraint as Constraint
from lamina.constraints.constraints import MaxNorm as MaxNorm
from lamina.constraints.constraints import MaxNorm as max_norm
from lamina.constraints.constraints import MinMaxNorm as MinMaxNorm
from lamina.constraints.constraints import MinMaxNorm as min_max_norm
from lamina.constraints.constraints import NonNeg as NonNeg
from lamina.constraints.constraints import NonNeg as non_neg
from lamina.constraints.constraints import UnitNorm as UnitNorm
from lamina.constraints.constraints import UnitNorm as unit_norm
from lamina.constraints.registry import deserialize as deserialize
from lamina.constraints.registry import get as get
from lamina.constraints.registry import serialize as serialize

__all__ = [
    "Constraint",
    "MaxNorm",
    "MinMaxNorm",
    "NonNeg",
    "UnitNorm",
    "deserialize",
    "get",
    "max_norm",
    "min_max_norm",
    "non_neg",
    "serialize",
    "unit_norm",
]
