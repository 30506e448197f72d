"""Jax backend: attention ops."""
