"""Manipulation ops."""
