"""`lamina.regularizers`: Keras 3's weight penalties, plus `get`, `serialize` and
`deserialize` to refer to them by name.

The import lines and `__all__` are kept by hand: a new regularizer adds a line to each and an
entry in `registry.BUILTIN_REGULARIZERS`.

Example:
    >>> import lamina
    >>> regularizer = lamina.regularizers.get({"class_name": "L1", "config": {"l1": 2.0}})
    >>> float(regularizer(lamina.ops.convert_to_tensor([1.0, -1.0])))
    4.0
"""

from lamina.regularizers.registry import deserialize as deserialize
from lamina.regularizers.registry import get as get
from lamina.regularizers.registry import serialize as serialize
from lamina.regularizers.regularizers import L1 as L1
from lamina.regularizers.regularizers import L1 as l1
from lamina.regularizers.regularizers import L1L2 as L1L2
from lamina.regularizers.regularizers import L1L2 as l1_l2
from lamina.regularizers.regularizers import L2 as L2
from lamina.regularizers.regularizers import L2 as l2
from lamina.regularizers.regularizers import OrthogonalRegularizer as OrthogonalRegularizer
from lamina.regularizers.regularizers import OrthogonalRegularizer as orthogonal_regularizer
from lamina.regularizers.regularizers import Regularizer as Regularizer

__all__ = [
    "L1",
    "L1L2",
    "L2",
    "OrthogonalRegularizer",
    "Regularizer",
    "deserialize",
    "get",
    "l1",
    "l1_l2",
    "l2",
    "orthogonal_regularizer",
    "serialize",
]
