"""Numpy backend: nn ops."""
