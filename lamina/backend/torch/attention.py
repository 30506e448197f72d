"""Torch backend: attention ops."""
