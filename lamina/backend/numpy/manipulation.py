"""Numpy backend: manipulation ops."""
