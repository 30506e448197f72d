"""Torch backend: indexing ops."""
