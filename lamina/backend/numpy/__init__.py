"""The NumPy backend: every op, for inference only (no gradients)."""
