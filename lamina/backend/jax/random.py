"""Jax backend: random ops."""
