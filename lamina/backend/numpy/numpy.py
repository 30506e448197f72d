"""Numpy backend: the numpy-like op set, gathered from its topical modules.

A namespace only (as `keras.backend.numpy` is): star imports are how it stays in step with the
modules it gathers.
"""

from lamina.backend.numpy.core import cast as cast  # noqa: F401
from lamina.backend.numpy.core import convert_to_numpy as convert_to_numpy  # noqa: F401
from lamina.backend.numpy.creation import *  # noqa: F403
from lamina.backend.numpy.elementwise import *  # noqa: F403
from lamina.backend.numpy.indexing import *  # noqa: F403
from lamina.backend.numpy.linear import *  # noqa: F403
from lamina.backend.numpy.manipulation import *  # noqa: F403
from lamina.backend.numpy.reductions import *  # noqa: F403
