"""Jax backend: linalg ops."""
