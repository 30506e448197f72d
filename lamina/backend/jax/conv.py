"""Jax backend: conv ops."""
