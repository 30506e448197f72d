"""`lamina.ops.linalg`: see the functions below."""
