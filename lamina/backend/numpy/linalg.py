"""Numpy backend: linalg ops."""
