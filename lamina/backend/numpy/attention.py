"""Numpy backend: attention ops."""
