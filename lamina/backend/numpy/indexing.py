"""Numpy backend: indexing ops."""
