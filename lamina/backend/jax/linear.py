"""Jax backend: linear ops."""
