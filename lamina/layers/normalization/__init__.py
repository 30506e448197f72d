"""Normalization layers: batch, layer, group, unit and RMS normalization."""
