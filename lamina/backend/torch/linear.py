"""Torch backend: linear ops."""
