"""Jax backend: manipulation ops."""
