"""`lamina.initializers`: Keras 3's initializers, which fill new variables with starting
values, plus `get`, `serialize` and `deserialize` to refer to them by name.

The import lines and `__all__` are kept by hand: a new initializer adds a line to each and an
entry in `registry.BUILTIN_INITIALIZERS`.

Example:
    >>> import lamina
    >>> init = lamina.initializers.get("glorot_uniform")
    >>> lamina.ops.shape(init((3, 4)))
    (3, 4)
"""

from lamina.initializers.constant_initializers import Constant as Constant
from lamina.initializers.constant_initializers import Constant as constant
from lamina.initializers.constant_initializers import Identity as Identity
from lamina.initializers.constant_initializers import Identity as IdentityInitializer
from lamina.initializers.constant_initializers import Identity as identity
from lamina.initializers.constant_initializers import Ones as Ones
from lamina.initializers.constant_initializers import Ones as ones
from lamina.initializers.constant_initializers import Zeros as Zeros
from lamina.initializers.constant_initializers import Zeros as zeros
from lamina.initializers.initializer import Initializer as Initializer
from lamina.initializers.random_initializers import Orthogonal as Orthogonal
from lamina.initializers.random_initializers import Orthogonal as OrthogonalInitializer
from lamina.initializers.random_initializers import Orthogonal as orthogonal
from lamina.initializers.random_initializers import RandomNormal as RandomNormal
from lamina.initializers.random_initializers import RandomNormal as random_normal
from lamina.initializers.random_initializers import RandomUniform as RandomUniform
from lamina.initializers.random_initializers import RandomUniform as random_uniform
from lamina.initializers.random_initializers import TruncatedNormal as TruncatedNormal
from lamina.initializers.random_initializers import TruncatedNormal as truncated_normal
from lamina.initializers.registry import deserialize as deserialize
from lamina.initializers.registry import get as get
from lamina.initializers.registry import serialize as serialize
from lamina.initializers.variance_scaling import GlorotNormal as GlorotNormal
from lamina.initializers.variance_scaling import GlorotNormal as glorot_normal
from lamina.initializers.variance_scaling import GlorotUniform as GlorotUniform
from lamina.initializers.variance_scaling import GlorotUniform as glorot_uniform
from lamina.initializers.variance_scaling import HeNormal as HeNormal
from lamina.initializers.variance_scaling import HeNormal as he_normal
from lamina.initializers.variance_scaling import HeUniform as HeUniform
from lamina.initializers.variance_scaling import HeUniform as he_uniform
from lamina.initializers.variance_scaling import LecunNormal as LecunNormal
from lamina.initializers.variance_scaling import LecunNormal as lecun_normal
from lamina.initializers.variance_scaling import LecunUniform as LecunUniform
from lamina.initializers.variance_scaling import LecunUniform as lecun_uniform
from lamina.initializers.variance_scaling import VarianceScaling as VarianceScaling
from lamina.initializers.variance_scaling import VarianceScaling as variance_scaling

__all__ = [
    "Constant",
    "GlorotNormal",
    "GlorotUniform",
    "HeNormal",
    "HeUniform",
    "Identity",
    "IdentityInitializer",
    "Initializer",
    "LecunNormal",
    "LecunUniform",
    "Ones",
    "Orthogonal",
    "OrthogonalInitializer",
    "RandomNormal",
    "RandomUniform",
    "TruncatedNormal",
    "VarianceScaling",
    "Zeros",
    "constant",
    "deserialize",
    "get",
    "glorot_normal",
    "glorot_uniform",
    "he_normal",
    "he_uniform",
    "identity",
    "lecun_normal",
    "lecun_uniform",
    "ones",
    "orthogonal",
    "random_normal",
    "random_uniform",
    "serialize",
    "truncated_normal",
    "variance_scaling",
    "zeros",
]
