"""Layers that merge a list of tensors: Add, Concatenate, Dot, ..."""
