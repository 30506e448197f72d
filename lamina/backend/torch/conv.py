"""Torch backend: conv ops."""
