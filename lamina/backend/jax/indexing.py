"""Jax backend: indexing ops."""
