"""JAX backend: image ops (see the convolutional-networks issue)."""
