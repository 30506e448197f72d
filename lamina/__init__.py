"""lamina: one Keras-compatible deep-learning API on PyTorch, JAX and NumPy.

Example:
    >>> import lamina
    >>> lamina.ops.shape(lamina.ops.add(lamina.ops.exp([0.0, 0.0]), 1.0))
    (2,)
"""

from lamina import backend as backend
from lamina import config as config
from lamina import ops as ops
from lamina import random as random
from lamina import utils as utils
from lamina.backend import StatelessScope as StatelessScope
from lamina.backend import SymbolicTensor as SymbolicTensor
from lamina.backend import Variable as Variable
from lamina.backend import device as device
from lamina.backend import name_scope as name_scope

__version__ = "0.1.0"
version = __version__

__all__ = [
    "StatelessScope",
    "SymbolicTensor",
    "Variable",
    "backend",
    "config",
    "device",
    "name_scope",
    "ops",
    "random",
    "utils",
    "version",
]
