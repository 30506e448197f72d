"""`lamina.ops.math`: see the functions below."""
