"""Torch backend: nn ops."""
