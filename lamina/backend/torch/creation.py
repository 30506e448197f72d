"""Torch backend: creation ops."""
