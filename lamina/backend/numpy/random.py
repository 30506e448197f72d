"""Numpy backend: random ops."""
