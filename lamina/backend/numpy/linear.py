"""Numpy backend: linear ops."""
