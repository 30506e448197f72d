"""Torch backend: math ops."""
