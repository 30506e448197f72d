"""Torch backend: manipulation ops."""
