"""`lamina.layers`: the building blocks of models.

Hand-kept: one import line per public name, grouped by kind, and `__all__` below.
"""

# --- core ---------------------------------------------------------------------------------------
from lamina.layers.core.dense import Dense as Dense
from lamina.layers.core.input_layer import Input as Input
from lamina.layers.core.input_layer import InputLayer as InputLayer
from lamina.layers.input_spec import InputSpec as InputSpec
from lamina.layers.layer import Layer as Layer
from lamina.layers.serialization import deserialize as deserialize
from lamina.layers.serialization import serialize as serialize

# --- end core -----------------------------------------------------------------------------------

# --- regularization -----------------------------------------------------------------------------
# --- end regularization -------------------------------------------------------------------------

# --- reshaping ----------------------------------------------------------------------------------
# --- end reshaping ------------------------------------------------------------------------------

# --- merging ------------------------------------------------------------------------------------
# --- end merging --------------------------------------------------------------------------------

# --- normalization ------------------------------------------------------------------------------
# --- end normalization --------------------------------------------------------------------------

# --- activations --------------------------------------------------------------------------------
# --- end activations ----------------------------------------------------------------------------

__all__ = sorted(
    name
    for name, value in dict(globals()).items()
    if not name.startswith("_") and getattr(value, "__module__", "").startswith("lamina.layers.")
)
