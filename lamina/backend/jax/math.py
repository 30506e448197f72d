"""Jax backend: math ops."""
