"""Jax backend: nn ops."""
