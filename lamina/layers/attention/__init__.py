"""Attention layers: dot-product (Luong) and additive (Bahdanau) attention over a query and
a value sequence, multi-head attention and grouped-query attention."""
