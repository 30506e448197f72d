"""Torch backend: recurrent kernels (see the recurrent-networks issue)."""
