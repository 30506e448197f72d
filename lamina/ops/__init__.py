"""`lamina.ops`: the public op set. Each op runs on the active backend or, given SymbolicTensors,
returns the output's spec.

Each block below is kept by hand, one line per public name; `__all__` is built from the blocks.
"""

from lamina.ops import core as core
from lamina.ops import linalg as linalg
from lamina.ops import math as math
from lamina.ops import nn as nn
from lamina.ops import numpy as numpy

# --- core ---------------------------------------------------------------------------------------
from lamina.ops.core import cast as cast
from lamina.ops.core import convert_to_numpy as convert_to_numpy
from lamina.ops.core import convert_to_tensor as convert_to_tensor
from lamina.ops.core import dtype as dtype
from lamina.ops.core import is_tensor as is_tensor
from lamina.ops.core import shape as shape

# --- end core -----------------------------------------------------------------------------------
# --- elementwise --------------------------------------------------------------------------------
from lamina.ops.elementwise import add as add
from lamina.ops.elementwise import exp as exp
from lamina.ops.elementwise import multiply as multiply

# --- end elementwise ----------------------------------------------------------------------------
# --- creation -----------------------------------------------------------------------------------
# --- end creation -------------------------------------------------------------------------------
# --- linear -------------------------------------------------------------------------------------
# --- end linear ---------------------------------------------------------------------------------
# --- reductions ---------------------------------------------------------------------------------
from lamina.ops.reductions import sum as sum

# --- end reductions -----------------------------------------------------------------------------

# --- manipulation -------------------------------------------------------------------------------
# --- end manipulation ---------------------------------------------------------------------------

# --- indexing -----------------------------------------------------------------------------------
# --- end indexing -------------------------------------------------------------------------------

# --- nn -----------------------------------------------------------------------------------------
# --- end nn -------------------------------------------------------------------------------------

# --- conv ---------------------------------------------------------------------------------------
# --- end conv -----------------------------------------------------------------------------------

# --- attention --------------------------------------------------------------------------------
# --- end attention ----------------------------------------------------------------------------

# --- math ---------------------------------------------------------------------------------------
# --- end math -----------------------------------------------------------------------------------

# --- linalg -------------------------------------------------------------------------------------
# --- end linalg ---------------------------------------------------------------------------------

__all__ = sorted(
    name
    for name, value in dict(globals()).items()
    if not name.startswith("_") and getattr(value, "__module__", "").startswith("lamina.ops.")
)
