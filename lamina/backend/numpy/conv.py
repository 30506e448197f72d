"""Numpy backend: conv ops."""
