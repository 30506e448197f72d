"""`lamina.ops.nn`: see the functions below."""
