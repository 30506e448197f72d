"""lamina: one Keras-compatible deep-learning API on PyTorch, JAX and NumPy.

Example:
    >>> import lamina
    >>> lamina.ops.shape(lamina.ops.add(lamina.ops.exp([0.0, 0.0]), 1.0))
    (2,)
"""

from lamina import activations as activations
from lamina import applications as applications
from lamina import backend as backend
from lamina import callbacks as callbacks
from lamina import config as config
from lamina import constraints as constraints
from lamina import dtype_policies as dtype_policies
from lamina import initializers as initializers
from lamina import layers as layers
from lamina import losses as losses
from lamina import metrics as metrics
from lamina import mixed_precision as mixed_precision
from lamina import models as models
from lamina import ops as ops
from lamina import optimizers as optimizers
from lamina import random as random
from lamina import regularizers as regularizers
from lamina import saving as saving
from lamina import utils as utils
from lamina.backend import StatelessScope as StatelessScope
from lamina.backend import SymbolicTensor as SymbolicTensor
from lamina.backend import Variable as Variable
from lamina.backend import device as device
from lamina.backend import name_scope as name_scope
from lamina.layers import Input as Input
from lamina.models import Model as Model
from lamina.models import Sequential as Sequential

__version__ = "0.1.0"
version = __version__

__all__ = [
    "Input",
    "Model",
    "Sequential",
    "StatelessScope",
    "SymbolicTensor",
    "Variable",
    "activations",
    "applications",
    "backend",
    "callbacks",
    "config",
    "constraints",
    "dtype_policies",
    "initializers",
    "layers",
    "losses",
    "metrics",
    "mixed_precision",
    "models",
    "device",
    "name_scope",
    "ops",
    "optimizers",
    "random",
    "regularizers",
    "saving",
    "utils",
    "version",
]
