"""Torch backend: linalg ops."""
