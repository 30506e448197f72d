"""Creation ops."""
