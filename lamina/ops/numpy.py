"""`lamina.ops.numpy`: the numpy-like ops, as Keras groups them under `keras.ops.numpy`.

The ops live in topical modules (elementwise, creation, linear, reductions, manipulation,
indexing); this module only gathers them.
"""

from lamina.ops.creation import *  # noqa: F403
from lamina.ops.elementwise import *  # noqa: F403
from lamina.ops.indexing import *  # noqa: F403
from lamina.ops.linear import *  # noqa: F403
from lamina.ops.manipulation import *  # noqa: F403
from lamina.ops.reductions import *  # noqa: F403
