"""Numpy backend: creation ops."""
