"""Jax backend: the numpy-like op set, gathered from its topical modules.

A namespace only (as `keras.backend.numpy` is): star imports are how it stays in step with the
modules it gathers.
"""

from lamina.backend.jax.core import cast as cast  # noqa: F401
from lamina.backend.jax.core import convert_to_numpy as convert_to_numpy  # noqa: F401
from lamina.backend.jax.creation import *  # noqa: F403
from lamina.backend.jax.elementwise import *  # noqa: F403
from lamina.backend.jax.indexing import *  # noqa: F403
from lamina.backend.jax.linear import *  # noqa: F403
from lamina.backend.jax.manipulation import *  # noqa: F403
from lamina.backend.jax.reductions import *  # noqa: F403
