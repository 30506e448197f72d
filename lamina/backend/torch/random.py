"""Torch backend: random ops."""
