"""`lamina.activations`: Keras 3's activation functions, plus `get`, `serialize` and
`deserialize` to refer to them by name.

The import lines and `__all__` are kept by hand: a new activation adds one line to each and an
entry in `registry._CANONICAL`.

Example:
    >>> import lamina
    >>> y = lamina.activations.get("relu")([-1.0, 2.0])
    >>> lamina.ops.convert_to_numpy(y).tolist()
    [0.0, 2.0]
"""

from lamina.activations.activations import celu as celu
from lamina.activations.activations import elu as elu
from lamina.activations.activations import exponential as exponential
from lamina.activations.activations import gelu as gelu
from lamina.activations.activations import glu as glu
from lamina.activations.activations import hard_sigmoid as hard_sigmoid
from lamina.activations.activations import hard_silu as hard_silu
from lamina.activations.activations import hard_swish as hard_swish
from lamina.activations.activations import leaky_relu as leaky_relu
from lamina.activations.activations import linear as linear
from lamina.activations.activations import log_sigmoid as log_sigmoid
from lamina.activations.activations import log_softmax as log_softmax
from lamina.activations.activations import mish as mish
from lamina.activations.activations import relu as relu
from lamina.activations.activations import relu6 as relu6
from lamina.activations.activations import selu as selu
from lamina.activations.activations import sigmoid as sigmoid
from lamina.activations.activations import silu as silu
from lamina.activations.activations import softmax as softmax
from lamina.activations.activations import softplus as softplus
from lamina.activations.activations import softsign as softsign
from lamina.activations.activations import swish as swish
from lamina.activations.activations import tanh as tanh
from lamina.activations.activations import tanh_shrink as tanh_shrink
from lamina.activations.piecewise import hard_shrink as hard_shrink
from lamina.activations.piecewise import hard_tanh as hard_tanh
from lamina.activations.piecewise import soft_shrink as soft_shrink
from lamina.activations.piecewise import sparse_plus as sparse_plus
from lamina.activations.piecewise import sparse_sigmoid as sparse_sigmoid
from lamina.activations.piecewise import sparsemax as sparsemax
from lamina.activations.piecewise import squareplus as squareplus
from lamina.activations.piecewise import threshold as threshold
from lamina.activations.registry import deserialize as deserialize
from lamina.activations.registry import get as get
from lamina.activations.registry import serialize as serialize

__all__ = [
    "celu",
    "deserialize",
    "elu",
    "exponential",
    "gelu",
    "get",
    "glu",
    "hard_shrink",
    "hard_sigmoid",
    "hard_silu",
    "hard_swish",
    "hard_tanh",
    "leaky_relu",
    "linear",
    "log_sigmoid",
    "log_softmax",
    "mish",
    "relu",
    "relu6",
    "selu",
    "serialize",
    "sigmoid",
    "silu",
    "soft_shrink",
    "softmax",
    "softplus",
    "softsign",
    "sparse_plus",
    "sparse_sigmoid",
    "sparsemax",
    "squareplus",
    "swish",
    "tanh",
    "tanh_shrink",
    "threshold",
]
