"""Torch backend: the numpy-like op set, gathered from its topical modules.

A namespace only (as `keras.backend.numpy` is): star imports are how it stays in step with the
modules it gathers.
"""

from lamina.backend.torch.core import cast as cast  # noqa: F401
from lamina.backend.torch.core import convert_to_numpy as convert_to_numpy  # noqa: F401
from lamina.backend.torch.creation import *  # noqa: F403
from lamina.backend.torch.elementwise import *  # noqa: F403
from lamina.backend.torch.indexing import *  # noqa: F403
from lamina.backend.torch.linear import *  # noqa: F403
from lamina.backend.torch.manipulation import *  # noqa: F403
from lamina.backend.torch.reductions import *  # noqa: F403
