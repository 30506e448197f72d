"""Numpy backend: math ops."""
