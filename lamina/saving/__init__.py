"""`lamina.saving`: weights files in the Keras 3 layout, written crash-safely."""

from lamina.saving.weights_file import load_weights as load_weights
from lamina.saving.weights_file import save_weights as save_weights

__all__ = ["load_weights", "save_weights"]
