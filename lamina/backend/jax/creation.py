"""Jax backend: creation ops."""
