"""NumPy backend: image ops (see the convolutional-networks issue)."""
